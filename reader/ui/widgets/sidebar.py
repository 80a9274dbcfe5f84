"""The article list: a virtual list on Textual's Line API.

Only the rows on screen are rendered, so the cost of a frame does not depend on
the number of articles. ``positions`` are the articles a filter let through (indices
into ``articles``, ascending, so newest first); ``rows`` are the ones drawn: the same,
unless same-story groups are folded (reader.session.stories: a group is drawn as its
first shown article with a count, its members under it once unfolded). An "Undated"
header line comes between the dated and the undated rows. The cursor is an index
into ``rows``, never the header; a "position" below is such an index.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

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

if TYPE_CHECKING:
    from reader.session.stories import RowInGroup, StoryMap, StoryRows

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
        Binding("space", "toggle_story", "Fold/unfold the same story", show=False, id="list.story"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--date",
        "article-list--source",
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--section",
        "article-list--empty",
        "article-list--unread",
        "article-list--story",
    }

    cursor: reactive[int] = reactive(0, always_update=False, init=False)
    """Position of the cursor in ``rows`` (0 when the list is empty)."""

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
        self.positions: Sequence[int] = []  # what the filter let through (E saves them, the counts count them)
        self.rows: Sequence[int] = []  # the ones drawn: ``positions``, or ``_grouped``
        self._grouped: StoryRows | None = None  # a view of ``positions`` with same-story groups folded
        # The same-story groups among ``articles`` (reader.session.stories loads with the first).
        self._stories: StoryMap | None = None
        self._group_stories = True
        self._unfolded: set[int] = set()  # story ids of the groups drawn unfolded
        self._badges: dict[tuple[int, int], tuple[int, int]] = {}  # (index, width) -> a group's count cells
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

    @property
    def group_stories(self) -> bool:
        """Whether articles telling the same story are drawn as one row (the config's group_stories)."""
        return self._group_stories

    @group_stories.setter
    def group_stories(self, on: bool) -> None:
        self._group_stories = on
        self._regroup(self.highlighted)

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
        self._stories = None  # (positions of the last snapshot's groups: `set_stories` gives these)
        self._badges.clear()
        if first_undated is None:
            from reader.session.source import first_undated as find_first_undated

            first_undated = find_first_undated(articles)
        self._first_undated = first_undated
        self.set_visible(range(len(articles)) if visible is None else visible, cursor_index=cursor_index)

    def set_visible(self, positions: Sequence[int], cursor_index: int | None = None) -> None:
        """Show only these article indices (ascending); put the cursor on ``cursor_index`` if shown."""
        self.positions = positions
        # The row cache stays: it is keyed by article, and a new filter mostly shows articles the
        # last one showed too (the newest matches), so a keystroke redraws few rows from scratch.
        self._regroup(cursor_index, center=True)

    def set_stories(self, stories: StoryMap) -> None:
        """The same-story groups of ``articles`` (found after the rows, in a worker): regroup,
        the cursor staying on its article."""
        self._stories = stories
        self._regroup(self.highlighted)

    def position_of(self, index: int) -> int | None:
        """The position of article ``index`` in ``rows`` (where the cursor shows it), or None if it
        is not shown. An article folded in its group is shown: the group is unfolded, so that it has a row."""
        grouped = self._grouped
        if grouped is not None and grouped.folded(index):
            story = grouped.story_of(index)
            if story is not None:
                self._unfolded.add(story)
                self._regroup(self.highlighted)
        return self._row_of(index)

    def _row_of(self, index: int) -> int | None:
        if self._grouped is not None:
            return self._grouped.row_of(index)
        rows = self.rows
        position = bisect_left(rows, index)
        if position < len(rows) and rows[position] == index:
            return position
        return None

    def _regroup(self, keep: int | None, *, center: bool = False, announce: bool = False) -> None:
        """Make the rows to draw from ``positions`` and put the cursor on article ``keep`` (its
        group unfolded if it would be folded away), else on the first row. ``announce``: post
        Highlighted when the cursor's article changed (set_visible's caller opens it itself)."""
        before = self.highlighted
        grouped = self._group(keep) if self._group_stories and self._stories else None
        self._grouped = grouped
        if grouped is not None:
            self.rows = grouped
            self._n_dated = grouped.rows_before(self._first_undated)
        else:
            self.rows = self.positions
            self._n_dated = bisect_left(self.positions, self._first_undated)
        self.virtual_size = Size(self.size.width, self.row_count)
        found = self._row_of(keep) if keep is not None else None
        self.set_reactive(ArticleList.cursor, found if found is not None else 0)
        self.refresh()
        if self.is_mounted:
            self._scroll_cursor_visible(center=center)
        if announce and self.highlighted != before:
            self.post_message(self.Highlighted(self, self.highlighted))

    def _group(self, keep: int | None) -> StoryRows | None:
        """``positions`` with their groups folded (None: no two share a group), ``keep`` never folded away."""
        from reader.session.stories import StoryRows, group_rows

        assert self._stories is not None
        rows = group_rows(self._stories, self.positions, self._unfolded)
        if keep is not None and isinstance(rows, StoryRows) and rows.folded(keep):
            story = rows.story_of(keep)
            if story is not None:
                self._unfolded.add(story)
                rows = group_rows(self._stories, self.positions, self._unfolded)
        return rows if isinstance(rows, StoryRows) else None

    # -- geometry ---------------------------------------------------------------

    @property
    def has_undated_section(self) -> bool:
        return self._n_dated < len(self.rows)

    @property
    def row_count(self) -> int:
        return len(self.rows) + (1 if self.has_undated_section else 0)

    def row_of(self, position: int) -> int:
        return position if position < self._n_dated else position + 1

    def position_at_row(self, row: int) -> int | None:
        if row < self._n_dated:
            return row
        if row == self._n_dated:
            return None  # the "Undated" header
        position = row - 1
        return position if position < len(self.rows) else None

    @property
    def highlighted(self) -> int | None:
        """Index into ``articles`` of the article under the cursor."""
        if not self.rows:
            return None
        return self.rows[min(self.cursor, len(self.rows) - 1)]

    # -- cursor -----------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line_row(self.row_of(old))
        self.refresh_line_row(self.row_of(new))
        self._scroll_cursor_visible()
        self.post_message(self.Highlighted(self, self.highlighted))

    def refresh_line_row(self, row: int) -> None:
        self.refresh(Region(0, row - round(self.scroll_offset.y), self.size.width, 1))

    def _scroll_cursor_visible(self, center: bool = False) -> None:
        if not self.rows:
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
        self.cursor = len(self.rows) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_read(self) -> None:
        index = self.highlighted
        if index is not None:
            self.post_message(self.Chosen(self, index))

    def action_toggle_story(self) -> None:
        """space: unfold the same-story group under the cursor, or fold it (the cursor goes to its first row)."""
        index = self.highlighted
        if index is not None:
            self._toggle_story(index)

    def _toggle_story(self, index: int) -> None:
        grouped = self._grouped
        story = grouped.story_of(index) if grouped is not None else None
        if grouped is None or story is None:
            return  # an article alone
        if story in self._unfolded:
            self._unfolded.discard(story)
            self._regroup(grouped.head_of(index), announce=True)
        else:
            self._unfolded.add(story)
            self._regroup(index, announce=True)

    # -- mouse --------------------------------------------------------------------

    async def _on_click(self, event: events.Click) -> None:
        row = event.y + round(self.scroll_offset.y)
        position = self.position_at_row(row)
        if position is not None:
            self.cursor = position
            index = self.rows[position]
            group = self._grouped.role(position) if self._grouped is not None else None
            start, end = self._badges.get((index, self.scrollable_content_region.width), (0, 0))
            if group is not None and not group.member and start <= event.x < end:  # its count: fold or unfold
                self._toggle_story(index)
            elif event.chain > 1:
                self.action_read()

    # -- rendering ------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self._badges.clear()
        self.virtual_size = Size(event.size.width, self.row_count)

    def on_focus(self) -> None:
        self.refresh_line_row(self.row_of(self.cursor))

    def on_blur(self) -> None:
        self.refresh_line_row(self.row_of(self.cursor))

    def render_line(self, y: int) -> Strip:
        row = y + round(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        base = self.base_style
        if not self.rows:
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
        index = self.rows[position]
        cursor = position == self.cursor
        focused = self.has_focus
        group = self._grouped.role(position) if self._grouped is not None else None
        key = (index, width, cursor, cursor and focused, group)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(self.articles[index], width, cursor, focused, group, index)
            self._cache[key] = strip
        return strip.apply_offsets(0, row)

    def _style(self, part: str) -> Style:
        return self.part_style(f"article-list--{part}")

    def _text_strip(self, text: Text, width: int, style: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        rendered = text.render(self.app.console)
        segments = [Segment(seg.text, style + seg.style if seg.style else style) for seg in rendered]
        return Strip(segments, width)

    def _render_row(
        self, article: Article, width: int, cursor: bool, focused: bool, group: RowInGroup | None = None, index: int = 0
    ) -> Strip:
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
        if group is not None and group.member:  # drawn under its group's first row, as a tree
            text.append("└ " if group.last else "├ ", self._style("story"))
        # A group's first row ends its title with the count of its shown articles, ▸ folded, ▾ not.
        badge = f" {'▾' if group.unfolded else '▸'}{group.size}" if group is not None and not group.member else ""
        title = visible(one_line(article.title)) or "(untitled)"
        source = visible(one_line(article.source or "")) if self.show_sources and width >= MIN_SOURCE_WIDTH else ""
        if source:  # at the row's end, in a quarter of it at most; the title gives way up to there
            column = min(SOURCE_CHARS, width // 4)  # (one column: the titles end at one place)
            source = _cut(source, column)
            source += " " * (column - cell_len(source))
            room = width - text.cell_len - column - 1 - len(badge)
            title = _cut(title, room)
            title += " " * (room - cell_len(title) + (0 if badge else 1))
            if badge:
                badge += " "
        elif badge:  # at the row's end too
            room = width - text.cell_len - len(badge)
            title = _cut(title, room)
            title += " " * (room - cell_len(title))
        text.append(title, self._style("unread") if bold else None)
        if badge:
            self._badges[(index, width)] = (text.cell_len + 1, text.cell_len + len(badge.rstrip()))
            text.append(badge, self._style("story"))
        if source:
            text.append(source, self._style("source"))
        if cursor:
            style = base + self._style("cursor" if focused else "cursor-blurred")
            text.stylize(style)  # cursor colours win over the date colour
            return self._text_strip(text, width, style)
        return self._text_strip(text, width, base)
