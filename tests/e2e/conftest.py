"""The Xvfb display for the real-window tests."""

from tests.e2e.xwindow import display  # noqa: F401  (a fixture)
