"""The PDF brief: the worksheet as a document for the people who decide.

Two layers (architecture.md, "The PDF report"):

* `brief.gather_brief(ws, *, unweighted=False, today=None) -> Brief`, pure:
  every word and number the brief shows;
* `render.render_brief(ws_or_brief, *, unweighted=False, today=None,
  progress=None) -> BriefResult` (``.pdf`` bytes, ``.page_count``,
  ``.missing_glyphs``, ``.warning``); whoever saves it writes the bytes with
  the storage's one atomic writer (the report never imports the storage).

`palette` holds the rating colours as plain hex strings, shared with the
window.  Importing this package does not import reportlab; its modules do.
"""
