"""How a rating looks in the matrix: a colour and, always, its code.

A diverging blue - grey - orange/vermillion scale (after Okabe & Ito and
ColorBrewer's RdBu/PuOr families) that readers with red-green colour
blindness can tell apart; every cell also shows its code, so colour is
never the only signal.  Backgrounds are fixed colours with a text colour
chosen for contrast, so they read the same in light and dark palettes.

TODO(PDF engineer / ui): unify with app/report/palette.py once it lands.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.domain.model import Rating

# code -> (background, text)
_RATING_COLOURS: dict[Rating, tuple[str, str]] = {
    Rating.CC: ("#1f5fa8", "#ffffff"),  # strong blue
    Rating.C: ("#9ecae1", "#0b2540"),  # light blue
    Rating.N: ("#c8c8c8", "#202020"),  # mid grey
    Rating.I: ("#f5b460", "#3a1f00"),  # light orange
    Rating.II: ("#c84a00", "#ffffff"),  # vermillion
    Rating.NA: ("#e9e9e9", "#6a6a6a"),  # pale grey, muted code
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
