"""The panel's Results and Related views (reader.ui.widgets.entities_panel): who is in the
articles the filter shows, who is mentioned with whom, and the articles related to the open one.

Everything is computed in a thread worker from the index (`CollectionIndex.entity_counts`,
`related`) and handed back as a message; a result is shown only if nothing changed since it was
asked for (each request has a number, and only the newest one's answer is used), so the list
never waits for the panel. Nothing is computed while the panel is hidden or shows another view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader.session.entity_view import facet_term, with_term
from reader.session.panel_views import RELATED, RESULTS, MentionedWith, RelatedRow
from reader.ui.messages import FacetsCounted, MentionedWithCounted, RelatedFound, hand_back

if TYPE_CHECKING:
    from reader.index.protocol import CollectionIndex
    from reader.index.story_store import Related
    from reader.model import Article
    from reader.session.source import IndexSource
    from reader.ui.features.entities import EntityFeature
    from reader.ui.features.host import FeatureHost

#: Names listed per kind in the Results view (the panel is a short list, not the whole index).
NAMES_PER_LABEL = 40
RELATED_SHOWN = 10


class StoryViews:
    """Fills the panel's Results and Related views and acts on what is chosen there."""

    def __init__(self, screen: FeatureHost, entities: EntityFeature) -> None:
        self.screen = screen
        self.entities = entities
        self._request = 0  # the newest request's number: older answers are dropped
        self._with: tuple[str, str] | None = None  # the name whose "mentioned with" is shown
        self._related_for: str | None = None  # the identity of the article the Related view is of

    @property
    def _view(self) -> str | None:
        """The view the panel shows, or None when it is hidden."""
        if not self.screen.has_class("-entities") or self.entities.panel_if_mounted is None:
            return None
        return self.entities.panel_if_mounted.view

    # -- what the screen tells it ------------------------------------------------------------------

    def results_changed(self) -> None:
        """The list shows other articles (a filter, a new snapshot): recount the Results view."""
        if self._view == RESULTS:
            self._count()

    def article_shown(self, article: Article | None) -> None:
        """An article is open (or shown again): find its related ones when the Related view shows."""
        identity = article.identity if article is not None else None
        if self._view == RELATED and identity != self._related_for:
            self._find_related(article)

    def refresh(self) -> None:
        """What the views show may have changed (the entity pass finished): fill the one shown again."""
        view = self._view
        if view == RESULTS:
            self.results_changed()
        elif view == RELATED:
            self._find_related(self.screen.pane.article)

    def related_chosen(self, article_id: int) -> None:
        """Enter on a related article: open it (clearing a filter that hides it)."""
        source = self.screen.source
        position = source.find(article_id) if source is not None else None
        if position is None:
            self.screen.notify("That article is no longer in the collection.", severity="warning", markup=False)
            return
        self.screen.open_article(position)

    def view_changed(self, view: str) -> None:
        self._with = None
        if view == RESULTS:
            self._count()
        elif view == RELATED:
            self._related_for = None
            self._find_related(self.screen.pane.article)
        else:
            self.entities.update_panel()

    # -- the requests ---------------------------------------------------------------------------------

    def _new_request(self) -> int:
        """A number for a new request; answers to the older ones are dropped from now on."""
        self._request += 1
        return self._request

    def _in_thread(self, work: Callable[[], None], group: str) -> None:
        """Run ``work`` in a thread worker that replaces the group's running one."""
        self.screen.run_worker(work, thread=True, exclusive=True, group=group, exit_on_error=False)

    # -- Results ------------------------------------------------------------------------------------------

    def _visible(self) -> tuple[IndexSource, Sequence[int]] | None:
        source = self.screen.source
        if source is None:
            return None
        return source, self.screen.sidebar.positions

    def _count(self) -> None:
        """Count the names of the articles shown, or, after →, those mentioned with ``_with``."""
        shown = self._visible()
        if shown is None:
            return
        source, positions = shown
        request = self._new_request()
        name = self._with
        if not self.entities.pass_done:
            self.entities.panel.show_message("Names are counted once the entity pass is done…")
            return

        def count() -> None:
            counts = source.index.entity_counts()
            if name is not None:
                from reader.stories.facets import by_month

                having, facets, where = counts.mentioned_with(name, positions, NAMES_PER_LABEL)
                months = by_month(source.rows[position][10] for position in where)
                mentioned = MentionedWith(name[0], name[1], having, months, facets)
                hand_back(self.screen, MentionedWithCounted(request, mentioned))
                return
            counts.prepare()  # (once per list: then each keystroke counts in a few ms)
            if request != self._request:
                return  # asked again meanwhile
            shown, total = len(positions), len(source)
            note = f"In {shown:,} of {total:,} articles" if shown != total else f"In all {total:,} articles"
            hand_back(self.screen, FacetsCounted(request, counts.facets(positions, NAMES_PER_LABEL), note))

        self._in_thread(count, group="facets")

    def facets_counted(self, message: FacetsCounted) -> None:
        if message.request == self._request and self._view == RESULTS:
            self.entities.panel.show_facets(message.facets, message.note)

    def facet_chosen(self, label: str, name: str, exclude: bool) -> None:
        """Enter or x on a name: add its term to the filter (the query stays visible and editable)."""
        self.screen.set_filter(with_term(self.screen.filter_input.value, facet_term(label, name, exclude)))

    def mentioned_with_asked(self, name: tuple[str, str] | None) -> None:
        """→ on a name (or ← back to the names of the results, which the list may have changed)."""
        self._with = name
        self._count()

    def mentioned_with_counted(self, message: MentionedWithCounted) -> None:
        if message.request == self._request and self._view == RESULTS and self._with is not None:
            self.entities.panel.show_mentioned_with(message.mentioned)

    # -- Related ------------------------------------------------------------------------------------------

    def _find_related(self, article: Article | None) -> None:
        source = self.screen.source
        panel = self.entities.panel
        self._related_for = article.identity if article is not None else None
        if article is None or source is None:
            panel.show_related((), "No article open")
            return
        index = source.index
        request = self._new_request()
        panel.show_related((), "Finding related articles…")
        if not self.entities.pass_done:
            panel.show_related((), "Related articles are found once the entity pass is done…")
            return

        def find() -> None:
            article_id = index.article_id(article.path, article.item)
            rows: list[RelatedRow] = []
            if article_id is not None:
                rows = [row for found in index.related(article_id, RELATED_SHOWN) if (row := _row(index, found))]
            hand_back(self.screen, RelatedFound(request, rows))

        self._in_thread(find, group="related")

    def related_found(self, message: RelatedFound) -> None:
        if message.request == self._request and self._view == RELATED:
            self.entities.panel.show_related(message.rows)


def _row(index: CollectionIndex, found: Related) -> RelatedRow | None:
    """A related article as the panel lists it (None: gone from the index meanwhile)."""
    position = index.position(found.article_id)
    if position is None:
        return None
    listed = index.summaries(position, position + 1)
    if not listed:
        return None
    summary = listed[0]
    date = summary.date
    return RelatedRow(
        found.article_id,
        " ".join(summary.title.split()),
        date.iso() if date is not None else "undated",
        found.same_story,
        found.shared,
    )
