"""Text being typed, stored as it is typed: no command, crash or close loses it.

A text field used to be stored only when the analyst left it.  Commands
(save, close, add, switch item…) do not take the keyboard away from a field,
so what was being typed was silently dropped, and a power cut lost the
paragraph under the cursor.  Now every keystroke hands the field's new value
to :class:`Drafts`, which stores it

* after a short pause in typing, and at least once a second while typing
  goes on, so that the working copy (and so crash recovery) holds the text;
* at once, whenever :meth:`Drafts.flush` is called: the Document calls it
  before every other edit, save, undo and close, and the window before every
  command.

The value and its target (which item, which field) are taken at the
keystroke, so a field that is reloaded for another item before the store
runs cannot send its text to the wrong place.  Consecutive stores of one
field are merged into one undo step by the Document (see
``commands.FieldsCommand``) until the analyst leaves the field.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

# A pause this long stores the text; long enough not to write on every key
# of a fast typist, short enough that a crash loses at most a word or two.
IDLE_MS = 300
# While typing goes on without a pause, the text is stored at least this often.
MAX_WAIT_MS = 1000


class Drafts(QObject):
    """The one field being typed in, and how to store what it holds."""

    pending_changed = Signal(bool)  # True: typed text not yet stored (counts as unsaved)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._key: Hashable | None = None
        self._store: Callable[[], None] | None = None
        self._idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._max = QTimer(self, singleShot=True, interval=MAX_WAIT_MS)
        self._idle.timeout.connect(self.flush)
        self._max.timeout.connect(self.flush)

    @property
    def pending(self) -> bool:
        return self._store is not None

    def typed(self, key: Hashable, store: Callable[[], None]) -> None:
        """The field ``key`` now holds a new value; ``store`` writes it (taken at the keystroke)."""
        if self._store is not None and key != self._key:
            self.flush()  # another field: what was typed there goes first
        was_pending = self.pending
        self._key, self._store = key, store
        self._idle.start()
        if not self._max.isActive():
            self._max.start()
        if not was_pending:
            self.pending_changed.emit(True)

    def flush(self) -> None:
        """Store what is being typed, now."""
        self._idle.stop()
        self._max.stop()
        store, self._store, self._key = self._store, None, None
        if store is not None:
            try:
                store()
            finally:
                self.pending_changed.emit(False)

    def discard(self) -> None:
        """Forget what was typed (the worksheet it was typed for is gone)."""
        self._idle.stop()
        self._max.stop()
        had = self.pending
        self._store = self._key = None
        if had:
            self.pending_changed.emit(False)


def commit_open_item_editor(within: QWidget) -> None:
    """An item view's cell editor that has the keyboard (a title typed in the matrix): commit it.

    The view commits only when its editor loses focus, which a shortcut does
    not cause; committing here keeps the edit and leaves the editor open.
    """
    focus = QApplication.focusWidget()
    widget = focus
    while widget is not None and widget is not within:
        if isinstance(widget, QAbstractItemView):
            if widget.state() == QAbstractItemView.State.EditingState and focus is not None:
                widget.commitData(focus)
            return
        widget = widget.parentWidget()
