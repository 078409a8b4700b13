"""How a rating looks in the matrix: a colour and, always, its code.

A diverging blue - grey - orange/vermillion scale (after Okabe & Ito and
ColorBrewer's RdBu/PuOr families) that readers with red-green colour
blindness can tell apart; every cell also shows its code, so colour is
never the only signal.  Backgrounds are fixed colours with a text colour
chosen for contrast, so they read the same in light and dark palettes.

The colours are those of ``app/report/palette.py``, shared with the PDF brief.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.domain.model import Rating
from app.report.palette import RATING_LOOK

# code -> (background, text): the palette the PDF brief prints with.
_RATING_COLOURS: dict[Rating, tuple[str, str]] = {
    rating: (look.fill, look.text) for rating, look in RATING_LOOK.items()
}

# NA is "set aside", so it must recede: pale on a light window, dark on a dark one.
_NA_ON_DARK = ("#474747", "#c4c4c4")


def _is_dark() -> bool:
    from PySide6.QtGui import QGuiApplication, QPalette

    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def _colours(rating: Rating) -> tuple[str, str]:
    if rating is Rating.NA and _is_dark():
        return _NA_ON_DARK
    return _RATING_COLOURS[rating]


def rating_background(rating: Rating) -> QColor:
    return QColor(_colours(rating)[0])


def rating_foreground(rating: Rating) -> QColor:
    return QColor(_colours(rating)[1])


def rating_tooltip(rating: Rating | None) -> str:
    if rating is None:
        return "Not yet rated"
    return f"{rating.value}: {rating.label}"
