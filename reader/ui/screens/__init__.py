"""Screens: the main screen (layout and handlers), help, problems, the save dialog and their modal base."""
