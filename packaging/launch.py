"""Entry script of the frozen program (packaging/ach-workbench.spec): the ``ach-workbench`` command.

A script of its own rather than ``app/__main__.py``, so that PyInstaller does
not put ``app/`` itself on its search path, where ``app/cli/`` and friends
would look like top-level modules.
"""

from app.cli import main

raise SystemExit(main())
