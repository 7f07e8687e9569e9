"""``python -m assistant`` runs the ``coop`` command line."""

import sys

from .cli import main

sys.exit(main())
