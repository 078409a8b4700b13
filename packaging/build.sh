#!/usr/bin/env bash
# Builds ACH Workbench as a one-folder program with PyInstaller:
#   packaging/dist/ach-workbench/   (Linux: run ./ach-workbench; ./install-desktop.sh adds
#                                    the menu entry and the .achw file type for this user)
# Usage: packaging/build.sh            with PYTHON=path/to/python to choose the environment
#        (default: .venv/bin/python when there is one, else python3).  The environment needs
#        the program's dependencies and PyInstaller: pip install -e '.[test]' has both.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)

if [ -z "${PYTHON:-}" ]; then
  if [ -x "$root/.venv/bin/python" ]; then PYTHON=$root/.venv/bin/python; else PYTHON=python3; fi
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  echo "build.sh: PyInstaller is missing from $PYTHON's environment: $PYTHON -m pip install pyinstaller" >&2
  exit 1
fi

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build ach-workbench.spec
program=dist/ach-workbench/ach-workbench
[ -x "$program" ] || program=dist/ach-workbench/ach-workbench-cli.exe
"$program" --version
echo "Built packaging/dist/ach-workbench/ in $(( $(date +%s) - start )) s ($(du -sh dist/ach-workbench | cut -f1))."
