"""The timeline above the list (t): articles per period of the shown list, and a period picked
there put in the filter as date terms.

Whether the chart shows is known at once (the shown positions include a dated one: the undated
rows come last), so the list makes room for it in the same frame; its buckets are built a frame
later (after the list is drawn), from every row's packed date, which the loader thread reads with
each snapshot (`IndexSource.sort_keys`), so that building is a few binary searches here; a build
that a newer list overtook is dropped (a generation, as the filter's). Picking a period
writes its terms into the filter text, in place of the date terms there (reader.session.timeline
`with_date_terms`), so the query stays visible and editable, and the filter runs as if typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.session.source import IndexSource
    from reader.session.timeline import Timeline
    from reader.ui.features.host import FeatureHost

#: The chart hides below this many terminal rows (the list needs them more) or columns.
MIN_HEIGHT = 20
MIN_WIDTH = 20


def fits(width: int, height: int) -> bool:
    """Whether a terminal this big has room for the timeline."""
    return width >= MIN_WIDTH and height >= MIN_HEIGHT


class TimelineFeature:
    """Keeps the chart in step with the list, and turns a picked period into filter terms."""

    def __init__(self, screen: FeatureHost) -> None:
        self.screen = screen
        self.generation = 0  # the newest list shown
        self.built_generation = 0  # the newest whose buckets the chart shows
        self._wanted: tuple[IndexSource | None, Sequence[int]] = (None, ())
        self._scheduled = False

    @property
    def current(self) -> bool:
        """The chart shows the list as it is (nothing to build, or its buckets are in)."""
        return self.built_generation == self.generation and not self._scheduled

    def shown(self, source: IndexSource, positions: Sequence[int]) -> None:
        """The list shows ``positions`` of ``source``: the chart follows."""
        self.screen.timeline.set_class(bool(positions) and positions[0] < source.first_undated, "-shown")
        self._wanted = (source, positions)
        self.rebuild()

    def rebuild(self) -> None:
        """Build the buckets again, a frame from now (a burst of keystrokes builds once)."""
        self.generation += 1
        if not self._scheduled:
            self._scheduled = True
            self.screen.call_after_refresh(self._build)

    def _build(self) -> None:
        self._scheduled = False
        chart = self.screen.timeline
        width = chart.content_size.width
        generation = self.generation
        source, positions = self._wanted
        if source is None or not chart.has_class("-shown"):
            from reader.session.timeline import EMPTY

            self._show(generation, EMPTY)
            return
        if not width:  # never laid out (hidden from the start): built when it is (it reports its width)
            self.built_generation = generation
            return
        from reader.session.timeline import EMPTY, build_timeline

        try:
            timeline = build_timeline(source.sort_keys(), positions, width)
        except Exception:  # noqa: BLE001 - e.g. the index changed under a snapshot: an empty chart, no error
            timeline = EMPTY
        self._show(generation, timeline)

    def _show(self, generation: int, timeline: Timeline) -> None:
        if generation != self.generation:
            return  # the list changed meanwhile: a newer build is on its way
        self.built_generation = generation
        self.screen.timeline.show(timeline)

    # -- what the user does ------------------------------------------------------------------------

    def focus(self) -> None:
        """t: focus the chart (showing the sidebar if it was hidden)."""
        screen = self.screen
        chart = screen.timeline
        if not chart.has_class("-shown"):
            screen.notify("No dated articles in the list", timeout=2, markup=False)
            return
        if screen.has_class("-no-timeline"):
            screen.notify("The timeline needs a bigger terminal", timeout=2, markup=False)
            return
        screen.remove_class("-no-sidebar", "-reading")
        chart.focus()

    def chosen(self, terms: str) -> None:
        """Enter, a click or a drag on the chart: the filter shows that period (its other terms kept)."""
        from reader.session.timeline import with_date_terms

        self.screen.set_filter(with_date_terms(self.screen.filter_input.value, terms))
