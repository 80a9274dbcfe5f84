"""Seeing a story across the collection: near copies (`sketch`), related articles, the timeline's
dates and the entities that occur together. No Textual here."""
