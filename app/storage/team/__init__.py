"""The team server: one worksheet on PostgreSQL that several analysts rate, each as themselves.

Identity is the PostgreSQL login role (``current_user``); what each role may do
is kept by the server's grants and row-level security (``migrations``), not by
this program.  ``connection`` opens a server from a libpq address, ``schema``
holds the server's tables (the worksheet file's, with the worksheet and the
analyst added), ``admin`` creates the schema and the analysts, ``worksheets``
publishes, lists, reads and rates.
"""
