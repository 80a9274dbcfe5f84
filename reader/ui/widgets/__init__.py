"""Widgets of the main screen: sidebar, reading pane, filter bar, title bar, key bar, entity legend and panel."""
