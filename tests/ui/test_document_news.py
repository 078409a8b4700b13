"""The views hear of runs of inserted or removed rows as one signal each."""

from __future__ import annotations

from typing import ClassVar

from app.ui.document.news import Inserted, Moved, Removed, steps, tell


class Heard:
    def __init__(self, name, log):
        self.name, self.log = name, log

    def emit(self, *args):
        self.log.append((self.name, *args))


def told(sequence):
    log: list[tuple] = []
    tell(sequence, Heard("removed", log), Heard("inserted", log), Heard("moved", log))
    return log


def replay(before: list[str], after: list[str]) -> list[str]:
    """What a view holding ``before`` shows after following the signals ``steps`` makes."""
    shown = list(before)
    for name, *args in told(steps([_Id(x) for x in before], [_Id(x) for x in after])):
        if name == "removed":
            del shown[args[0] : args[0] + args[1]]
        elif name == "inserted":
            shown[args[0] : args[0]] = after[args[0] : args[0] + args[1]]
        else:
            shown.insert(args[1], shown.pop(args[0]))
    return shown


class _Id:
    _made: ClassVar[dict[str, _Id]] = {}

    def __new__(cls, name):  # one object per name: steps() matches by identity
        return cls._made.setdefault(name, super().__new__(cls))

    def __init__(self, name):
        self.id = name


def test_runs_are_one_signal_each():
    assert told([Inserted(4), Inserted(5), Inserted(6)]) == [("inserted", 4, 3)]
    # removed from the end of the run back, as undoing an import does
    assert told([Removed(6), Removed(5), Removed(4)]) == [("removed", 4, 3)]
    assert told([Inserted(1), Inserted(3), Moved(0, 2), Removed(2), Removed(1), Inserted(7)]) == [
        ("inserted", 1, 1),
        ("inserted", 3, 1),
        ("moved", 0, 2),
        ("removed", 1, 2),
        ("inserted", 7, 1),
    ]
    assert told([]) == []


def test_a_view_following_the_signals_shows_the_new_order():
    before = list("abcdefgh")
    for after in (list("abxyzcdefgh"), list("adgh"), list("hgfedcba"), list("qbcaxyd"), []):
        assert replay(before, after) == after
