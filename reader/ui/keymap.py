"""The reader's key bindings and their ids, and the default keymap.

Binding ids are user-facing: the config file's ``[keys]`` table remaps them and
``reader --print-config`` lists them, so they never change. The main screen's bindings are
here in the order the help screen (?) lists them; widgets and other screens keep their own
(the sidebar's, the pane's, the filter's, the dialogs').

Not in the footer (it is full on small terminals): ? lists them under "App" / "Entities".
"""

from __future__ import annotations

from textual.binding import Binding

#: Quitting works on every screen (ctrl+c is a priority binding of the app).
APP_BINDINGS = [
    Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="app.quit_ctrl_c"),
]

#: The main screen's own keys.
MAIN_BINDINGS = [
    Binding("q", "app.quit", "Quit", id="app.quit"),
    Binding("slash", "focus_filter", "Filter", key_display="/", id="app.filter"),
    Binding("backslash", "toggle_sidebar", "Sidebar", key_display="\\", id="app.toggle_sidebar"),
    Binding("t", "focus_timeline", "Timeline", show=False, id="app.timeline"),
    Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
    Binding("exclamation_mark", "problems", "Problems", key_display="!", show=False, id="app.problems"),
    # n/N also work from the list (documented with the pane's keys).
    Binding("n", "match(1)", "Next match", show=False),
    Binding("N", "match(-1)", "Previous match", show=False),
]

#: Marks, sharing, reload and same-story groups (reader.ui.features).
DAILY_BINDINGS = [
    Binding("s", "toggle_star", "Star", show=False, id="app.star"),
    Binding("m", "toggle_read", "Read/unread", show=False, id="app.toggle_read"),
    Binding("u", "toggle_hide_read", "Hide read", show=False, id="app.hide_read"),
    Binding("e", "export", "Save", show=False, id="app.export"),
    Binding("E", "export_all", "Save all shown", show=False, id="app.export_all"),
    Binding("y", "copy_text", "Copy", show=False, id="app.copy"),
    Binding("o", "open_pager", "Pager", show=False, id="app.pager"),
    Binding("O", "open_editor", "Editor", show=False, id="app.editor"),
    Binding("r", "reload", "Reload", show=False, id="app.reload"),
    Binding("z", "toggle_story_groups", "Group same stories", show=False, id="app.group_stories"),
]

#: Entities (reader.ui.features.entities); the help screen lists them in their own section.
ENTITY_BINDINGS = [
    Binding("i", "toggle_entities", "Entities", id="app.entities_panel"),
    Binding("1", "toggle_label('PERSON')", "People highlights", show=False, id="app.entity_person"),
    Binding("2", "toggle_label('ORG')", "Organisation highlights", show=False, id="app.entity_org"),
    Binding("3", "toggle_label('PLACE')", "Place highlights", show=False, id="app.entity_place"),
    Binding("4", "toggle_label('DATE')", "Date highlights", show=False, id="app.entity_date"),
    Binding("5", "toggle_label('MISC')", "Other entity highlights", show=False, id="app.entity_misc"),
]

#: Feeds (reader.ui.features.feeds).
FEED_BINDINGS = [
    Binding("f", "toggle_sources", "Sources", id="app.sources_panel"),
    Binding("R", "fetch", "Fetch feeds", show=False, id="app.fetch"),
]


def is_entity_binding(binding_id: str) -> bool:
    """Whether a binding id is an entity one (the help screen lists them in their own section)."""
    return binding_id.startswith(("app.entity_", "app.entities_"))


def default_keymap() -> dict[str, str]:
    """Binding id → default keys, for every binding of the app and its screens and widgets
    (``reader --print-config`` lists them; the config file's [keys] override them)."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import reader.ui as package

    classes: list[type] = []  # the app, its screens and widgets (every module of reader.ui)
    for module_info in pkgutil.walk_packages(package.__path__, prefix="reader.ui."):
        try:
            module = importlib.import_module(module_info.name)
        except Exception:  # noqa: BLE001 - an optional part that cannot load has no keys to list
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DOMNode) and value.__module__ == module.__name__:
                classes.append(value)
    keymap: dict[str, str] = {}
    for cls in classes:
        for base in reversed(cls.__mro__):
            if not (isinstance(base, type) and issubclass(base, DOMNode)):
                continue
            for binding in base.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    keymap[binding.id] = binding.key
    return dict(sorted(keymap.items()))
