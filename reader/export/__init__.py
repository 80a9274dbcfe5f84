"""Articles out of the reader: the JSON record and Markdown written by `reader export` and by the app."""
