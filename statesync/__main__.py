"""``python -m statesync``."""

from statesync.cli import main

main()
