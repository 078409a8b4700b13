"""Help › ACH Workbench Help (F1) and Help › About.

The Help window is one top-level window per main window: contents on the
left, the text on the right (``help_text``), a find field above.  It does
not block the matrix, so the analyst can read and rate side by side.
About shows the version, the licences of the fonts the PDF brief embeds
(read from ``resources/fonts``) and the Qt, PySide6 and Python versions.
"""

from __future__ import annotations

import platform
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.dialogs.help_text import either, help_html, sections

APP_NAME = "ACH Workbench"
LICENCE = "GPL-3.0-or-later"


class HelpWindow(QWidget):
    def __init__(self, window: QMainWindow | None = None):
        super().__init__(window, Qt.WindowType.Window)
        self.setObjectName("help_window")
        self.setWindowTitle(f"Help — {APP_NAME}")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.resize(1000, 760)
        self.browser = QTextBrowser()
        self.browser.setObjectName("help_text")
        self.browser.setOpenExternalLinks(True)
        self.browser.document().setDefaultStyleSheet(
            "h1 { margin-top: 18px; } h2 { margin-top: 14px; } td, th { padding: 3px; }"
        )
        self.browser.setHtml(help_html(window))
        self.contents = QTreeWidget()
        self.contents.setObjectName("help_contents")
        self.contents.setHeaderHidden(True)
        parent: QTreeWidgetItem | None = None
        for section in sections():
            if section.level == 1 or parent is None:
                parent = QTreeWidgetItem(self.contents, [section.title])
                item = parent
            else:
                item = QTreeWidgetItem(parent, [section.title])
            item.setData(0, Qt.ItemDataRole.UserRole, section.anchor)
        self.contents.expandAll()
        self.contents.currentItemChanged.connect(self._go_to_item)
        self.contents.itemClicked.connect(self._go_to_item)  # the same topic again
        self.find_field = QLineEdit()
        self.find_field.setPlaceholderText("Find in help (Enter for the next match)")
        self.find_field.setClearButtonEnabled(True)
        self.find_field.returnPressed.connect(self.find_next)
        self.find_field.textChanged.connect(lambda _t: self.find_next(restart=True))
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.find_field)
        QShortcut(QKeySequence.StandardKey.Find, self, self.find_field.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        bar = QHBoxLayout()
        bar.addWidget(find_label)
        bar.addWidget(self.find_field, 1)
        split = QSplitter()
        split.addWidget(self.contents)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 740])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.setTabOrder(self.find_field, self.contents)
        self.setTabOrder(self.contents, self.browser)

    def text(self) -> str:
        return self.browser.toPlainText()

    def show_topic(self, anchor: str = "steps") -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.browser.scrollToAnchor(anchor)
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def _go_to_item(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.browser.scrollToAnchor(item.data(0, Qt.ItemDataRole.UserRole))

    def find_next(self, *, restart: bool = False) -> bool:
        text = self.find_field.text()
        if not text:
            return False
        if restart:
            cursor = self.browser.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.browser.setTextCursor(cursor)
        found = self.browser.find(text)
        if not found:  # wrap around to the top
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text)
        self.find_field.setStyleSheet("" if found else "color: #c84a00")
        return found


# -- About ---------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    import PySide6
    from PySide6.QtCore import qVersion

    from app import __version__

    return {
        APP_NAME: __version__,
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "Python": platform.python_version(),
    }


def font_licences(folder: Path | None = None) -> list[tuple[str, list[str], str]]:
    """(name, font files, licence text) for each LICENSE-<name>.txt beside the fonts."""
    if folder is None:
        from app.resources import resource_path

        folder = resource_path("fonts")
    found = []
    for licence in sorted(folder.glob("LICENSE-*.txt")):
        name = licence.stem.removeprefix("LICENSE-")
        fonts = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in {".ttf", ".otf"})
        fonts = [f for f in fonts if f.startswith(name)]
        found.append((name, fonts, licence.read_text(encoding="utf-8", errors="replace")))
    return found


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("about")
        self.setWindowTitle(f"About {APP_NAME}")
        self.resize(640, 480)
        v = versions()
        licences = font_licences()
        icon = QLabel()
        pixmap = QApplication.windowIcon().pixmap(96, 96)
        if not pixmap.isNull():
            icon.setPixmap(pixmap)
        rows = "".join(
            f"<tr><td>{escape(k)}</td><td><b>{escape(x)}</b></td></tr>"
            for k, x in v.items()
            if k != APP_NAME
        )
        self.summary = QLabel(
            f"<h2>{APP_NAME} {escape(v[APP_NAME])}</h2>"
            "<p>Heuer's Analysis of Competing Hypotheses on the desktop: worksheet, "
            "scores, sensitivity analysis and PDF brief.</p>"
            f"<p>Licensed under the GNU General Public License, version 3 or later "
            f"({LICENCE}).</p>"
            "<p>The PDF brief embeds the fonts "
            f"{escape(either([name for name, _f, _t in licences], 'and'))}, each under its own "
            "licence (see <i>Font licences</i>).</p>"
            f"<table cellpadding='2'><tr><td colspan='2'>Running on:</td></tr>{rows}"
            f"<tr><td>System</td><td>{escape(platform.platform(terse=True))}</td></tr></table>"
        )
        self.summary.setObjectName("about_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        about = QWidget()
        head = QHBoxLayout(about)
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addSpacing(12)
        head.addWidget(self.summary, 1)

        self.fonts = QTextBrowser()
        self.fonts.setObjectName("about_fonts")
        parts = [
            "<p>The PDF brief embeds these fonts, unmodified, so that Latin, Cyrillic and "
            "Hangul text prints on any machine. Their licences:</p>"
        ]
        for name, files, text in licences:
            parts.append(
                f"<h3>{escape(name)}</h3><p>{escape(', '.join(files))}</p>"
                f"<pre style='white-space: pre-wrap'>{escape(text)}</pre>"
            )
        self.fonts.setHtml("".join(parts))
        tabs = QTabWidget()
        tabs.addTab(about, "&About")
        tabs.addTab(self.fonts, "&Font licences")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)

    def text(self) -> str:
        doc = QTextDocument()
        doc.setHtml(self.summary.text())
        return doc.toPlainText() + "\n" + self.fonts.toPlainText()
