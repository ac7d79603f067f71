"""Run as `python -m iraqrel`."""

from iraqrel.cli import main

main()
