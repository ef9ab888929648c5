"""Start DHR Desk: `python main.py` opens the app; with arguments it is the `dhrdesk` CLI."""

from dhrdesk.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
