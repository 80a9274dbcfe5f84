"""The timeline above the article list: how many shown articles each day, week, month or year has,
as a sparkline, one cell a bucket (the data: reader.session.timeline).

Two lines drawn with the Line API: the bars, and under them the first and last period and how
many shown articles have no date; while it has focus, the second line names the period under the
cursor (or the run being picked) and its count instead. ←/→ move, shift+←/→ extend a run, Enter
asks the screen to filter the list to it; a click picks a bucket and a drag a run. Nothing drawn
here comes from an article: the labels are dates and counts made by the data module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from reader.session.timeline import Bucket, Timeline

#: Bar heights, lowest first: a bucket with any article gets at least the lowest.
BARS = "▁▂▃▄▅▆▇█"


def bar(count: int, peak: int) -> str:
    """The cell for ``count`` articles when the busiest bucket has ``peak`` (a space for none)."""
    if count <= 0 or peak <= 0:
        return " "
    return BARS[max(0, min(len(BARS) - 1, -(-count * len(BARS) // peak) - 1))]


class TimelineChart(Widget, can_focus=True):
    """Articles per period; the screen hands it a `Timeline` and filters the list when asked."""

    BINDING_GROUP_TITLE = "Timeline"
    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", "Earlier", show=False, id="timeline.earlier"),
        Binding("right,l", "move(1)", "Later", show=False, id="timeline.later"),
        Binding("shift+left,H", "extend(-1)", "Extend earlier", show=False, id="timeline.extend_earlier"),
        Binding("shift+right,L", "extend(1)", "Extend later", show=False, id="timeline.extend_later"),
        Binding("home,g", "edge(-1)", "Oldest", show=False, id="timeline.oldest"),
        Binding("end,G", "edge(1)", "Newest", show=False, id="timeline.newest"),
        Binding("enter", "choose", "Filter to it", id="timeline.choose"),
        Binding("escape", "back", "To list", id="timeline.back"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--bar",
        "timeline--cursor",
        "timeline--run",
        "timeline--axis",
        "timeline--undated",
        "timeline--info",
    }

    class Chosen(Message):
        """Enter, a click or a drag: show only the articles of a run of buckets (``terms`` for the filter)."""

        def __init__(self, chart: TimelineChart, terms: str, label: str, count: int) -> None:
            super().__init__()
            self.chart = chart
            self.terms = terms
            self.label = label
            self.count = count

        @property
        def control(self) -> TimelineChart:
            return self.chart

    class Back(Message):
        """Esc: focus goes back to the list."""

    class Resized(Message):
        """The chart's width changed: the screen builds buckets for the new width."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.timeline: Timeline | None = None  # (the data module is imported after the first frame)
        self.cursor = 0  # the bucket under the cursor
        self.run_from: int | None = None  # the other end of a run being picked (shift+←/→, a drag)
        self._dragging = False
        self._width = 0  # the content width last reported (`Resized`)

    # -- data, set by the screen ------------------------------------------------------------------

    def show(self, timeline: Timeline) -> None:
        """Draw ``timeline``; the cursor stays on its period if the new buckets have it, else the newest."""
        old = self._buckets[self.cursor].start if self.cursor < len(self._buckets) else None
        self.timeline = timeline
        starts = [bucket.start for bucket in timeline.buckets]
        self.cursor = starts.index(old) if old in starts else max(0, len(starts) - 1)
        self.run_from = None
        self._dragging = False
        self.refresh()

    @property
    def _buckets(self) -> tuple[Bucket, ...]:
        return self.timeline.buckets if self.timeline is not None else ()

    @property
    def run(self) -> tuple[int, int]:
        """The buckets picked: the cursor's, or the run from `run_from` to it (first, last)."""
        if self.run_from is None:
            return self.cursor, self.cursor
        first, last = sorted((self.run_from, self.cursor))
        return first, last

    def summary(self, width: int | None = None) -> str:
        """The picked period and its count, e.g. "2024-12 · 1,234 articles" (without "articles"
        when that is wider than ``width``)."""
        timeline = self.timeline
        if timeline is None or not timeline.buckets:
            return ""
        first, last = self.run
        count = timeline.count(first, last)
        label = timeline.label(first, last)
        text = f"{label} · {count:,} article{'' if count == 1 else 's'}"
        return text if width is None or len(text) <= width else f"{label} · {count:,}"

    # -- keys ---------------------------------------------------------------------------------------

    def _clamp(self, bucket: int) -> int:
        return max(0, min(bucket, len(self._buckets) - 1))

    def action_move(self, delta: int) -> None:
        self.run_from = None
        self.cursor = self._clamp(self.cursor + delta)
        self.refresh()

    def action_extend(self, delta: int) -> None:
        if self.run_from is None:
            self.run_from = self.cursor
        self.cursor = self._clamp(self.cursor + delta)
        self.refresh()

    def action_edge(self, side: int) -> None:
        self.run_from = None
        self.cursor = 0 if side < 0 else self._clamp(len(self._buckets) - 1)
        self.refresh()

    def action_choose(self) -> None:
        timeline = self.timeline
        if timeline is None or not timeline.buckets:
            return
        first, last = self.run
        self.post_message(
            self.Chosen(self, timeline.terms(first, last), timeline.label(first, last), timeline.count(first, last))
        )

    def action_back(self) -> None:
        self.post_message(self.Back())

    # -- mouse: a click picks a bucket, a drag a run ----------------------------------------------

    def _bucket_at(self, event: events.MouseEvent) -> int | None:
        """The bucket under the mouse; while dragging, the nearest one (the mouse may leave the chart)."""
        if not self._buckets:
            return None
        offset = event.get_content_offset_capture(self) if self._dragging else event.get_content_offset(self)
        if offset is None or (not self._dragging and offset.x >= len(self._buckets)):
            return None
        return self._clamp(offset.x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        bucket = self._bucket_at(event)
        if bucket is None or event.button != 1:
            return
        self.cursor = self.run_from = bucket
        self._dragging = True
        self.capture_mouse()
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        bucket = self._bucket_at(event)
        if bucket is None:
            return
        if self._dragging:
            if bucket != self.cursor:
                self.cursor = bucket
                self.refresh()
        else:
            self._hover(bucket)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._dragging:
            return
        self._dragging = False
        self.release_mouse()
        self.action_choose()

    def _hover(self, bucket: int) -> None:
        """The tooltip names the bucket under the mouse (our own text: never markup)."""
        timeline = self.timeline
        if timeline is None:
            return
        count = timeline.buckets[bucket].count
        self.tooltip = Content(f"{timeline.label(bucket, bucket)} · {count:,} article{'' if count == 1 else 's'}")

    # -- focus and size -------------------------------------------------------------------------------

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.run_from = None
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        width = self.content_size.width
        if width and width != self._width:
            self._width = width
            self.post_message(self.Resized(width))

    # -- drawing ------------------------------------------------------------------------------------------

    def _part(self, name: str) -> Style:
        return self.get_component_rich_style(f"timeline--{name}", partial=True)

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self.rich_style
        if y == 0:
            segments = self._bars(base)
        elif y == 1:
            segments = self._second_line(base, width)
        else:
            segments = []
        return Strip(segments).adjust_cell_length(width, base)

    def _bars(self, base: Style) -> list[Segment]:
        timeline = self.timeline
        if timeline is None:
            return []
        peak = timeline.peak
        style = base + self._part("bar")
        if not self.has_focus:
            return [Segment("".join(bar(bucket.count, peak) for bucket in timeline.buckets), style)]
        first, last = self.run
        cursor, run = style + self._part("cursor"), style + self._part("run")
        return [
            Segment(
                bar(bucket.count, peak),
                cursor if number == self.cursor else run if first <= number <= last else style,
            )
            for number, bucket in enumerate(timeline.buckets)
        ]

    def _second_line(self, base: Style, width: int) -> list[Segment]:
        timeline = self.timeline
        if timeline is None:
            return []
        if self.has_focus and timeline.buckets:
            return [Segment(self.summary(width), base + self._part("info"))]
        undated = f"{timeline.undated:,} undated" if timeline.undated else ""
        if not timeline.buckets:
            return [Segment(undated, base + self._part("undated"))]
        left, right = self._ends(timeline)
        axis = left
        if right:
            gap = max(1, len(timeline.buckets) - len(left) - len(right))
            axis = f"{left}{' ' * gap}{right}"
        segments = [Segment(axis, base + self._part("axis"))]
        if undated and len(axis) + 2 + len(undated) <= width:
            segments.append(Segment(f"  {undated}", base + self._part("undated")))
        return segments

    @staticmethod
    def _ends(timeline: Timeline) -> tuple[str, str]:
        """The axis's labels: the first bucket's period and the last's ("" when there is one)."""
        buckets = timeline.buckets
        first = timeline.label(0, 0).removeprefix("week of ")
        if len(buckets) == 1:
            return first, ""
        last = timeline.label(len(buckets) - 1, len(buckets) - 1).removeprefix("week of ")
        return first, last
