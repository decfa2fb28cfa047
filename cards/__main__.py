"""`python -m cards`: the same as the `drillcards` command."""

from .cli import main

main()
