"""The SQLite files the reader writes (the index cache, the marks), done one way.

Both are private to their owner (``private_files``), and both share ``sqlite``: one
transaction helper, one switch to write-ahead logging that survives two readers starting
together, and one reading of SQLite errors by result code, never by message text (the text
changes between SQLite versions and locales; the codes do not).
"""
