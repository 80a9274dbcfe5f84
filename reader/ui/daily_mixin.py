"""Daily use, wired into the app: read/unread and stars, export, external programs, reload, config.

`DailyUseMixin` is a base of `ReaderApp`; the app calls a few hooks (``_daily_*``) at the
points where articles are opened, sources shown and queries run. Everything else —
bindings, actions, timers, workers, the state store's lifetime — lives here.

Marks come from `reader.state.store.StateStore` (durable SQLite in the user data directory). The
UI never guesses: after every write it shows what the store returned, so a ★ on screen is a
star on disk. Articles are keyed by `content_key` (their words), which needs the body: for
index rows a background worker reads each file once (remembered by path, size and mtime, so a
reload re-reads only changed files) and then hands the index the read/starred paths for the
``is:`` filters.

Keys (all with binding ids, so the config file can change them):

====  ==========================  ===================
s     star / unstar               ``app.star``
m     mark read / unread          ``app.toggle_read``
u     hide read articles (toggle) ``app.hide_read``
e     save the article as Md      ``app.export``
E     save the filtered list      ``app.export_all``
y     copy the article text       ``app.copy``
o     open the file in $PAGER     ``app.pager``
O     open the file in $EDITOR    ``app.editor``
r     re-scan the folders         ``app.reload``
====  ==========================  ===================
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left, insort
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding

from reader.model import Article
from reader.state.store import UNMARKED, Marks, StateStore, content_key
from reader.ui import visible, visible_name

if TYPE_CHECKING:
    from textual.timer import Timer

    from reader.config.settings import Config
    from reader.query import Query
    from reader.session.watch import FolderWatcher

#: Seconds an article stays open before it counts as read.
READ_DELAY = 1.5
KEYS_WHILE_INDEXING = 10.0  # while a cold build adds rows, key the new snapshot at most this often (seconds)
#: How often --watch asks the watcher whether a poll is due (it backs off for big trees itself).
WATCH_TICK = 1.0
WATCH_INTERVAL = 2.0

#: Not in the footer (it is full on small terminals): ? lists them under "App".
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
]


def _uses_flags(node) -> bool:
    from reader.query.nodes import has_flag

    return has_flag(node)


def default_keymap() -> dict[str, str]:
    """Binding id → default keys, for every binding of the app and its screens and widgets
    (``reader --print-config`` lists them; the config file's [keys] override them)."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import reader.ui as package
    from reader.ui.app import ReaderApp

    classes: list[type] = [ReaderApp]
    for module_info in pkgutil.iter_modules(package.__path__):
        try:
            module = importlib.import_module(f"reader.ui.{module_info.name}")
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


class DailyUseMixin:
    """Read state, stars, export, external programs, reload/--watch and the config, for ReaderApp."""

    # -- set-up (called by ReaderApp) -------------------------------------------------------------

    def _daily_init(self, *, watch: bool = False, config: Config | None = None,
                    config_problems: Sequence[str] = ()) -> None:
        self.watching = watch
        self._state: StateStore | None = None
        self._path_keys: dict[str, str] = {}  # row path -> content key (for index rows and the is: flags)
        self._stamps: dict[str, tuple[int, int, str]] = {}  # path -> (size, mtime_ns, key): no re-read
        self._marks: dict[str, Marks] = {}  # content key -> what the store says (absent: unmarked)
        self._keys_for: Any = None  # the source whose keys are in _path_keys
        self._keys_at = 0.0  # when _keys_for was keyed (time.monotonic)
        self._keys_lock = threading.Lock()  # held by the keys worker that is computing
        self._counts: tuple[int, int] | None = None  # (unread, starred) in the collection
        self._read_timer: Timer | None = None
        self._read_pending: str | None = None
        self._open_key: str | None = None  # content key of the article in the pane
        self._pin: Any = None  # source key of a read article kept visible while hide_read is on
        self._reloading = False
        self._watcher: FolderWatcher | None = None
        self.external_runner = None  # tests inject a runner for o / O
        if config is None:
            config, config_problems = self._load_config()
        self.config = config
        self._config_problems = list(config_problems)
        self.hide_read = config.hide_read
        try:
            self.theme = config.theme
        except Exception as error:  # noqa: BLE001 - an unknown theme: keep the default, say why
            self._config_problems.append(f"theme {config.theme!r} cannot be used ({error}); using the default")
        if self.hide_read:
            from reader.query import parse_query

            self._wanted = self._daily_query(parse_query(""))

    def _load_config(self) -> tuple[Config, list[str]]:
        from reader.config.settings import load_config

        def binding_ids() -> list[str] | None:  # imports every UI module: only for a [keys] table
            try:
                return list(default_keymap())
            except Exception:  # noqa: BLE001
                return None

        return load_config(themes=list(self.available_themes), binding_ids=binding_ids)

    def _daily_mount(self) -> None:
        """Before the first source is shown: apply the config, open the store, start --watch."""
        config = self.config
        if config.keys:
            try:
                self.set_keymap(dict(config.keys))
            except Exception as error:  # noqa: BLE001
                self._config_problems.append(f"key overrides cannot be used ({error})")
        self._apply_sidebar_width(config.sidebar_width)
        sidebar = self.sidebar
        sidebar.row_state = self._row_state
        sidebar.date_format = config.date_format
        for problem in self._config_problems:
            self.notify(visible(problem), title="Config", severity="warning", markup=False, timeout=10)
        self._daily_notices()
        if self.watching:
            self.set_interval(WATCH_TICK, self._watch_tick, name="watch")

    def _apply_sidebar_width(self, width: int) -> None:
        from reader.config.settings import Config

        if width == Config().sidebar_width:
            return  # the stylesheet's responsive widths (44 wide, 34 medium)
        css = f"Screen.-wide #main > #sidebar, Screen.-medium #main > #sidebar {{ width: {int(width)}; }}"
        self.stylesheet.add_source(css, read_from=("config", "sidebar_width"))
        self.stylesheet.reparse()
        self.refresh_css()

    @property
    def state(self) -> StateStore:
        if self._state is None:
            self._state = StateStore.open()
        return self._state

    def _daily_notices(self) -> None:
        """Store trouble (damaged file moved aside, read-only, a failed write) as notifications, once each."""
        if self._state is None:
            self.state  # noqa: B018 - opening may itself have something to say
        for notice in self.state.take_notices():
            self.notify(visible(notice), title="Read/starred marks", severity="warning", markup=False, timeout=10)

    async def _on_key(self, event) -> None:
        """A key queued for the list before "/" moved focus to the filter (a paste, fast typing):
        it bubbles up here with a text field focused, which would have taken it, so it was meant
        for that field, not for the one-letter bindings (s, m, e, ...). Type it there."""
        from textual.widgets import Input

        focused = self.focused
        if isinstance(focused, Input) and not focused.disabled and event.is_printable and event.character:
            event.prevent_default()  # App._on_key would run the binding
            event.stop()
            focused.insert_text_at_cursor(event.character)

    def on_unmount(self) -> None:
        if self._state is not None:
            self._state.close()

    # -- hooks -----------------------------------------------------------------------------------

    def _daily_query(self, query: Query) -> Query:
        """The query the list runs: the user's, plus "is:unread" while read articles are hidden."""
        if not getattr(self, "hide_read", False):
            return query
        from reader.query import Query as QueryType
        from reader.query.nodes import All, Flag

        unread = Flag("unread")
        root = unread if query.root is None else All((query.root, unread))
        return QueryType(text=query.text, root=root, highlight_terms=query.highlight_terms)

    def _daily_positions(self, source, positions: Sequence[int]) -> Sequence[int]:
        """Keep the pinned article (read while open, hidden by hide_read) in the list until the user moves."""
        if self._pin is None or not self.hide_read:
            return positions
        index = source.find(self._pin)
        if index is None:
            return positions
        listed = list(positions)
        at = bisect_left(listed, index)
        if at == len(listed) or listed[at] != index:
            insort(listed, index)
        return listed

    def _daily_source(self, source) -> None:
        """A source is shown: find its articles' keys (a worker for the index) and their marks."""
        if source is self._keys_for:
            return
        loader = self._loader
        now = time.monotonic()
        if (self._keys_for is not None and loader is not None and not loader.synced
                and now - self._keys_at < KEYS_WHILE_INDEXING):
            return  # a snapshot a second while indexing: key them now and then (the synced one always)
        self._keys_at = now
        self._keys_for = source
        self._keys_worker(source)

    def _daily_opened(self, article: Article | None, index: int | None) -> None:
        """An article is in the pane: it becomes read after READ_DELAY, unless the user moves on."""
        key = content_key(article) if article is not None and article.paragraphs else None
        if self._pin is not None and index is not None and self.source is not None and (
            self.source.key(index) != self._pin
        ):
            self._pin = None
            if self._wanted is not None:
                self.call_later(self._run_query, self._wanted)  # the pinned one goes now
        self._open_key = key
        if key is None:
            self._cancel_read_timer()
            return
        if article is not None and self._path_keys.get(article.path) != key:
            self._path_keys[article.path] = key
            if key not in self._marks:
                self._marks[key] = self.state.marks(key)
            self._refresh_rows()
        if self._read_pending == key:
            return  # the same article again (a new snapshot): keep counting
        self._cancel_read_timer()
        if not self._marks.get(key, UNMARKED).read:
            self._read_pending = key
            self._read_timer = self.set_timer(READ_DELAY, self._read_timer_fired, name="mark-read")

    def _daily_counts(self) -> str:
        if self._counts is None:
            return ""
        unread, starred = self._counts
        return f" · {unread:,} unread" + (f" · {starred:,} ★" if starred else "")

    # -- keys and marks --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="daily-keys", exit_on_error=False)
    def _keys_worker(self, source) -> None:
        # One keying at a time (a cancelled thread worker runs on): at the end of a cold build
        # the last progress snapshot and the synced one arrive together, and two workers each
        # building 100,000 keys beside the app's own were the peak of the process's memory.
        with self._keys_lock:
            if source is self._keys_for:  # else a newer snapshot's worker waits to key that one
                self._key_source(source)

    def _key_source(self, source) -> None:
        keys: dict[str, str] = {}
        stamps: dict[str, tuple[int, int, str]] = {}
        known = dict(self._stamps)
        index = source.index
        # The index computed the keys while parsing: one query, no file read, no row loop.
        try:
            keys = index.content_keys()
        except Exception:  # noqa: BLE001 - the index changed or closed under us: the next source retries
            return
        try:
            for row in (source.rows if not keys else ()):
                stamp = known.get(row.path)
                if stamp is not None and stamp[:2] == (row.size, row.mtime_ns):
                    key = stamp[2]
                else:
                    article = index.article(row.id)
                    if article is None:
                        continue
                    key = content_key(article)
                keys[row.path] = key
                stamps[row.path] = (row.size, row.mtime_ns, key)
        except Exception:  # noqa: BLE001 - the index changed or closed under us: the next source retries
            return
        # Only the marked keys travel on (most are unmarked): no second 100,000-entry dict
        # (nor a set of the keys) beside the app's while the next snapshot is keyed.
        marks = self.state.marked(keys.values())
        self._push_flags(source, keys, marks)
        try:
            self.call_from_thread(self._keys_ready, source, keys, marks, stamps)
        except RuntimeError:  # the app closed meanwhile
            pass

    def _keys_ready(self, source, keys: dict[str, str], marks: dict[str, Marks], stamps: dict) -> None:
        if source is not self._keys_for and source is not self.source:
            return  # a newer source is being keyed
        self._stamps.update(stamps)
        self._path_keys = keys
        self._marks = marks  # marked keys only (`StateStore.marked`)
        if self._open_key is not None and self._open_key not in self._marks:
            self._marks[self._open_key] = self.state.marks(self._open_key)
        # Marks read from the store, not made now: a read article open at start is hidden at once.
        self._marks_changed(flags_pushed=True, pin_open=False)
        self._daily_notices()

    def _push_flags(self, source, keys: dict[str, str], marks: dict[str, Marks]) -> None:
        """Give the index the read and starred paths (for is:read / is:unread / is:starred). Any thread."""
        index = source.index
        read = [path for path, key in keys.items() if marks.get(key, UNMARKED).read]
        starred = [path for path, key in keys.items() if marks.get(key, UNMARKED).starred]
        try:
            index.set_flagged("read", read)
            index.set_flagged("starred", starred)
        except Exception:  # noqa: BLE001 - is: filters find less; the marks themselves are safe
            pass

    @work(thread=True, exclusive=True, group="daily-flags", exit_on_error=False)
    def _flags_worker(self, source, keys: dict[str, str], marks: dict[str, Marks], rerun: bool) -> None:
        self._push_flags(source, keys, marks)
        self._call(self._flags_pushed, rerun)

    def _flags_pushed(self, rerun: bool) -> None:
        self._results.clear()
        wanted = self._wanted
        if rerun or (wanted is not None and _uses_flags(wanted.root)):  # typed meanwhile
            self._rerun_flag_query()

    def _row_key(self, row) -> str | None:
        return self._path_keys.get(row.path)

    def _row_state(self, row) -> tuple[str, bool]:
        key = self._row_key(row)
        marks = self._marks.get(key, UNMARKED) if key is not None else UNMARKED
        return ("★" if marks.starred else " ", not marks.read)

    def _refresh_rows(self) -> None:
        try:
            self.sidebar.refresh_rows()
        except Exception:  # noqa: BLE001 - not mounted yet
            pass

    def _recount(self) -> None:
        if not self._path_keys:
            self._counts = None
            return
        marks = self._marks
        unread = starred = 0
        for key in self._path_keys.values():
            mark = marks.get(key, UNMARKED)
            unread += not mark.read
            starred += mark.starred
        self._counts = (unread, starred)

    def _marks_changed(self, flags_pushed: bool = False, pin_open: bool = True) -> None:
        """Marks changed: redraw rows and counts; re-run an is: filter (or hide_read) on the new flags.

        ``pin_open``: the change was made in this session (m, the read timer), so the open
        article stays listed under hide_read until the user moves away.
        """
        if self.closing:
            return  # (a read timer can fire as the widgets go: the mark is stored)
        self._recount()
        self._refresh_rows()
        if self.source is not None:
            self._update_footer()
        self._results.clear()  # cached is: results are stale now
        wanted = self._wanted
        rerun = wanted is not None and _uses_flags(wanted.root)
        source = self._latest or self.source
        if flags_pushed or source is None:
            if rerun:
                self._rerun_flag_query(pin_open)
        else:  # the index learns the new flags in a worker (the next is: filter needs them)
            self._flags_worker(source, dict(self._path_keys), dict(self._marks), rerun)

    def _rerun_flag_query(self, pin_open: bool = True) -> None:
        if self._wanted is None:
            return
        if pin_open and self.hide_read and self._current_key is not None and self._pin is None:
            self._pin = self._current_key  # the open article stays until the user moves
        self._results.clear()
        self._run_query(self._wanted)

    def _store_says(self, key: str) -> Marks:
        marks = self.state.marks(key)
        self._marks[key] = marks
        self._daily_notices()
        return marks

    def _target_article(self) -> Article | None:
        """The article under the list's cursor (the pane shows it too, once its Highlighted
        message is handled: a key typed right after j must not act on the previous one)."""
        index = self.sidebar.highlighted
        if index is None or self.source is None:
            return None
        pane_article = self.pane.article
        if index == self.current and pane_article is not None:
            return pane_article
        try:
            return self.source.article(index)
        except Exception:  # noqa: BLE001 - gone from the index meanwhile
            return None

    def _target(self) -> tuple[Article | None, str | None]:
        """The article under the cursor and its content key."""
        article = self._target_article()
        if article is None:
            return None, None
        key = content_key(article) if article.paragraphs else self._path_keys.get(article.path)
        return article, key

    def _cancel_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
        self._read_timer = None
        self._read_pending = None

    def _read_timer_fired(self) -> None:
        key, self._read_pending, self._read_timer = self._read_pending, None, None
        if key is None or key != self._open_key:
            return
        self.state.set_read(key, True)
        self._store_says(key)
        self._marks_changed()

    # -- actions -------------------------------------------------------------------------------------

    def action_toggle_star(self) -> None:
        article, key = self._target()
        if key is None:
            self.notify("Open an article first.", title="Nothing to star", severity="warning", markup=False)
            return
        self.state.toggle_starred(key)
        marks = self._store_says(key)
        self._marks_changed()
        self.notify(self._short_title(article), title="Starred ★" if marks.starred else "Star removed", timeout=2,
                    markup=False)

    def action_toggle_read(self) -> None:
        article, key = self._target()
        if key is None:
            self.notify("Open an article first.", title="Nothing to mark", severity="warning", markup=False)
            return
        self._cancel_read_timer()  # an explicit choice wins over the automatic one
        self.state.toggle_read(key)
        marks = self._store_says(key)
        self._marks_changed()
        self.notify(self._short_title(article), title="Marked read" if marks.read else "Marked unread", timeout=2,
                    markup=False)

    def action_toggle_hide_read(self) -> None:
        from reader.query import QueryError, parse_query

        self.hide_read = not self.hide_read
        self._pin = self._current_key if self.hide_read else None
        try:
            query = parse_query(self.query_text or self.filter_input.value)
        except QueryError:
            query = parse_query("")
        self._wanted = self._daily_query(query)
        self._results.clear()
        self._run_query(self._wanted)
        self.notify("Read articles are hidden (u shows them)." if self.hide_read else "Showing read articles too.",
                    title="Hide read: on" if self.hide_read else "Hide read: off", timeout=3, markup=False)

    def action_export(self) -> None:
        from reader.export.markdown import article_filename, article_to_markdown
        from reader.ui.save_dialog import SaveDialog

        article = self._target_article()
        if article is None:
            self.notify("Open an article first.", title="Nothing to save", severity="warning", markup=False)
            return
        default = Path.cwd() / article_filename(article)
        self.push_screen(SaveDialog(lambda: article_to_markdown(article), default), self._saved)

    def action_export_all(self) -> None:
        from reader.export.markdown import articles_to_markdown, selection_filename
        from reader.ui.save_dialog import SaveDialog

        source, positions = self.source, list(self.sidebar.positions)
        if source is None or not positions:
            self.notify("No articles are shown.", title="Nothing to save", severity="warning", markup=False)
            return

        def content() -> str:
            articles = (source.article(position) for position in positions)
            return articles_to_markdown(article for article in articles if article is not None)

        default = Path.cwd() / selection_filename(self.query_text)
        count = len(positions)
        title = f"Save {count:,} article{'s' if count != 1 else ''} as Markdown"
        self.push_screen(SaveDialog(content, default, title=title), self._saved)

    def _saved(self, path: Path | None) -> None:
        if path is not None:
            self.notify(visible_name(path), title="Saved", markup=False)

    def action_copy_text(self) -> None:
        from reader.ui.external import copy_article_text

        copy_article_text(self, self._target_article())

    def action_open_pager(self) -> None:
        self._open_external("pager")

    def action_open_editor(self) -> None:
        self._open_external("editor")

    def _open_external(self, kind: str) -> None:
        from reader.ui.external import open_in_editor, open_in_pager

        article = self._target_article()
        if article is None:
            self.notify("Open an article first.", title=f"Nothing to open in the {kind}", severity="warning",
                        markup=False)
            return
        (open_in_pager if kind == "pager" else open_in_editor)(self, article.path, runner=self.external_runner)
        if kind == "editor":
            self.action_reload(quiet=True)  # the file may have changed

    @staticmethod
    def _short_title(article: Article | None) -> str:
        title = visible(" ".join((article.title if article is not None else "").split())) or "Untitled"
        return title if len(title) <= 60 else title[:59] + "…"

    # -- reload and --watch ------------------------------------------------------------------------------

    def action_reload(self, quiet: bool = False) -> None:
        """r: re-scan the folders; new, changed and deleted files show up, keeping the cursor and filter."""
        source = self._latest or self.source
        if source is None or not self.loaded or self._reloading:
            if not quiet:
                self.notify("Still indexing; try again in a moment.", title="Reload", severity="warning", markup=False)
            return
        self._reloading = True
        # Where the cursor should land if the open article is gone: its neighbours, nearest first.
        sidebar = self.sidebar
        around = []
        if self.source is not None and sidebar.positions:
            cursor = sidebar.cursor
            for step in (1, -1, 2, -2):
                if 0 <= cursor + step < len(sidebar.positions):
                    try:
                        around.append(self.source.key(sidebar.positions[cursor + step]))
                    except Exception:  # noqa: BLE001
                        pass
        open_path = self.pane.article.path if self.pane.article is not None else None
        self._reload_worker(source, open_path, around, quiet)

    @work(thread=True, exclusive=True, group="daily-reload", exit_on_error=False)
    def _reload_worker(self, source, open_path: str | None, around: list, quiet: bool) -> None:
        index = source.index
        if self._watcher is not None:
            # The baseline is taken before the sync reads the folders: a file written while it
            # runs is then a change the next poll reports, not part of a baseline it never saw.
            try:
                self._watcher.reset()
            except Exception:  # noqa: BLE001 - a folder that went away: the sync reports it
                pass
        try:
            report = index.sync()
        except Exception as error:  # noqa: BLE001
            self._call(self._reload_done, None, None, None, around, quiet, f"{type(error).__name__}: {error}")
            return
        changed = report.added or report.updated or report.removed
        fresh = source.next(report.problems) if changed or report.problems != source.problems else None
        new_id = None
        if open_path is not None and fresh is not None:
            try:  # a changed file gets a new row: find the open article by its path
                row = index._read(lambda db: db.execute(
                    "SELECT id FROM articles WHERE path = ?", (open_path,)).fetchone(), None)
                new_id = row[0] if row else None
            except Exception:  # noqa: BLE001
                new_id = None
        self._call(self._reload_done, fresh, report, new_id, around, quiet, None)
        if fresh is not None:
            try:
                index.sync_entities()
            except Exception:  # noqa: BLE001 - entity filters just find less
                pass

    def _call(self, function, *args) -> None:
        try:
            self.call_from_thread(function, *args)
        except RuntimeError:
            pass

    def _reload_done(self, fresh, report, new_id, around: list, quiet: bool, error: str | None) -> None:
        self._reloading = False
        if error is not None:
            self.notify(visible(error), title="Reload failed", severity="error", markup=False)
            return
        if fresh is None:
            if not quiet:
                self.notify("No changes.", title="Reloaded", timeout=2, markup=False)
            return
        if fresh.find(self._current_key) is None or new_id is not None:
            # the open article changed (a new row) or went away: follow it, else a neighbour
            candidates = ([new_id] if new_id is not None else []) + around
            self._current_key = next((key for key in candidates if fresh.find(key) is not None), None)
            self.current = None  # re-open, so the pane shows the file as it is now
        self._take(fresh)
        parts = [f"{count:,} {what}" for count, what in
                 ((report.added, "new"), (report.updated, "changed"), (report.removed, "removed")) if count]
        if parts or not quiet:
            self.notify(", ".join(parts) or "No changes.", title="Reloaded", timeout=3, markup=False)

    def _watch_tick(self) -> None:
        if self._reloading or not self.loaded:
            return
        if self._watcher is None:
            from reader.session.watch import FolderWatcher

            source = self._latest or self.source
            if source is None:
                return
            roots = list(source.index.roots)
            if not roots:
                from reader.ingest.files import seeds_dir

                roots = [seeds_dir()]
            self._watcher = FolderWatcher(roots, WATCH_INTERVAL)
        if self._watcher.due():
            self._watch_worker()

    @work(thread=True, exclusive=True, group="daily-watch", exit_on_error=False)
    def _watch_worker(self) -> None:
        watcher = self._watcher
        if watcher is None or self._reloading:
            return
        # The first poll only takes a baseline, after the start-up sync read the folders: one
        # quiet reload then catches a file written in between (it costs a walk of the folders).
        first = watcher.signature is None
        try:
            changed = watcher.poll()
        except Exception:  # noqa: BLE001 - a folder that went away: the reload reports it
            changed = True
        if changed or first:
            self._call(self.action_reload, True)

