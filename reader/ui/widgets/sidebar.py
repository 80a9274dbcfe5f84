"""The article list: a virtual list on Textual's Line API.

Only the rows on screen are rendered, so the cost of a frame does not depend on
the number of articles. Rows are the *visible* articles (the positions a filter
let through, ascending, so newest first), with an "Undated" header row between
the dated and the undated ones. The cursor is a position in ``positions``, never
the header.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from reader.model import Article
from reader.ui import visible
from reader.ui.widgets.line_view import LineView

#: A row's gutter mark and whether it is bold, e.g. ("★", True) for a starred unread article: the
#: screen knows the marks, the list only draws them.
RowState = Callable[[Article], tuple[str, bool]]

DATE_WIDTH = 10


#: Rows at least this wide name the article's source (when there are several); in this many characters at most.
MIN_SOURCE_WIDTH = 30
SOURCE_CHARS = 16


def _cut(text: str, width: int) -> str:
    """``text`` in ``width`` cells at most, with an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)).rstrip() + "…" if width > 0 else ""


def row_date(article: Article) -> str:
    """The date column: ISO to the article's precision ("2024", "2024-03", "2024-03-05")."""
    return article.date.iso()[:DATE_WIDTH] if article.date is not None else ""


def one_line(text: str) -> str:
    """A title made safe for a single row: no line breaks or tabs."""
    if "\n" in text or "\t" in text or "\r" in text:
        text = " ".join(text.split())
    return text


class ArticleList(LineView, can_focus=True):
    """Dated articles newest first, then an "Undated" section."""

    BINDING_GROUP_TITLE = "Sidebar"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("enter,l", "read", "Read", id="list.read"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--date",
        "article-list--source",
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--section",
        "article-list--empty",
        "article-list--unread",
    }

    cursor: reactive[int] = reactive(0, always_update=False, init=False)
    """Position of the cursor in ``positions`` (0 when the list is empty)."""

    class Highlighted(Message):
        """The cursor moved to another article (the app previews it)."""

        def __init__(self, article_list: ArticleList, index: int | None) -> None:
            super().__init__()
            self.article_list = article_list
            self.index = index  # index into ``articles``, None when the list is empty

        @property
        def control(self) -> ArticleList:
            return self.article_list

    class Chosen(Message):
        """Enter/l on an article: the app moves focus into the reading pane."""

        def __init__(self, article_list: ArticleList, index: int) -> None:
            super().__init__()
            self.article_list = article_list
            self.index = index

        @property
        def control(self) -> ArticleList:
            return self.article_list

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.articles: Sequence[Article] = []
        self.positions: Sequence[int] = []
        self._n_dated = 0  # visible dated rows; the undated ones follow a header
        self._first_undated = 0  # index in ``articles`` of the first undated one
        self.empty_message = "No articles"
        self.row_state: RowState | None = None
        self._date_format: str | None = None  # strftime pattern (config); None: ISO to the date's precision
        self._date_width = DATE_WIDTH
        self._cache: LRUCache[tuple[Any, ...], Strip] = LRUCache(1024)
        #: Whether rows end with the article's source (set when the collection has more than one).
        self.show_sources = False

    @property
    def date_format(self) -> str | None:
        return self._date_format

    @date_format.setter
    def date_format(self, pattern: str | None) -> None:
        """Format day-precision dates with ``pattern`` (`ArticleDate.formatted`); the column fits it."""
        from reader.config import SAMPLE_DATE

        self._date_format = pattern
        try:
            width = len(SAMPLE_DATE.strftime(pattern)) if pattern else DATE_WIDTH
        except Exception:  # noqa: BLE001
            width = DATE_WIDTH
        self._date_width = max(DATE_WIDTH, width)
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Redraw every row (their marks or date format changed)."""
        self._cache.clear()
        self.refresh()

    # -- data, set by the app ------------------------------------------------

    def set_articles(
        self,
        articles: Sequence[Article],
        visible: Sequence[int] | None = None,
        first_undated: int | None = None,
        cursor_index: int | None = None,
    ) -> None:
        """All articles, sorted (dated newest first, then undated).

        ``first_undated`` is the index of the first undated one when the caller knows it
        (else found by binary search); ``articles`` may be a lazy sequence.
        """
        self.articles = articles
        self._cache.clear()  # rows are cached by index into ``articles``
        if first_undated is None:
            from reader.session.source import first_undated as find_first_undated

            first_undated = find_first_undated(articles)
        self._first_undated = first_undated
        self.set_visible(range(len(articles)) if visible is None else visible, cursor_index=cursor_index)

    def set_visible(self, positions: Sequence[int], cursor_index: int | None = None) -> None:
        """Show only these article indices (ascending); put the cursor on ``cursor_index`` if shown."""
        self.positions = positions
        self._n_dated = bisect_left(positions, self._first_undated)
        # The row cache stays: it is keyed by article, and a new filter mostly shows articles the
        # last one showed too (the newest matches), so a keystroke redraws few rows from scratch.
        rows = self.row_count
        self.virtual_size = Size(self.size.width, rows)
        position = 0
        if cursor_index is not None:
            found = self.position_of(cursor_index)
            position = found if found is not None else 0
        self.set_reactive(ArticleList.cursor, position)
        self.refresh()
        if self.is_mounted:
            self._scroll_cursor_visible(center=True)

    def position_of(self, index: int) -> int | None:
        """The position of article ``index`` in ``positions``, or None."""
        position = bisect_left(self.positions, index)
        if position < len(self.positions) and self.positions[position] == index:
            return position
        return None

    # -- geometry ---------------------------------------------------------------

    @property
    def has_undated_section(self) -> bool:
        return self._n_dated < len(self.positions)

    @property
    def row_count(self) -> int:
        return len(self.positions) + (1 if self.has_undated_section else 0)

    def row_of(self, position: int) -> int:
        return position if position < self._n_dated else position + 1

    def position_at_row(self, row: int) -> int | None:
        if row < self._n_dated:
            return row
        if row == self._n_dated:
            return None  # the "Undated" header
        position = row - 1
        return position if position < len(self.positions) else None

    @property
    def highlighted(self) -> int | None:
        """Index into ``articles`` of the article under the cursor."""
        if not self.positions:
            return None
        return self.positions[min(self.cursor, len(self.positions) - 1)]

    # -- cursor -----------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.positions) - 1)) if self.positions else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line_row(self.row_of(old))
        self.refresh_line_row(self.row_of(new))
        self._scroll_cursor_visible()
        self.post_message(self.Highlighted(self, self.highlighted))

    def refresh_line_row(self, row: int) -> None:
        self.refresh(Region(0, row - round(self.scroll_offset.y), self.size.width, 1))

    def _scroll_cursor_visible(self, center: bool = False) -> None:
        if not self.positions:
            self.scroll_to(y=0, animate=False, immediate=True)
            return
        row = self.row_of(self.cursor)
        # Keep the "Undated" header in view when the cursor is on its first row.
        top = row - 1 if row == self._n_dated + 1 and self.has_undated_section else row
        self.scroll_to_region(
            Region(0, top, 1, row - top + 1), animate=False, center=center, force=True, immediate=True
        )

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.positions) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_read(self) -> None:
        index = self.highlighted
        if index is not None:
            self.post_message(self.Chosen(self, index))

    # -- mouse --------------------------------------------------------------------

    async def _on_click(self, event: events.Click) -> None:
        row = event.y + round(self.scroll_offset.y)
        position = self.position_at_row(row)
        if position is not None:
            self.cursor = position
            if event.chain > 1:
                self.action_read()

    # -- rendering ------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(event.size.width, self.row_count)

    def on_focus(self) -> None:
        self.refresh_line_row(self.row_of(self.cursor))

    def on_blur(self) -> None:
        self.refresh_line_row(self.row_of(self.cursor))

    def render_line(self, y: int) -> Strip:
        row = y + round(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        base = self.base_style
        if not self.positions:
            if y == 1:
                return self._text_strip(Text(f"  {self.empty_message}"), width, base + self._style("empty"))
            return Strip.blank(width, base)
        if row >= self.row_count:
            return Strip.blank(width, base)
        position = self.position_at_row(row)
        if position is None:
            key: tuple[Any, ...] = ("section", width)
            strip = self._cache.get(key)
            if strip is None:
                strip = self._text_strip(Text(" Undated"), width, base + self._style("section"))
                self._cache[key] = strip
            return strip.apply_offsets(0, row)
        index = self.positions[position]
        cursor = position == self.cursor
        focused = self.has_focus
        key = (index, width, cursor, cursor and focused)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(self.articles[index], width, cursor, focused)
            self._cache[key] = strip
        return strip.apply_offsets(0, row)

    def _style(self, part: str) -> Style:
        return self.part_style(f"article-list--{part}")

    def _text_strip(self, text: Text, width: int, style: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        rendered = text.render(self.app.console)
        segments = [Segment(seg.text, style + seg.style if seg.style else style) for seg in rendered]
        return Strip(segments, width)

    def _render_row(self, article: Article, width: int, cursor: bool, focused: bool) -> Strip:
        base = self.base_style
        mark, bold = self.row_state(article) if self.row_state is not None else (" ", False)
        text = Text(no_wrap=True, end="")
        text.append(mark[:1] or " ")
        date = row_date(article)
        if width >= 28 and article.date is not None:
            if self._date_format is not None:
                date = article.date.formatted(self._date_format)
            text.append(f"{date:<{self._date_width}} ", self._style("date"))
        elif article.date is not None:
            text.append(f"{date[:4]} ", self._style("date"))
        title = visible(one_line(article.title)) or "(untitled)"
        source = visible(one_line(article.source or "")) if self.show_sources and width >= MIN_SOURCE_WIDTH else ""
        if source:  # at the row's end, in a quarter of it at most; the title gives way up to there
            column = min(SOURCE_CHARS, width // 4)  # (one column: the titles end at one place)
            source = _cut(source, column)
            source += " " * (column - cell_len(source))
            room = width - text.cell_len - column - 1
            title = _cut(title, room)
            title += " " * (room - cell_len(title) + 1)
        text.append(title, self._style("unread") if bold else None)
        if source:
            text.append(source, self._style("source"))
        if cursor:
            style = base + self._style("cursor" if focused else "cursor-blurred")
            text.stylize(style)  # cursor colours win over the date colour
            return self._text_strip(text, width, style)
        return self._text_strip(text, width, base)
