"""`python -m trustlaw` → the command line (same as the `trustlaw` command)."""

import sys

from .cli import main

if __name__ == "__main__":  # not when a worker process of a batch imports it
    sys.exit(main())
