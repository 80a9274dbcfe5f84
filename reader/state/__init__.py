"""What the user did with articles (read, starred), kept in SQLite apart from the cache."""
