"""ACH Workbench: Analysis of Competing Hypotheses on the desktop."""

__version__ = "0.1.0"
