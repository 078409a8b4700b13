"""Import of hostile files (issue 9) against ordinary ones of the same size: time and peak memory.

Each import is ``ach-workbench import`` in a process of its own, run by a small
parent whose ``RUSAGE_CHILDREN`` holds only its peak.  Prints, per file, the
size, the seconds, the peak memory, its ratio to the file's size and the exit
status, then each hostile file's time as a ratio of the ordinary file of its kind.
Run: .venv/bin/python bench/bench_import_hostile.py  (writes some 400 MB to a temporary folder)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_worksheet import worksheet_json

REPO = Path(__file__).resolve().parent.parent
MB = 1_000_000
SIZE = 50 * MB
HEAD = '{"format": "ach-worksheet", "version": 1, "hypotheses": [], "evidence": [], "x": '

PEAK = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "app", *sys.argv[1:]], capture_output=True)
sys.stdout.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024))
sys.exit(done.returncode)
"""


def ordinary_csv(size: int) -> bytes:
    """50,000 items with descriptions of some 900 characters, as a spreadsheet saves them."""
    rows = 50_000
    text = "A description, as an analyst writes it. " * (size // rows // 41)
    head = "title,description,source,date,credibility\r\n"
    body = (f'item {i},"{text}",Agency report,2023-11-09,high\r\n' for i in range(rows))
    return (head + "".join(body)).encode()


def ordinary_json(size: int) -> bytes:
    items, hyps = 5_000, 30
    text = worksheet_json(items, hyps)
    while len(text) < size:  # 5,000 x 100 is some 31 MB; more hypotheses make up the rest
        hyps += 20
        text = worksheet_json(items, hyps)
    return text.encode()


FILES = {
    "ordinary.csv": lambda: ordinary_csv(SIZE),
    "blank-lines.csv": lambda: b"title\n" + b"\n" * SIZE + b"x\n",
    "commas.csv": lambda: b"title\n" + b",\n" * (9_000_000) + b"x\n",
    "wide-header.csv": lambda: b"title" + b",ab" * (SIZE // 3) + b"\nx\n",
    "long-row.csv": lambda: b"title\n" + b"ab," * (SIZE // 3) + b"\n",
    "ordinary.json": lambda: ordinary_json(SIZE),
    "short-strings.json": lambda: (HEAD + "[" + '"ab",' * (SIZE // 5) + '"ab"]}').encode(),
    "floats.json": lambda: (HEAD + "[" + "1.5," * (SIZE // 4) + "1]}").encode(),
    "one-object.json": lambda: (HEAD + "{" + '"k":"ab",' * (SIZE // 9) + '"k":"ab"}}').encode(),
    "empty-objects.json": lambda: (HEAD + "[" + "{}," * (SIZE // 3) + "{}]}").encode(),
    "matrix.csv": None,  # the matrix export of ordinary.json, for a spreadsheet
}


def measure(src: Path, out: Path) -> tuple[float, int, int]:
    """``import SRC -o OUT``: seconds, the peak memory in bytes, the exit status."""
    return measure_command("import", str(src), "-o", str(out), "--force")


def measure_command(*args: str) -> tuple[float, int, int]:
    """``ach-workbench ARGS`` in a process of its own: seconds, peak bytes, exit status."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *args], cwd=REPO, capture_output=True, check=False
    )
    return time.perf_counter() - start, int(done.stdout), done.returncode


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results: dict[str, tuple[int, float, int, int]] = {}
        for name, make in FILES.items():
            src = folder / name
            if make is None:  # the matrix export of the ordinary worksheet
                subprocess.run(
                    [sys.executable, "-m", "app", "export", str(folder / "ordinary.json"),
                     "--format", "csv", "-o", str(src)],
                    cwd=REPO, check=True, capture_output=True,
                )  # fmt: skip
            else:
                src.write_bytes(make())
            seconds, peak, status = measure(src, folder / "out.achw")
            results[name] = (src.stat().st_size, seconds, peak, status)
            if name != "ordinary.json":  # kept for the matrix
                src.unlink()
        print(f"{'file':<20}{'MB':>8}{'seconds':>9}{'peak MB':>9}{'peak/size':>10}{'exit':>6}")
        for name, (size, seconds, peak, status) in results.items():
            mb, ratio = size / MB, peak / size
            print(f"{name:<20}{mb:>8.1f}{seconds:>9.2f}{peak / MB:>9.0f}{ratio:>10.1f}{status:>6}")
        print()
        for kind in ("csv", "json"):
            base = results[f"ordinary.{kind}"][1]
            for name, (_size, seconds, _peak, _status) in results.items():
                if name.endswith(kind) and not name.startswith("ordinary"):
                    print(f"{name:<20} time / ordinary.{kind}: {seconds / base:.2f}")


if __name__ == "__main__":
    main()
