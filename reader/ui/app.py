"""The reader app: settings, theme, keymap and app-wide keys; the `MainScreen` does the rest.

`ReaderApp` loads the config (theme, sidebar width, dates, hide-read default, colours, keys),
starts the `Loader` thread if the caller did not, and returns the main screen
(reader.ui.screens.main) from `get_default_screen`. It also guards shutdown: once ``q`` was
pressed, input still queued behind it is dropped (`closing`), because key storms during
shutdown crashed the app. `run_app` is what ``reader`` runs.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen

from reader.session.loader import Loader
from reader.ui.keymap import APP_BINDINGS, default_keymap
from reader.ui.notifications import ExpiringNotification
from reader.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from reader.config import Config
    from reader.model import Problem
    from reader.session.entity_view import EntityChoices
    from reader.session.source import IndexSource
    from reader.ui.widgets.entities_panel import EntitiesPanel
    from reader.ui.widgets.entity_legend import EntityLegend
    from reader.ui.widgets.filter_bar import FilterBar, FilterInput
    from reader.ui.widgets.reading_pane import ReadingPane
    from reader.ui.widgets.sidebar import ArticleList

#: Garbage collection resumes at the latest this long after the first frame (`startup_done`).
STARTUP_GC_AFTER = 2.0
#: Input that `ReaderApp.on_event` drops once the app is closing.
_INPUT_EVENTS = (events.Key, events.MouseEvent, events.Paste)


def _command_provider() -> Any:
    from reader.ui.commands import ArticleSearch

    return ArticleSearch


class ReaderApp(App[int]):
    """Read a collection of articles."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDING_GROUP_TITLE = "App"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (110, "-wide")]  # noqa: RUF012 - an App attribute
    COMMANDS = App.COMMANDS | {_command_provider}
    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS]  # the main screen has the rest (reader.ui.keymap)

    def __init__(
        self,
        paths: Sequence[str] = (),
        *,
        loader: Loader | None = None,
        no_cache: bool = False,
        cache_dir: str | None = None,
        watch: bool = False,
        config: Config | None = None,
        config_problems: Sequence[str] = (),
    ) -> None:
        """``watch`` re-scans the folders when files change; ``config`` (else the user's
        config file) sets the theme, sidebar, dates, hide-read default, colours and keys."""
        super().__init__()
        self.paths = list(paths)
        self.no_cache = no_cache
        self.cache_dir = cache_dir
        self.watching = watch
        self._loader = loader
        self._quitting = False  # exit() was called (`closing`)
        self.external_runner = None  # tests inject a runner for o / O
        if config is None:
            config, config_problems = self._load_config()
        self.config = config
        self._config_problems = list(config_problems)
        from reader.ingest.formats import configure

        configure(config.fields)  # (how dataset records are read: before any file is)
        try:
            self.theme = config.theme
        except Exception as error:  # noqa: BLE001 - an unknown theme: keep the default, say why
            self._config_problems.append(f"theme {config.theme!r} cannot be used ({error}); using the default")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification of the app (widgets' and screens' notify come here): one whose toast
        cannot freeze the app (reader.ui.notifications). Thread-safe, as Textual's is."""
        if timeout is None:
            timeout = self.NOTIFICATION_TIMEOUT
        self.post_message(Notify(ExpiringNotification(message, title, severity, timeout, markup=markup)))

    def _load_config(self) -> tuple[Config, list[str]]:
        from reader.config import load_config

        def binding_ids() -> list[str] | None:  # imports every UI module: only for a [keys] table
            try:
                return list(default_keymap())
            except Exception:  # noqa: BLE001
                return None

        return load_config(themes=list(self.available_themes), binding_ids=binding_ids)

    def get_default_screen(self) -> Screen[Any]:
        if self._loader is None:
            self._loader = Loader(self.paths, no_cache=self.no_cache, cache_dir=self.cache_dir).start()
        return MainScreen(self._loader, self.config, watch=self.watching)

    def on_mount(self) -> None:
        """Before the main screen mounts: the keymap and sidebar width from the config, and what was wrong with it."""
        config = self.config
        if config.keys:
            try:
                self.set_keymap(dict(config.keys))
            except Exception as error:  # noqa: BLE001
                self._config_problems.append(f"key overrides cannot be used ({error})")
        self._apply_sidebar_width(config.sidebar_width)
        for problem in self._config_problems:
            from reader.ui import visible

            self.notify(visible(problem), title="Config", severity="warning", markup=False, timeout=10)

    def _apply_sidebar_width(self, width: int) -> None:
        from reader.config import Config

        if width == Config().sidebar_width:
            return  # the stylesheet's responsive widths (44 wide, 34 medium)
        css = f"Screen.-wide #main > #sidebar, Screen.-medium #main > #sidebar {{ width: {int(width)}; }}"
        self.stylesheet.add_source(css, read_from=("config", "sidebar_width"))
        self.stylesheet.reparse()
        self.refresh_css()

    def first_frame_out(self) -> None:
        """Work kept off the first frame: the resource tracker, the sync (and see `startup_done`)."""
        _start_resource_tracker()
        if self._loader is not None:
            self._loader.go()
        self.set_timer(STARTUP_GC_AFTER, self.startup_done)  # no article to open: don't wait for one

    def startup_done(self) -> None:
        """The first article and its entities are shown: garbage collection starts (reader.cli
        disabled it for start-up), never scanning what start-up built. That includes the entity
        recogniser's word lists, whose ~500,000 references would otherwise be walked by every
        full collection (~20 ms each, in the middle of a keystroke)."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    # -- shutdown --------------------------------------------------------------------------------------

    @property
    def closing(self) -> bool:
        """The app is quitting (`exit` was called) or the main screen's widgets are gone.

        The one check for everything that can arrive late: keys and clicks queued behind ``q``
        (`on_event`), actions (`run_action`: a binding, a click, a palette command), timers and
        callbacks. A save dialog pushed while the app shuts down would mount without its widgets.
        """
        if self._quitting:
            return True
        try:
            stack = self.screen_stack
        except Exception:  # noqa: BLE001 - the modes are gone: shutting down
            return True
        return not stack or not stack[0].query("#sidebar-footer")

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None:
        self._quitting = True
        super().exit(result, return_code, message)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _INPUT_EVENTS) and self.closing:
            return  # typed or clicked after q (or while the screens close): dropped
        await super().on_event(event)

    async def run_action(self, action: Any, default_namespace: Any = None, namespaces: Any = None) -> bool:
        if self.closing:
            return False
        if isinstance(action, str) and action.startswith("app."):
            name = action[4:].partition("(")[0]
            if not hasattr(self, f"action_{name}") and hasattr(MainScreen, f"action_{name}"):
                # The main screen's actions answer to their app.* names too ("app.help", "app.star").
                return await super().run_action(action[4:], self.main_screen, namespaces)
        return await super().run_action(action, default_namespace, namespaces)

    async def _on_key(self, event: events.Key) -> None:
        """A key queued for the list before "/" moved focus to the filter (a paste, fast typing):
        it bubbles up here with a text field focused, which would have taken it, so it was meant
        for that field, not for the one-letter bindings (s, m, e, ...). Type it there."""
        from textual.widgets import Input

        focused = self.focused
        if isinstance(focused, Input) and not focused.disabled and event.is_printable and event.character:
            event.prevent_default()  # App._on_key would run the binding
            event.stop()
            focused.insert_text_at_cursor(event.character)

    async def action_quit(self) -> None:
        if self._loader is not None:
            self._loader.stop(timeout=0)  # indexing stops at its next batch boundary
        self.exit(0)

    # -- the command palette ---------------------------------------------------------------------------

    def action_command_palette(self) -> None:
        from reader.ui.commands import ReaderCommandPalette

        if self.use_command_palette and not ReaderCommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(ReaderCommandPalette(id="--command-palette"))

    def action_open_article_palette(self) -> None:
        from reader.ui.commands import open_article_palette

        open_article_palette(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        main = self.main_screen
        yield SystemCommand("Open article…", "Find an article by its title", self.action_open_article_palette)
        yield SystemCommand("Focus filter", "Type to filter the articles (/)", main.action_focus_filter)
        yield SystemCommand("Toggle sidebar", "Hide or show the article list (\\)", main.action_toggle_sidebar)
        yield SystemCommand(
            "Toggle entities panel",
            "People, organisations, places… of the open article (i)",
            main.action_toggle_entities,
        )
        yield SystemCommand("Show problems", "Files that were skipped, and why (!)", main.action_problems)
        yield SystemCommand("Help", "Every key, by part of the screen (?)", main.action_help)
        yield SystemCommand("Focus list", "Move to the article list", main.action_focus_list)

    # -- the main screen and what it shows (for the palette, tests and benchmarks) --------------------------

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def open_article(self, index: int) -> None:
        self.main_screen.open_article(index)

    @property
    def source(self) -> IndexSource | None:
        return self.main_screen.source

    @property
    def articles(self) -> Sequence[Any]:
        return self.main_screen.articles

    @property
    def problems(self) -> list[Problem]:
        return self.main_screen.problems

    @property
    def loaded(self) -> bool:
        return self.main_screen.loaded

    @property
    def finding_entities(self) -> bool:
        return self.main_screen.finding_entities

    @property
    def current(self) -> int | None:
        return self.main_screen.current

    @property
    def query_text(self) -> str:
        return self.main_screen.filtering.text

    @property
    def query_error(self) -> str | None:
        return self.main_screen.filtering.error

    @property
    def applied_generation(self) -> int:
        return self.main_screen.filtering.applied_generation

    @property
    def searching(self) -> bool:
        return self.main_screen.filtering.searching

    @property
    def hide_read(self) -> bool:
        return self.main_screen.filtering.hide_read

    @property
    def entities(self) -> EntityChoices:
        """The highlighted labels and the entity chosen in the panel."""
        return self.main_screen.entities.choices

    @property
    def entity_pass_done(self) -> bool:
        return self.main_screen.entities.pass_done

    @property
    def sidebar(self) -> ArticleList:
        return self.main_screen.sidebar

    @property
    def pane(self) -> ReadingPane:
        return self.main_screen.pane

    @property
    def filter_input(self) -> FilterInput:
        return self.main_screen.filter_input

    @property
    def filter_bar(self) -> FilterBar:
        return self.main_screen.filter_bar

    @property
    def entity_legend(self) -> EntityLegend:
        return self.main_screen.entity_legend

    @property
    def entities_panel(self) -> EntitiesPanel:
        return self.main_screen.entities_panel


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (worker processes need it) with the real stderr.

    It passes ``sys.stderr.fileno()`` to its process, which is -1 while Textual captures
    stderr, so the main thread starts it with the real one put back for a moment; the
    loader's worker processes wait for it (`Loader.go`).
    """
    from multiprocessing import resource_tracker

    captured = sys.stderr
    sys.stderr = sys.__stderr__ or captured
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def run_app(
    paths: Sequence[str] = (), *, no_cache: bool = False, cache_dir: str | None = None, watch: bool = False
) -> int:
    """Run the app on ``paths`` (the bundled seeds when empty); returns the exit status.

    ``no_cache`` keeps the index in memory (nothing read from or written to the cache
    folder); ``cache_dir`` overrides the user cache directory; ``watch`` re-scans the
    folders when their files change.
    """
    loader = Loader(paths, no_cache=no_cache, cache_dir=cache_dir).start()  # opens the index while Textual starts
    app = ReaderApp(paths, loader=loader, no_cache=no_cache, cache_dir=cache_dir, watch=watch)
    try:
        result = app.run()
    finally:
        loader.stop(timeout=5.0)  # lets a batch in flight commit; worker processes are cancelled
    if app.return_code not in (None, 0):
        return app.return_code
    return result if isinstance(result, int) else 0


if TYPE_CHECKING:
    from reader.ui.screens.main import AppHost

    _reader_app_hosts_the_screen: type[AppHost] = ReaderApp
