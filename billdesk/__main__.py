"""``python -m billdesk`` and the frozen desktop build's entry point."""

import multiprocessing

from billdesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # PDF export uses spawned worker processes
    raise SystemExit(main())
