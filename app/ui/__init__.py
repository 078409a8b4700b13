"""The desktop window (PySide6).

Importing this package applies the probed PySide6 work-arounds of
``pyside_fixes`` before any window code can emit a signal.
"""

from app.ui import pyside_fixes

pyside_fixes.install()
