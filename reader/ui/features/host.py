"""What a feature (marks, sharing, reload, entities) may use of the screen that holds it.

The main screen (reader.ui.screens.main.MainScreen) creates the features and calls them; they
reach back only through `FeatureHost`, so they never import the screen, and what they depend on
is written down here, in one place (mypy checks that MainScreen provides all of it). Results
from their threads come back as messages to the host (reader.ui.messages.hand_back).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message
    from textual.notifications import SeverityLevel
    from textual.widget import Widget

    from reader.model import Article
    from reader.session.filtering import FilterState
    from reader.session.loader import Loader
    from reader.session.source import IndexSource
    from reader.ui.widgets.entity_legend import EntityLegend
    from reader.ui.widgets.filter_bar import FilterInput
    from reader.ui.widgets.reading_pane import ReadingPane
    from reader.ui.widgets.sidebar import ArticleList
    from reader.ui.widgets.timeline import TimelineChart


class FeatureHost(Protocol):
    """The main screen as its features see it."""

    # -- what the screen shows ------------------------------------------------------------------

    loader: Loader
    source: IndexSource | None  # what the sidebar shows
    latest: IndexSource | None  # the newest snapshot (queries run on it)
    loaded: bool  # indexing finished
    filtering: FilterState
    current_key: Any  # the open article's key in its source

    @property
    def closing(self) -> bool: ...

    # -- its widgets ----------------------------------------------------------------------------

    @property
    def pane(self) -> ReadingPane: ...

    @property
    def sidebar(self) -> ArticleList: ...

    @property
    def filter_input(self) -> FilterInput: ...

    @property
    def entity_legend(self) -> EntityLegend: ...

    @property
    def timeline(self) -> TimelineChart: ...

    def mount_beside_pane(self, widget: Widget) -> None: ...

    def mount_in_main(self, widget: Widget, before: str) -> None: ...

    def mount_in_sidebar(self, widget: Widget) -> None: ...

    # -- what the features ask of it ------------------------------------------------------------

    def target_article(self) -> Article | None: ...

    def follow(self, fresh: IndexSource, new_id: int | None, around: list[Any]) -> None: ...

    def set_filter(self, text: str) -> None: ...

    def open_article(self, index: int) -> None: ...

    def rerun(self) -> None: ...

    def rerun_entity_query(self) -> None: ...

    def refresh_rows(self) -> None: ...

    def update_footer(self) -> None: ...

    def action_reload(self, quiet: bool = False) -> None: ...

    def reload_soon(self) -> None: ...

    def startup_done(self) -> None: ...

    # -- Textual's side -------------------------------------------------------------------------

    @property
    def app(self) -> App[Any]: ...

    @property
    def is_mounted(self) -> bool: ...

    @property
    def focused(self) -> Widget | None: ...

    def post_message(self, message: Message) -> bool: ...

    def run_worker(
        self,
        work: Callable[[], Any],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> object: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...

    def call_after_refresh(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...

    def set_timer(self, delay: float, callback: Callable[[], Any] | None = None, *, name: str | None = None) -> Any: ...

    def set_interval(
        self, interval: float, callback: Callable[[], Any] | None = None, *, name: str | None = None
    ) -> Any: ...

    def query_one_optional(self, selector: str, expect_type: type[Any]) -> Any: ...

    def has_class(self, *class_names: str) -> bool: ...

    def add_class(self, *class_names: str, update: bool = True) -> object: ...

    def remove_class(self, *class_names: str, update: bool = True) -> object: ...

    def toggle_class(self, *class_names: str) -> object: ...
