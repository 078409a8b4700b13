"""The .achw worksheet file on SQLite: schema, migrations, checks, loading, rows."""
