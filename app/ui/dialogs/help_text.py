"""The words of the Help window, as HTML.

The method and the scores follow ``shared/docs/ach-method.md``.  Every menu
command named here is written from its ``ActionId`` (menu, text, shortcut),
and the keyboard section is read from a live window's menus and from the
matrix's key map (``rating_keys``), so the help cannot drift from the
program: rename an action or change a key and the help changes with it.
Constants, not docstrings, so ``python -OO`` keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from app.domain.model import Rating
from app.ui.matrix.rating_keys import CLEAR_KEYS, NOTE_KEYS, key_names, special_key_names
from app.ui.window.actions import ActionId, Spec, shortcut_text

A = ActionId
NATIVE = QKeySequence.SequenceFormat.NativeText


def plain(text: str) -> str:
    """A menu text without its mnemonic marker or tab-separated shortcut."""
    return text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&")


def cmd(aid: ActionId) -> str:
    """ "<b>Edit › Add Hypothesis</b> (Ctrl+Shift+H)", from the action's own definition."""
    spec: Spec = aid.value
    key = shortcut_text(aid)
    name = f"<b>{escape(spec.menu)} › {escape(plain(spec.text))}</b>"
    return f"{name} ({escape(key)})" if key else name


def std(menu: str, text: str, key: QKeySequence.StandardKey) -> str:
    return f"<b>{menu} › {text}</b> ({escape(QKeySequence(key).toString(NATIVE))})"


def keys(rating: Rating) -> str:
    return " or ".join(f"<b>{escape(k)}</b>" for k in key_names(rating))


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    level: int  # 1 a part, 2 a step or topic within it


def sections() -> list[Section]:
    """The table of contents, in the order of the text."""
    return [
        Section("steps", "The eight steps of ACH", 1),
        *(Section(f"step{n}", f"{n}. {step.name}", 2) for n, step in enumerate(_steps(), 1)),
        Section("scores", "What the numbers mean", 1),
        Section("ratings", "Ratings", 2),
        Section("weights", "Weights", 2),
        Section("hypothesis-scores", "Scores of a hypothesis", 2),
        Section("rank", "Rank", 2),
        Section("evidence-measures", "Diagnosticity and score-neutral items", 2),
        Section("sensitivity", "Sensitivity: margin and linchpins", 2),
        Section("keys", "Keyboard shortcuts", 1),
    ]


# -- the eight steps: Heuer's words, then what this program offers -----------------------


@dataclass(frozen=True)
class Step:
    name: str  # Heuer's one-word name of the step
    title: str
    method: str  # what the method asks
    program: tuple[str, ...]  # what ACH Workbench offers for it


def either(names: list[str], word: str = "or") -> str:
    """ "A", "A or B", "A, B or C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


def _steps() -> list[Step]:
    undo = std("Edit", "Undo", QKeySequence.StandardKey.Undo)
    redo_keys = either([QKeySequence(k).toString(NATIVE) for k in ("Ctrl+Y", "Ctrl+Shift+Z")])
    redo = f"<b>Edit › Redo</b> ({escape(redo_keys)})"
    return [
        Step(
            "Hypotheses",
            "Identify all reasonable hypotheses",
            "Brainstorm the possible explanations, ideally with colleagues of different "
            "views. Make them mutually exclusive where possible, and keep a hypothesis you "
            "expect to reject (deception, an innocent explanation) until the evidence "
            "disproves it.",
            (
                f"{cmd(A.ADD_HYPOTHESIS)} adds a column; write its title and what would be "
                "true if it held in the <b>Details</b> panel, <b>Hypothesis</b> tab.",
                "Right-click a hypothesis column's header for "
                f"{cmd(A.DUPLICATE_HYPOTHESIS)}, {cmd(A.DELETE_HYPOTHESIS)}, "
                f"{cmd(A.MOVE_HYPOTHESIS_LEFT)} and {cmd(A.MOVE_HYPOTHESIS_RIGHT)}.",
                "The question the analysis answers goes in the <b>Worksheet</b> tab (or "
                "click <i>set the question</i> above the matrix while there is none).",
            ),
        ),
        Step(
            "Evidence",
            "List the evidence and arguments",
            "List the significant evidence and arguments for and against each hypothesis, "
            "including your assumptions and the absence of things you would expect to see.",
            (
                f"{cmd(A.ADD_EVIDENCE)} adds a row. The <b>Details</b> panel, <b>Item</b> "
                "tab, holds its title, description, source, link, date (YYYY-MM-DD) and "
                "type; the types include <i>assumption</i> and <i>absence of evidence</i>.",
                "<b>Credibility</b> and <b>relevance</b> (low, medium, high) set the item's "
                "weight; flags such as <i>possible deception</i> or <i>single source</i> "
                "can be filtered on.",
                f"{cmd(A.DUPLICATE_EVIDENCE)}, {cmd(A.DELETE_EVIDENCE)}, "
                f"{cmd(A.MOVE_EVIDENCE_UP)} and {cmd(A.MOVE_EVIDENCE_DOWN)} keep the list "
                "in order.",
            ),
        ),
        Step(
            "Diagnostics",
            "Rate the matrix, across each row",
            "With the hypotheses across the top and the evidence down the side, rate each "
            "item against each hypothesis: is it consistent with it, inconsistent, or not "
            "applicable? Work <i>across</i> a row, one item against every hypothesis, not "
            "down a column.",
            (
                f"Put the cursor on a cell and press one key: {keys(Rating.CC)} for CC, "
                f"{keys(Rating.C)} for C, {keys(Rating.N)} for N, {keys(Rating.I)} for I, "
                f"{keys(Rating.II)} for II, {keys(Rating.NA)} for NA. The cursor then moves "
                "right along the row, and on to the next item's first hypothesis: a whole "
                "row is rated without the mouse.",
                f"{either(special_key_names(CLEAR_KEYS))} clears a rating; "
                f"{either(special_key_names(NOTE_KEYS))} opens the cell's note, for the "
                f"reason behind the rating ({cmd(A.EDIT_NOTE)}). A small corner mark shows "
                "a cell has a note.",
                "Blank cells are hatched: unfinished work, not NA. The status bar counts "
                "the cells still to rate.",
                f"Against bias: {cmd(A.HIDE_SCORES)}, so the ranking cannot steer you while "
                f"you rate, and {cmd(A.SHUFFLE)}, which changes only the order on screen.",
            ),
        ),
        Step(
            "Refinement",
            "Refine the matrix",
            "Reword or add hypotheses as you learn. Evidence rated alike against every "
            "hypothesis has no diagnostic value: note it, and set it aside if it only adds "
            "noise.",
            (
                "The <b>Diag.</b> column shows each item's diagnosticity and marks "
                "score-neutral items <b>≡</b>. Choose <b>Sort: Diagnosticity (most "
                "diagnostic first)</b> above the matrix to bring the items that matter most "
                "to the top.",
                f"{cmd(A.TOGGLE_EXCLUDED)} sets an item aside (struck out, counted nowhere) "
                "and brings it back.",
                "The bar above the matrix filters the rows by text, type or flag "
                f"({cmd(A.FOCUS_FILTER)}); {cmd(A.FOCUS_MATRIX)} goes back to the cells.",
                f"Every change can be undone: {undo} and {redo}.",
                "Colleagues rated copies of the worksheet separately? "
                f"{cmd(A.COMPARE_COPIES)} merges their copies cell by cell: the consensus "
                "rating, how far apart you are (mild, large, extreme) and the cells to talk "
                "about first.",
            ),
        ),
        Step(
            "Inconsistency",
            "Draw tentative conclusions by disproving",
            "Try to disprove hypotheses rather than confirm them: the most likely "
            "hypothesis is the one with the <i>least evidence against it</i>, not the one "
            "with the most for it.",
            (
                "The <b>score row</b> under the matrix shows each hypothesis's weighted "
                "inconsistency and rank (#1, #2 …); the leader is marked ★ on a yellow "
                "ground. The scores follow every rating at once.",
                "Hover over a score for all of that hypothesis's numbers.",
                f"{cmd(A.UNWEIGHTED)} ranks by the plain inconsistency count instead.",
            ),
        ),
        Step(
            "Sensitivity",
            "Analyse how sensitive the conclusion is",
            "Ask how much the conclusion rests on a few critical items: what if they are "
            "wrong, misleading, or deception?",
            (
                "The <b>Sensitivity</b> panel (a tab beside <b>Details</b>; "
                "<b>View › Sensitivity Panel</b>) names the leading hypothesis, its <b>margin</b> "
                "over the runner-up, and the <b>linchpins</b>.",
                "For each item it shows whether the lead changes when the item is "
                "<b>Removed</b>, <b>Doubted</b> or <b>Reversed</b>. Untick an item's "
                "<b>In</b> box to set it aside; double-click a row to go to the item.",
            ),
        ),
        Step(
            "Conclusions",
            "Report the conclusions",
            "Report the relative likelihood of <i>all</i> the hypotheses, not only the "
            "most likely one, and the items the conclusion hangs on.",
            (
                "Write the conclusions in the <b>Details</b> panel, <b>Worksheet</b> tab.",
                f"{cmd(A.EXPORT_PDF)} writes the brief: a summary with the ranking and every "
                "score, the sensitivity analysis, your conclusions, the milestones, the "
                "hypotheses, the evidence, the matrix and the notes on ratings, ranked as "
                "the score row is (weighted or not).",
                f"{cmd(A.EXPORT_JSON)} writes every field for other tools (and for "
                f"{cmd(A.IMPORT)} later); {cmd(A.EXPORT_XLSX)} writes an Excel workbook "
                "for colleagues who work in a spreadsheet (the coloured matrix with its "
                "scores, the items' details, the notes), and "
                f"{cmd(A.EXPORT_CSV)} the bare matrix. {cmd(A.IMPORT)} also turns an "
                "Excel matrix, a PARC ACH project, or a list of evidence (CSV or Excel) "
                f"into a new worksheet; {cmd(A.IMPORT_INTO)} adds a list's items to the "
                "open one.",
            ),
        ),
        Step(
            "Milestones",
            "Identify milestones for future observation",
            "Name the indicators to watch for: events that would show things are taking a "
            "different course than expected.",
            (
                "Each hypothesis has its <b>Milestones</b> in the <b>Details</b> panel, "
                "<b>Hypothesis</b> tab: <b>Add milestone</b>, then mark each one open, "
                "observed or not observed as time goes on.",
            ),
        ),
    ]


def steps_html() -> str:
    parts = [
        "<a name='steps'></a><h1>The eight steps of ACH</h1>",
        "<p>Analysis of Competing Hypotheses was devised by Richards J. Heuer Jr. "
        "(<i>Psychology of Intelligence Analysis</i>, chapter 8). It guards against "
        "settling on the first plausible answer: every hypothesis is weighed against every "
        "piece of evidence, and the hypotheses are compared by the evidence "
        "<i>against</i> them. Each step says what the method asks, then what ACH "
        "Workbench offers for it.</p>",
    ]
    for n, step in enumerate(_steps(), 1):
        offers = "".join(f"<li>{line}</li>" for line in step.program)
        parts.append(
            f"<a name='step{n}'></a><h2>Step {n}. {step.name}: {escape(step.title)}</h2>"
            f"<p>{step.method}</p><p><b>In ACH Workbench</b></p><ul>{offers}</ul>"
        )
    return "".join(parts)


# -- the numbers, exactly as ach-method.md defines them -----------------------------------

_RATING_ROWS = (
    # code, meaning, inconsistency v, consistency c, symmetric s
    ("CC", "very consistent", "0", "2", "+2"),
    ("C", "consistent", "0", "1", "+1"),
    ("N", "neutral", "0", "0", "0"),
    ("I", "inconsistent", "−1", "0", "−1"),
    ("II", "very inconsistent", "−2", "0", "−2"),
    ("NA", "not applicable", "0", "0", "0"),
    ("blank", "not rated yet", "left out", "left out", "left out"),
)


def scores_html() -> str:
    rows = "".join(
        f"<tr><td><b>{c}</b></td><td>{m}</td><td align='center'>{v}</td>"
        f"<td align='center'>{k}</td><td align='center'>{s}</td></tr>"
        for c, m, v, k, s in _RATING_ROWS
    )
    return f"""
<a name='scores'></a><h1>What the numbers mean</h1>
<p>Every number the program shows, exports or prints is defined below. Scores are
never above 0: the closer to 0, the less evidence against the hypothesis.</p>

<a name='ratings'></a><h2>Ratings</h2>
<p>Each cell holds one rating and may carry a note. A blank cell is unfinished work,
not NA: it is left out of every sum.</p>
<table border='1' cellspacing='0' cellpadding='4'>
<tr><th>code</th><th>meaning</th><th>inconsistency points v</th>
<th>consistency points c</th><th>symmetric value s</th></tr>
{rows}
</table>

<a name='weights'></a><h2>Weights</h2>
<p>Each evidence item has a <b>credibility</b> and a <b>relevance</b>, each low, medium
(the default) or high, with the factors f(low) = 1/√2 ≈ 0.7071, f(medium) = 1,
f(high) = √2 ≈ 1.4142. The item's weight is <b>w = f(credibility) × f(relevance)</b>,
so one of 0.5, 0.7071…, 1, 1.4142… or 2. These are the weights of PARC ACH 2.x (Palo
Alto Research Center with Heuer), computed with the exact irrational values. An item
set aside with {cmd(A.TOGGLE_EXCLUDED)} counts nowhere, as if it were absent.</p>

<a name='hypothesis-scores'></a><h2>Scores of a hypothesis</h2>
<p>For a hypothesis h, summing over the included evidence items e:</p>
<ul>
<li><b>Inconsistency</b> = Σ v(e,h): −1 for each I and −2 for each II against h, so 0 or
below (PARC ACH's “Inconsistency Score”). Shown in the score row when
{cmd(A.UNWEIGHTED)} is on.</li>
<li><b>Weighted inconsistency</b> = Σ w(e) × v(e,h): the same, each item counted by its
weight (PARC ACH's “Weighted Inconsistency Score”). This is the score the score row
shows and ranks by.</li>
<li><b>Consistency</b> = Σ w(e) × c(e,h): the weighted evidence <i>for</i> h. It is only
used to break ties: by Heuer's logic evidence for a hypothesis proves little.</li>
<li><b>Normalized</b> = weighted inconsistency ÷ applicable weight, where the applicable
weight is the sum of w(e) over the items rated CC, C, N, I or II against h (normalized
is 0 when there are none). It lies between −2 and 0: the mean weighted inconsistency per
applicable rated item, so hypotheses rated against different numbers of items can be
compared. <b>This is ACH Workbench's own measure</b>: PARC ACH's “Normalized” formula
is not public, and this is not it. Hover over a score in the score row to see it.</li>
</ul>

<a name='rank'></a><h2>Rank</h2>
<p>Most likely first, by these keys in turn:</p>
<ol>
<li>weighted inconsistency, higher (closer to 0) first — or the unweighted
inconsistency when {cmd(A.UNWEIGHTED)} is on;</li>
<li>consistency, higher first;</li>
<li>the share of the hypothesis's cells left blank, lower first.</li>
</ol>
<p>Values are compared rounded to 9 decimal places. Hypotheses equal on all three keys
share a rank, and the next rank is skipped (1, 1, 3). Rank 1 is marked ★.</p>
<p>The share of blank cells is only the third key, so a hypothesis nobody has rated
against yet can lead: nothing has been held against it. A hypothesis of rank 1 with
cells still blank is therefore marked <b>provisional</b> in the score row (“★ 0.00 #1”
over “⚠ 3 unrated”) and in the Sensitivity panel: rate its cells before trusting its
lead. Every other hypothesis with blank cells shows their number too (“3 unrated”),
so the score row tells where rating is unfinished.</p>

<a name='evidence-measures'></a><h2>Diagnosticity and score-neutral items</h2>
<ul>
<li><b>Diagnosticity</b> (the <b>Diag.</b> column) is the population standard deviation
of the symmetric values s(e,h) over the hypotheses rated for the item (NA counts as 0,
blank is skipped); 0.0 when fewer than two hypotheses are rated. 0 means the item
cannot tell the hypotheses apart; the larger, the more it discriminates.</li>
<li>An item is <b>score-neutral</b> (marked <b>≡</b>) when at least two hypotheses are
rated for it and its inconsistency points v are the same for all of them: it adds the
same amount to every score, so it cannot change the ranking. An item consistent with
everything (all C or CC) is score-neutral even though it looks like support: that is
Heuer's point about evidence that fits every hypothesis.</li>
<li>An <b>excluded</b> item counts nowhere, as if it were absent: it shows — for its
diagnosticity, never the ≡ mark, and sorts after the others by diagnosticity.</li>
</ul>

<a name='sensitivity'></a><h2>Sensitivity: margin and linchpins</h2>
<p>The <b>leaders</b> are the hypotheses of rank 1. The <b>margin</b> is the first ranking
key of rank 1 minus that of the best hypothesis not of rank 1 (weighted points, or
points when {cmd(A.UNWEIGHTED)} is on); 0 when all share rank 1, and not defined with
a single hypothesis. For each included item the ranking is recomputed three ways, and
the <b>Sensitivity</b> panel says whether the leaders change:</p>
<ul>
<li><b>Removed</b> (without): the item left out. An item whose removal changes the
leaders is a <b>linchpin</b>: the conclusion hangs on it, so check it first.</li>
<li><b>Doubted</b>: the item's credibility set to low (no change if it already is).</li>
<li><b>Reversed</b>: the item's ratings mirrored (CC↔II, C↔I; N, NA and blank stay):
what if the item is deception?</li>
</ul>
<p>The analysis is deterministic: no randomness, the same worksheet always gives the same
answer.</p>
"""


# -- the keyboard, read from the window itself ---------------------------------------------


@dataclass(frozen=True)
class ShortcutRow:
    where: str  # "File › Save"
    keys: tuple[str, ...]


def menu_shortcuts(window: QMainWindow) -> list[ShortcutRow]:
    """Every menu command of ``window`` with a shortcut, in menu order, then any others."""
    rows: list[ShortcutRow] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for act in menu.actions():
            if act.isSeparator():
                continue
            # QtGui's QAction.menu() is typed QObject; in a widgets window it is a QMenu.
            if isinstance(sub := act.menu(), QMenu):
                walk(sub, f"{path} › {plain(act.text())}")
                continue
            seen.add(id(act))
            if act.shortcuts():
                rows.append(ShortcutRow(f"{path} › {plain(act.text())}", key_texts(act)))

    for top in window.menuBar().actions():
        if isinstance(menu := top.menu(), QMenu):
            walk(menu, plain(top.text()))
    for act in window.findChildren(QAction):
        if id(act) not in seen and act.shortcuts() and act.text():
            rows.append(ShortcutRow(plain(act.text()), key_texts(act)))
    return rows


# Keys the platform adds to its standard shortcuts for keyboards few analysts have
# (X11 gives Undo the Sun keyboard's F14 and an "Undo" key): they still work, but
# listing them ("Ctrl+Z or F14 or Undo") only puzzles.
_RARE_KEYS = [
    QKeySequence(key)
    for key in (
        *(Qt.Key(Qt.Key.Key_F13.value + n) for n in range(23)),  # F13 … F35
        Qt.Key.Key_Undo,
        Qt.Key.Key_Redo,
        Qt.Key.Key_Copy,
        Qt.Key.Key_Cut,
        Qt.Key.Key_Paste,
        Qt.Key.Key_Find,
        Qt.Key.Key_Open,
        Qt.Key.Key_Save,
        Qt.Key.Key_Close,
        Qt.Key.Key_Help,
    )
]


def key_texts(act: QAction) -> tuple[str, ...]:
    """The action's keys as the analyst's keyboard has them (all of them, if none is common)."""
    common = [k for k in act.shortcuts() if k not in _RARE_KEYS]
    return tuple(k.toString(NATIVE) for k in common or act.shortcuts())


def keys_html(window: QMainWindow | None) -> str:
    matrix_rows = "".join(
        f"<tr><td>{' or '.join(escape(k) for k in key_names(r))}</td>"
        f"<td>rate <b>{r.value}</b> ({r.label})</td></tr>"
        for r in (Rating.CC, Rating.C, Rating.N, Rating.I, Rating.II, Rating.NA)
    )
    matrix_rows += (
        f"<tr><td>{either(special_key_names(CLEAR_KEYS))}</td>"
        "<td>clear the rating (the note stays)</td></tr>"
        f"<tr><td>{either(special_key_names(NOTE_KEYS))}</td>"
        "<td>open the cell's note</td></tr>"
        "<tr><td>arrow keys, Tab</td><td>move between cells; after a rating the cursor "
        "moves on along the row</td></tr>"
        "<tr><td>Shift+arrow keys</td><td>select several cells; one rating key then rates "
        "them all (one step to undo)</td></tr>"
        "<tr><td>right-click</td><td>the same ratings, the note, and the item's "
        "commands</td></tr>"
    )
    menu_rows = "".join(
        f"<tr><td>{' or '.join(escape(k) for k in row.keys)}</td><td>{escape(row.where)}</td></tr>"
        for row in (menu_shortcuts(window) if window is not None else [])
    )
    return f"""
<a name='keys'></a><h1>Keyboard shortcuts</h1>
<h2>In the matrix</h2>
<p>Digits follow the scale from most consistent to most inconsistent, so one hand rates
without looking; letters follow the codes themselves.</p>
<table border='1' cellspacing='0' cellpadding='4'>{matrix_rows}</table>
<h2>Menu commands</h2>
<table border='1' cellspacing='0' cellpadding='4'>{menu_rows}</table>
<p>Alt with an underlined letter opens a menu or moves to a field.</p>
"""


def help_html(window: QMainWindow | None) -> str:
    return steps_html() + scores_html() + keys_html(window)
