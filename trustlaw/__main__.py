"""`python -m trustlaw` → the command line (same as the `trustlaw` command)."""

import sys

from .cli import main

if __name__ == "__main__":  # not when imported (a multiprocessing worker imports it)
    sys.exit(main())
