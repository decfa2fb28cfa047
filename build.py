"""Run the drillcards CLI from a checkout: `python build.py cards`, same as `drillcards cards`."""

import sys

if __name__ == "__main__":
    try:
        from cards.cli import main
    except KeyboardInterrupt:  # Ctrl-C while Python is still loading: nothing was written yet
        print("\ninterrupted before anything was written", file=sys.stderr)
        sys.exit(130)
    main()
