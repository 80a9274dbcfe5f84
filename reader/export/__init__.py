"""Articles out of the reader: the JSON records of `reader export` and `reader search`, and the Markdown
of `reader export --format markdown` and the app."""
