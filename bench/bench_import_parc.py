"""Import of PARC ACH projects (.achz): an ordinary 5,000-item project and hostile ones.

Each import is ``ach-workbench import`` in a process of its own (see
bench_import_hostile.py: the peak is the child's).  Prints, per file, the
compressed size, the seconds, the peak memory and the exit status, then each
hostile file's time as a ratio of the ordinary project's.
Run: .venv/bin/python bench/bench_import_parc.py
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import_hostile import MB, measure

from tests.interchange.parc_files import Item, Matrix, achz, project_xml

TOKENS = ["I I", "I", "N", "C", "C C", "NA", ""]


def ordinary(items: int = 5_000, hypotheses: int = 30) -> bytes:
    """A large project as PARC writes it: UTF-16, every cell rated, a paragraph of notes."""
    names = [f"Hypothesis {h}" for h in range(hypotheses)]
    notes = "What the source said, and why it matters to the question. " * 4
    rows = [
        Item(
            f"Evidence item {i}",
            values=",".join(TOKENS[(i + h) % len(TOKENS)] for h in range(hypotheses)),
            notes=notes,
            type="HUMINT",
            date=str(1_699_488_000_000 + i * 86_400_000),
            code=f"SRC-{i}",
            credibility=("HIGH", "MEDIUM", "LOW")[i % 3],
            relevance=("LOW", "MEDIUM", "HIGH")[i % 3],
        )
        for i in range(items)
    ]
    return achz(project_xml("Ordinary project", [Matrix(names, rows)]))


def bomb() -> bytes:
    blanks = gzip.compress(b" " * MB, mtime=0)  # gzip members in a row are one stream
    return gzip.compress(b"<ACH><PROJECT-TITLE>", mtime=0) + blanks * 1000


LAUGHS = b"""<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<ACH><PROJECT-TITLE>&h;</PROJECT-TITLE></ACH>"""
EXTERNAL = b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><ACH><NAME>&x;</NAME></ACH>'

FLOOD = Item("x", extra="<X/>" * 2_000_000)  # 8 MB of elements in one item

FILES = {
    "ordinary.achz": ordinary,
    "bomb-1GB.achz": bomb,
    "laughs.achz": lambda: gzip.compress(LAUGHS),
    "external.achz": lambda: gzip.compress(EXTERNAL),
    "flood.achz": lambda: achz(project_xml("p", [Matrix(["A"], [FLOOD])]), "utf-8"),
    "malformed.achz": lambda: gzip.compress(b"<ACH><MATRIX>" + b"<EVIDENCE>" * 10 + b"</ACH>"),
    "cut.achz": lambda: (lambda whole: whole[: len(whole) // 2])(ordinary()),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results: dict[str, tuple[int, float, int, int]] = {}
        for name, make in FILES.items():
            src = folder / name
            src.write_bytes(make())
            seconds, peak, status = measure(src, folder / "out.achw")
            results[name] = (src.stat().st_size, seconds, peak, status)
        print(f"{'file':<18}{'MB':>8}{'seconds':>9}{'peak MB':>9}{'exit':>6}")
        for name, (size, seconds, peak, status) in results.items():
            print(f"{name:<18}{size / MB:>8.2f}{seconds:>9.2f}{peak / MB:>9.0f}{status:>6}")
        print("(the ordinary project: 5,000 items x 30 hypotheses, UTF-16, every cell rated)")
        base = results["ordinary.achz"][1]
        for name, (_size, seconds, _peak, _status) in results.items():
            if name != "ordinary.achz":
                print(f"{name:<18} time / ordinary.achz: {seconds / base:.2f}")


if __name__ == "__main__":
    main()
