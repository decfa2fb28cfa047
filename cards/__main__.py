"""`python -m cards`: the same as the `drillcards` command."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while Python is still loading: nothing was written yet
    print("\ninterrupted before anything was written", file=sys.stderr)
    sys.exit(130)

main()
