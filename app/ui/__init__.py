"""The desktop window (PySide6): document, table models, panels, actions."""
