"""Reading what the user gives: drills, club file, printed words; every problem with its place."""
