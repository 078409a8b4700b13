"""The main window and its controllers: files, import and export, pages, actions."""
