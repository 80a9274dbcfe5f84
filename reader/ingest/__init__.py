"""Files to articles: find and decode files, parse their titles, dates and datelines, and make
their text safe for a terminal. Nothing here knows about the index or the screen."""
