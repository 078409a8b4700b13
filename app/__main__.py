"""``python -m app``: the same as the ``ach-workbench`` command."""

from app.cli import main

raise SystemExit(main())
