"""One open worksheet in the window: the Document, its editor, undo commands and news."""
