"""The reading pane: a header block, then the body, wrapped lazily on the Line API.

The body is never turned into one big renderable. It is wrapped into
``(start, end)`` offsets into ``article.text``: the first screenful at once, the
rest by an async worker in small time slices, so a 5 MB single-line article or
one with 200,000 lines opens at once and the UI never freezes. Rendered lines are
kept in an LRU cache.

Highlights are spans over ``article.text``: ``(start, end, kind)`` in named layers
(``"match"`` for the filter now; entity labels later), each kind styled by the
component class ``reading-pane--<kind>`` from the theme.
"""

from __future__ import annotations

import asyncio
import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader.model import Article
from reader.ui import visible
from reader.ui.widgets.line_view import LineView

Span = tuple[int, int, str]

MAX_MEASURE = 88  # columns: long lines are hard to read
FIRST_SLICE_LINES = 400  # wrapped synchronously when an article opens
SLICE_SECONDS = 0.008  # then the worker wraps this long between frames
_WORD = re.compile(r"\S+")
_BLANKS = str.maketrans({"\t": " ", "\v": " ", "\f": " ", "\r": " "})


def reading_time(article: Article) -> str:
    words = f"{article.words:,} word{'s' if article.words != 1 else ''}"
    return f"{words} · {article.reading_minutes:,} min read" if article.words else words


def source_line(article: Article) -> str:
    """Where the article comes from, as its source states it: publication · author · URL ("" if none)."""
    parts = (article.source, article.byline, article.url)
    return " · ".join(" ".join(part.split())[:300] for part in parts if part and part.strip())


def wrap_offsets(text: str, width: int, start: int = 0) -> Iterator[tuple[int, int]]:
    """Greedy word wrap of ``text[start:]`` to ``width`` cells, as ``(start, end)`` offsets.

    Each ``\\n`` ends a line; an empty line is ``(i, i)``. Words wider than the
    line are cut. Lazy: it can stop anywhere, so huge texts cost what is shown.
    """
    width = max(1, width)
    length = len(text)
    position = start
    while position <= length:
        newline = text.find("\n", position)
        stop = length if newline == -1 else newline
        if position == stop:
            yield (position, position)
        else:
            yield from _wrap_line(text, position, stop, width)
        if newline == -1:
            return
        position = newline + 1


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _wrap_line(text: str, begin: int, stop: int, width: int) -> Iterator[tuple[int, int]]:
    line_start = -1
    line_end = 0
    line_width = 0
    for match in _WORD.finditer(text, begin, stop):
        word_start, word_end = match.span()
        word_width = _width(text[word_start:word_end])
        if line_start >= 0:
            gap = _width(text[line_end:word_start])
            if line_width + gap + word_width <= width:
                line_width += gap + word_width
                line_end = word_end
                continue
            yield (line_start, line_end)
            line_start = -1
        if word_width <= width:
            line_start, line_end, line_width = word_start, word_end, word_width
            continue
        # A word wider than the line: cut it into pieces of at most ``width`` cells.
        piece = word_start
        while piece < word_end:
            cut = _cut(text, piece, word_end, width)
            if cut >= word_end:
                line_start, line_end, line_width = piece, word_end, _width(text[piece:word_end])
                break
            yield (piece, cut)
            piece = cut
    if line_start >= 0:
        yield (line_start, line_end)
    elif begin < stop and not text[begin:stop].strip():
        yield (begin, begin)


def _cut(text: str, start: int, stop: int, width: int) -> int:
    """The offset after the most characters from ``start`` that fit in ``width`` cells."""
    chunk = text[start : min(stop, start + width)]
    if chunk.isascii():
        return start + len(chunk)
    used = 0
    for offset, char in enumerate(chunk):
        used += cell_len(char)
        if used > width:
            return start + max(1, offset)
    return start + len(chunk)


_STEP = Binding.Group("Prev/next", compact=True)
_MATCH = Binding.Group("Next/prev match", compact=True)


class ReadingPane(LineView, can_focus=True):
    """Shows one article; scrolls by line and page."""

    BINDING_GROUP_TITLE = "Reading pane"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,pagedown", "page_down", "Page down", key_display="space", id="pane.page_down"),
        Binding("b,pageup", "page_up", "Page up", key_display="b", show=False, id="pane.page_up"),
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="pane.down"),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="pane.up"),
        Binding("home,g", "scroll_home", "Top", show=False, id="pane.top"),
        Binding("end,G", "scroll_end", "Bottom", show=False, id="pane.bottom"),
        Binding(
            "left_square_bracket", "step(-1)", "Previous article", key_display="[", id="pane.previous", group=_STEP
        ),
        Binding("right_square_bracket", "step(1)", "Next article", key_display="]", id="pane.next", group=_STEP),
        Binding("n", "match(1)", "Next match", id="pane.next_match", group=_MATCH),
        Binding("N", "match(-1)", "Previous match", id="pane.previous_match", group=_MATCH),
        Binding("h,escape", "back", "Back to list", id="pane.back"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reading-pane--title",
        "reading-pane--subtitle",
        "reading-pane--meta",
        "reading-pane--muted",
        "reading-pane--rule",
        "reading-pane--empty",
        "reading-pane--match",
        "reading-pane--match-current",
    }

    class Step(Message):
        """[ or ]: open the previous (-1) or next (+1) article of the list."""

        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

    class Back(Message):
        """h or Esc: focus goes back to the list."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article: Article | None = None
        self.message = "Loading…"
        self._text = ""
        self._header: list[Strip] = []
        self._lines: list[tuple[int, int]] = []
        self._wrap_iter: Iterator[tuple[int, int]] | None = None
        self._wrap_width = 0
        self._layers: dict[str, list[Span]] = {}
        self._spans: list[Span] = []
        self._span_starts: list[int] = []
        self._longest_span = 0
        self._title_spans: list[tuple[int, int]] = []
        self._match_at = -1  # the match n/N went to last (an index into the "match" layer)
        self._current_match: tuple[int, int] | None = None
        self._cache: LRUCache[int, Strip] = LRUCache(512)
        self._styles: dict[str, Style] = {}
        self._kind_styles: dict[str, Style] = {}  # styles set by the app (entity labels), by kind
        self._mentions: list[tuple[int, int]] = []  # n/N targets instead of matches (an entity's mentions)
        self._mention_at = -1  # the mention n/N went to last

    # -- attributes down ---------------------------------------------------------

    def show_article(self, article: Article | None, message: str = "") -> None:
        """Open ``article`` (or show ``message`` when None), scrolled to the top."""
        same = article is self.article and article is not None
        self.article = article
        self.message = message
        if not same:
            self._text = article.text if article is not None else ""
            self._layers.clear()
            self._merge_spans()
            self._title_spans = []
            self._match_at = -1
            self._current_match = None
            self._mentions = []
            self._mention_at = -1
            self.scroll_to(0, 0, animate=False, immediate=True)
            self._rewrap()

    def set_highlights(self, layer: str, spans: Sequence[Span], title_spans: Sequence[tuple[int, int]] = ()) -> None:
        """Replace one layer of highlight spans over ``article.text``; kinds style them."""
        if spans:
            self._layers[layer] = sorted(spans)
        else:
            self._layers.pop(layer, None)
        if layer == "match":
            self._title_spans = list(title_spans)
            self._match_at = -1
            self._current_match = None
        self._merge_spans()
        self._rebuild_header()
        self._cache.clear()
        self.refresh()

    def set_kind_styles(self, styles: dict[str, Style]) -> None:
        """Styles for highlight kinds that have no component class (entity labels, from the theme)."""
        self._kind_styles = dict(styles)
        self._styles.clear()
        self._cache.clear()
        self.refresh()

    def set_mentions(self, spans: Sequence[tuple[int, int]]) -> None:
        """n/N step through ``spans`` (one entity's mentions) instead of the filter's matches;
        empty: back to the matches. The mention n/N went to is drawn as kind "current-mention"."""
        spans = list(spans)
        if spans == self._mentions:
            return  # the same entity again: keep the place
        self._mentions = spans
        self._mention_at = -1
        if self._layers.pop("mention", None) is not None:
            self._merge_spans()
            self.refresh()

    @property
    def mentions(self) -> list[tuple[int, int]]:
        return list(self._mentions)

    @property
    def current_mention(self) -> int:
        """Index in `mentions` of the mention n/N went to last, -1 before any."""
        return self._mention_at

    def go_to_mention(self, at: int) -> None:
        start, end = self._mentions[at]
        self._mention_at = at
        self._layers["mention"] = [(start, end, "current-mention")]
        self._merge_spans()
        self.reveal_offset(start)
        self.refresh()

    @property
    def matches(self) -> list[Span]:
        """The filter's matches in the body, in text order."""
        return self._layers.get("match", [])

    @property
    def current_match(self) -> int:
        """Index in `matches` of the match n/N went to last, -1 before any."""
        return self._match_at

    def action_match(self, delta: int) -> None:
        """n / N: scroll to the next or previous match (wrapping around), or entity mention."""
        if self._mentions:
            count = len(self._mentions)
            if self._mention_at >= 0:
                self.go_to_mention((self._mention_at + delta) % count)
            else:
                self.go_to_mention(0 if delta > 0 else count - 1)
            return
        matches = self.matches
        if not matches:
            self.app.bell()
            return
        if self._match_at >= 0:
            at = (self._match_at + delta) % len(matches)
        else:  # the first one from what is on screen
            top = self._top_offset() if round(self.scroll_offset.y) > len(self._header) else 0
            starts = [start for start, _, _ in matches]
            after = bisect_left(starts, top)
            at = (after if after < len(matches) else 0) if delta > 0 else (after - 1) % len(matches)
        self.go_to_match(at)

    def go_to_match(self, at: int) -> None:
        """Make match ``at`` current and scroll it into view, a third of the way down."""
        start, end, _ = self.matches[at]
        self._match_at = at
        self._current_match = (start, end)
        self.reveal_offset(start)
        self._cache.clear()
        self.refresh()

    def reveal_offset(self, start: int) -> None:
        """Scroll text offset ``start`` into view (a third of the way down) unless it is on screen."""
        self._wrap_to(start)
        line = self.line_of_offset(start)
        if line is not None:
            top = round(self.scroll_offset.y)
            height = self.scrollable_content_region.height
            if not top <= line < top + height - 1:
                self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    def show_first_match(self) -> None:
        """After opening an article (or a new query): the first match becomes current, scrolled
        into view when it is not on screen."""
        matches = self.matches
        if not matches or not self.is_mounted:
            return
        self.go_to_match(0)  # scrolls only when it is not on screen already

    def _wrap_to(self, offset: int) -> None:
        """Wrap at least up to text offset ``offset`` now (n may jump past the lazy wrapper)."""
        if self._wrap_iter is None or (self._lines and self._lines[-1][1] > offset):
            return
        while self._wrap_iter is not None and (not self._lines or self._lines[-1][1] <= offset):
            self._pull(512)
        self._update_virtual_size()

    @property
    def highlights(self) -> list[Span]:
        return list(self._spans)

    @property
    def line_count(self) -> int:
        """Lines wrapped so far, header included."""
        return len(self._header) + len(self._lines)

    @property
    def wrapping(self) -> bool:
        return self._wrap_iter is not None

    def line_of_offset(self, offset: int) -> int | None:
        """The pane line showing text offset ``offset``, if wrapped already (for n/N later)."""
        position = bisect_right(self._lines, (offset, float("inf"))) - 1
        if position < 0:
            return None
        return len(self._header) + position

    def scroll_to_offset(self, offset: int, context: int = 0) -> None:
        """Scroll so the line with text offset ``offset`` is ``context`` lines below the top."""
        line = self.line_of_offset(offset)
        if line is not None:
            self.scroll_to(y=max(0, line - context), animate=False, immediate=True)

    def line_text(self, y: int) -> str:
        """The plain text of pane line ``y`` (header or body), for tests and copy."""
        if y < len(self._header):
            return "".join(segment.text for segment in self._header[y]).rstrip()
        position = y - len(self._header)
        if 0 <= position < len(self._lines):
            start, end = self._lines[position]
            return visible(self._text[start:end].translate(_BLANKS))
        return ""

    # -- messages up --------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        self.post_message(self.Step(delta))

    def action_back(self) -> None:
        self.post_message(self.Back())

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False, immediate=True)

    def action_page_down(self) -> None:
        self.scroll_relative(y=max(1, self.scrollable_content_region.height - 1), animate=False, immediate=True)

    def action_page_up(self) -> None:
        self.scroll_relative(y=-max(1, self.scrollable_content_region.height - 1), animate=False, immediate=True)

    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    # -- wrapping -------------------------------------------------------------------

    @property
    def measure(self) -> int:
        return max(1, min(self.scrollable_content_region.width, MAX_MEASURE))

    def _on_resize(self, event: events.Resize) -> None:
        self._rewrap_to_fit()

    def watch_show_vertical_scrollbar(self, _shown: bool) -> None:
        # The scrollbar takes two columns, which no Resize reports: a text wrapped before a
        # long article showed its scrollbar would be cut at the right edge.
        self._rewrap_to_fit()

    def _rewrap_to_fit(self) -> None:
        if self.measure != self._wrap_width:
            anchor = self._top_offset()
            self._rewrap()
            if anchor:
                self.scroll_to_offset(anchor)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()
        if self.is_mounted:
            self._rebuild_header()

    def _top_offset(self) -> int:
        position = round(self.scroll_offset.y) - len(self._header)
        if 0 <= position < len(self._lines):
            return self._lines[position][0]
        return 0

    def _rewrap(self) -> None:
        self._cache.clear()
        self._wrap_width = self.measure
        self._rebuild_header()
        self._lines = []
        self._wrap_iter = None
        if self.article is not None and self.is_mounted and self.size.width:
            self._wrap_iter = wrap_offsets(self._text, self._wrap_width)
            self._pull(FIRST_SLICE_LINES + self.size.height)
            if self._wrap_iter is not None:
                self._wrap_rest()
        self._update_virtual_size()
        self.refresh()

    def _pull(self, count: int) -> None:
        """Wrap up to ``count`` more lines on this thread."""
        iterator = self._wrap_iter
        if iterator is None:
            return
        lines = self._lines
        for _ in range(count):
            line = next(iterator, None)
            if line is None:
                self._wrap_iter = None
                return
            lines.append(line)

    @work(exclusive=True, group="wrap")
    async def _wrap_rest(self) -> None:
        """Wrap the rest in slices of a few ms, yielding to the event loop between them."""
        iterator = self._wrap_iter
        while self._wrap_iter is iterator and iterator is not None:
            deadline = time.perf_counter() + SLICE_SECONDS
            while time.perf_counter() < deadline and self._wrap_iter is iterator:
                self._pull(256)
            if self._wrap_iter is iterator or self._wrap_iter is None:
                self._update_virtual_size()
            await asyncio.sleep(0)

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.line_count)

    # -- highlights --------------------------------------------------------------------

    def _merge_spans(self) -> None:
        spans = sorted(span for layer in self._layers.values() for span in layer)
        self._spans = spans
        self._span_starts = [span[0] for span in spans]
        self._longest_span = max((end - start for start, end, _ in spans), default=0)
        self._cache.clear()

    def _spans_between(self, start: int, end: int) -> list[Span]:
        found = []
        index = bisect_left(self._span_starts, end) - 1
        limit = start - self._longest_span
        while index >= 0 and self._span_starts[index] >= limit:
            span = self._spans[index]
            if span[1] > start:
                found.append(span)
            index -= 1
        found.reverse()
        return found

    def _style(self, kind: str) -> Style:
        style = self._styles.get(kind)
        if style is None:
            name = f"reading-pane--{kind.lower()}"
            if name in self.COMPONENT_CLASSES:
                style = self.part_style(name)
            elif kind in self._kind_styles:
                style = self._kind_styles[kind]
            else:
                style = self._style("match") if kind != "match" else Style(reverse=True)
            self._styles[kind] = style
        return style

    # -- rendering ------------------------------------------------------------------------

    def _rebuild_header(self) -> None:
        self._header = []
        if not self.is_mounted or not self.size.width:
            return  # not laid out yet (or hidden): the first Resize rewraps
        width = self._wrap_width or self.measure
        full_width = self.scrollable_content_region.width
        article = self.article
        blocks: list[Text] = []
        if article is None:
            blocks.append(Text(""))
            blocks.append(Text(visible(self.message), self._style("empty")))
        else:
            title = Text(visible(" ".join(article.title.split())[:2000]) or "(untitled)", self._style("title"))
            for start, end in self._title_spans:
                title.stylize(self._style("match"), start, end)
            blocks.append(title)
            if article.subtitle:
                blocks.append(Text(visible(" ".join(article.subtitle.split())[:2000]), self._style("subtitle")))
            meta = [
                part
                for part in (
                    article.date.as_written() if article.date else "Undated",
                    " ".join(article.dateline.split())[:200] if article.dateline else "",
                )
                if part
            ]
            blocks.append(Text(visible(" · ".join(meta)), self._style("meta")))
            origin = source_line(article)
            if origin:
                blocks.append(Text(visible(origin), self._style("muted")))
            blocks.append(Text(reading_time(article), self._style("muted")))
            blocks.append(Text("─" * width, self._style("rule")))
            blocks.append(Text(""))
        console = self.app.console
        base = self.base_style
        for block in blocks:
            block.no_wrap = False
            for line in block.wrap(console, width):
                self._header.append(self._strip(line, full_width, base))

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        text.end = ""
        segments = [
            Segment(segment.text, base + segment.style if segment.style else base)
            for segment in text.render(self.app.console)
        ]
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    def render_line(self, y: int) -> Strip:
        row = y + round(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        base = self.base_style
        header = len(self._header)
        strip: Strip | None
        if row < header:
            strip = self._header[row]
        else:
            position = row - header
            if position >= len(self._lines):
                return Strip.blank(width, base)
            strip = self._cache.get(row)
            if strip is None:
                start, end = self._lines[position]
                text = Text(visible(self._text[start:end].translate(_BLANKS)), end="")
                current = self._current_match
                for span_start, span_end, kind in self._spans_between(start, end):
                    if kind == "match" and current is not None and current == (span_start, span_end):
                        kind = "match-current"
                    text.stylize(self._style(kind), max(0, span_start - start), span_end - start)
                strip = self._strip(text, width, base)
                self._cache[row] = strip
        return strip.apply_offsets(0, row)
