"""The analyst's disk: atomic writes, locks, working copies, recovery."""
