"""The analysis itself: worksheet model, scoring, sensitivity, consensus.

Nothing in this package may import Qt or SQLAlchemy (tests/domain/test_layers.py).
"""
