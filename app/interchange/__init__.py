"""Interchange formats: which files the program reads and writes besides its own.

:mod:`~app.interchange.registry` holds the formats and the one :func:`sniff`
that tells a file's format from its first bytes and its name;
:mod:`~app.interchange.format` says what a format is and
:mod:`~app.interchange.formats` lists the built-in ones.  The command
line, File › Import/Export and the file dialogs' filters all ask the registry.

Adding a format is one new module (its reader and writer) plus one
``Format(...)`` in :mod:`~app.interchange.formats`' ``BUILTIN`` (or one
``registry.register(Format(...))`` call from elsewhere).
"""
