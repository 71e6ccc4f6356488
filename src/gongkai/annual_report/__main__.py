"""``python -m gongkai.annual_report …`` is ``gongkai report …`` without Django."""

import sys

from .cli import main

sys.exit(main(sys.argv[1:]))
