"""Dialogs the window opens: file questions, compare, consensus, notes, help, busy, crash."""
