"""What the screen shows, without Textual: the article source and its loader thread, the
watched folders, and what the app shows of entities. Unit tests drive it without a UI."""
