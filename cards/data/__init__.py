"""Reading what the user gives: drills, the club file, printed words; every problem with its place."""
