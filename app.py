"""Launch the Coop'Assistant web interface: ``python app.py`` → http://127.0.0.1:7860/.

Every setting comes from the environment (``COOP_INDEX_DIR``, ``COOP_HOST``, ``COOP_PORT``…);
see :mod:`assistant.settings`. The ``coop serve`` command calls the same
:func:`assistant.ui.launch`.
"""

from __future__ import annotations

import logging
import sys

from assistant.errors import CoopError
from assistant.settings import Settings


def main() -> int:
    """Build the settings from the environment and serve the interface until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
    except CoopError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    from assistant.ui import launch

    launch(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
