"""Run the drillcards CLI from a checkout: `python build.py cards`, same as `drillcards cards`."""

from cards.cli import main

if __name__ == "__main__":
    main()
