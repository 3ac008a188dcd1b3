"""`python -m trustlaw` → the command line (same as the `trustlaw` command)."""

import sys

from .cli import main

sys.exit(main())
