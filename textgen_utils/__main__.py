"""``python -m textgen_utils``: see :mod:`textgen_utils.cli`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
