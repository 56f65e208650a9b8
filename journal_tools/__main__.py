"""Run the command line interface with ``python -m journal_tools``."""

from journal_tools.cli import main

main()
