"""The keyboard map of the matrix: one key per rating (the help lists it from here).

Digits follow the scale from most consistent to most inconsistent, so the
left hand can rate without looking; letters follow the codes themselves.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.model import Rating

K = Qt.Key
_PLAIN: dict[int, Rating] = {
    K.Key_1: Rating.CC,
    K.Key_2: Rating.C,
    K.Key_3: Rating.N,
    K.Key_4: Rating.I,
    K.Key_5: Rating.II,
    K.Key_0: Rating.NA,
    K.Key_C: Rating.C,
    K.Key_N: Rating.N,
    K.Key_I: Rating.I,
    K.Key_A: Rating.NA,
}
_SHIFTED: dict[int, Rating] = {
    K.Key_C: Rating.CC,
    K.Key_I: Rating.II,
}
CLEAR_KEYS = frozenset({K.Key_Delete, K.Key_Backspace})
NOTE_KEYS = frozenset({K.Key_Return, K.Key_Enter, K.Key_F2})

# For menus and the help: (shortcut text, rating), in scale order.
RATING_SHORTCUTS: tuple[tuple[str, Rating], ...] = (
    ("1", Rating.CC),
    ("2", Rating.C),
    ("3", Rating.N),
    ("4", Rating.I),
    ("5", Rating.II),
    ("0", Rating.NA),
)
LETTER_SHORTCUTS: dict[Rating, str] = {
    Rating.CC: "Shift+C",
    Rating.C: "C",
    Rating.N: "N",
    Rating.I: "I",
    Rating.II: "Shift+I",
    Rating.NA: "A",
}


def rating_for_key(key: int, modifiers: Qt.KeyboardModifier) -> Rating | None:
    """The rating a key press sets, or None when the key is not a rating key."""
    mods = modifiers & ~Qt.KeyboardModifier.KeypadModifier
    if mods == Qt.KeyboardModifier.NoModifier:
        return _PLAIN.get(key)
    if mods == Qt.KeyboardModifier.ShiftModifier:
        return _SHIFTED.get(key)
    return None


def key_names(rating: Rating) -> list[str]:
    """Every key that sets ``rating``, from the map itself ("4", "I"), as the help lists them."""
    from PySide6.QtGui import QKeySequence

    def name(key: int, shift: bool = False) -> str:
        text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        return f"Shift+{text}" if shift else text

    plain = [name(k) for k, r in _PLAIN.items() if r is rating]
    shifted = [name(k, shift=True) for k, r in _SHIFTED.items() if r is rating]
    return plain + shifted


def special_key_names(keys: frozenset[int]) -> list[str]:
    """CLEAR_KEYS or NOTE_KEYS by name ("Del", "Backspace"), in a stable order."""
    from PySide6.QtGui import QKeySequence

    return sorted(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
