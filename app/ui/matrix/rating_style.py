"""How a rating looks in the matrix: a colour and, always, its code.

A diverging blue - grey - orange/vermillion scale (after Okabe & Ito and
ColorBrewer's RdBu/PuOr families) that readers with red-green colour
blindness can tell apart; every cell also shows its code, so colour is
never the only signal.  Backgrounds are fixed colours with a text colour
chosen for contrast, so they read the same in light and dark palettes.

The colours are those of ``app/domain/palette.py``, shared with the PDF brief.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from app.domain.model import Rating
from app.domain.palette import RATING_LOOK

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


_ICONS: dict[int, QIcon] = {}


def deception_icon(size: int = 14) -> QIcon:
    """The possible-deception mark: an amber warning triangle with a dark rim and "!".

    Amber with a dark rim reads on a light and on a dark window alike.
    """
    icon = _ICONS.get(size)
    if icon is None:
        icon = _ICONS[size] = QIcon(_deception_pixmap(size))
    return icon


def _deception_pixmap(size: int) -> QPixmap:
    ratio = 2  # drawn at twice the size: sharp on high-density screens too
    pixmap = QPixmap(size * ratio, size * ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    pixmap.setDevicePixelRatio(ratio)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    triangle = QPolygonF([QPointF(s / 2, 1), QPointF(s - 1, s - 1.5), QPointF(1, s - 1.5)])
    painter.setPen(QPen(QColor("#3a2a00"), 1.2))
    painter.setBrush(QColor("#f0a800"))
    painter.drawPolygon(triangle)
    pen = QPen(QColor("#1a1a1a"), 1.6)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(s / 2, s * 0.38), QPointF(s / 2, s * 0.62))
    painter.drawPoint(QPointF(s / 2, s * 0.78))
    painter.end()
    return pixmap
