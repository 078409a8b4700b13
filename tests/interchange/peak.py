"""The peak memory of ``ach-workbench import`` in a process of its own.

The import runs as the child of a small parent process, whose
``RUSAGE_CHILDREN`` then holds only its peak (``ru_maxrss``): no other test's
child counts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import REPO

_PEAK = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "app", *sys.argv[1:]], capture_output=True)
sys.stdout.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024))
sys.stderr.write(done.stderr.decode("utf-8"))
sys.exit(done.returncode)
"""

# What the program itself takes, loaded, to import a file of a few bytes is some 60 MB.
PROGRAM = 100_000_000


def import_peak(src: Path, out: Path) -> tuple[int, subprocess.CompletedProcess[bytes]]:
    """The peak memory (bytes) of the import of ``src``, and the run (its stderr the CLI's)."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, "import", str(src), "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        timeout=300,
        check=False,
    )
    return int(done.stdout), done
