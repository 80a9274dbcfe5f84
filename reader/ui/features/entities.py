"""Named entities on the main screen: highlights, the legend, label toggles (1–5), the entities
panel (i), the entity filter and n/N through an entity's mentions.

* The open article's entities come straight from ``find_entities(article.text)`` (a few ms; a
  very long article is done in a thread worker), PERSON names mapped to the collection's
  spelling when the entity pass has grouped them ("Sergey Lavrov" → "Sergei Lavrov").
* The collection's entity pass (what ``entity:``/``person:`` filters search) never delays the
  first frame: the `Loader` runs ``Index.sync_entities`` on its thread after the sync; when it
  is done, a worker reads the names it grouped (`AliasesRead`).
* Highlights: one theme colour and text attribute per label (reader.ui.entity_styles); keyword
  matches keep their background, so the two stay apart.

Choosing an entity (Enter or a click) sets the filter to ``entity:"Canonical Name"``; a date
(not in the entity index) filters by the phrase as written instead. ``e``/``E`` are export, so
the panel is ``i`` ("info about this article").
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.entities import LABELS, Entity
from reader.session.entity_view import EntityChoices, entity_query, mention_spans, pane_spans, search_pairs, summarise
from reader.ui.messages import AliasesRead, EntitiesFound, EntityFiled, hand_back

if TYPE_CHECKING:
    from reader.index.protocol import CollectionIndex
    from reader.model import Article
    from reader.ui.features.host import FeatureHost
    from reader.ui.features.story_views import StoryViews
    from reader.ui.widgets.entities_panel import EntitiesPanel

#: Longer articles get their entities in a worker, in another process (find_entities does
#: ~1 MB/s of pure Python: on a thread of this process it would starve the UI of the GIL).
BIG_ARTICLE_CHARS = 200_000
ENTITIES_KEPT = 16  # articles whose entities are remembered


def find_many(texts: list[str]) -> list[list[Entity]]:
    """``find_entities`` of each text; in worker processes when there is much text, so the
    calling thread only waits (without the GIL) and the UI stays quick."""
    from reader.entities import find_entities

    if sum(map(len, texts)) <= BIG_ARTICLE_CHARS:
        return [find_entities(text) for text in texts]
    import os

    from reader import processes

    workers = max(1, min((os.cpu_count() or 2) - 1, len(texts)))
    chunk = max(1, len(texts) // (workers * 4))
    return processes.map_in_order(find_entities, texts, processes=workers, chunksize=chunk)


def filter_for(label: str, canonical: str) -> str:
    """The filter text for an entity chosen in the panel."""
    if label == "DATE":  # dates are not in the entity index: the phrase as written
        return '"' + " ".join(canonical.replace('"', " ").split()) + '"'
    return entity_query(canonical)


class EntityFeature:
    """Entity highlights, legend, panel, filter and mention navigation."""

    def __init__(self, screen: FeatureHost) -> None:
        self.screen = screen
        self._panel: EntitiesPanel | None = None
        self.choices = EntityChoices()  # enabled labels, the entity chosen in the panel
        self.pass_done = False  # the collection's entities are searchable
        self.shown: list[Entity] | None = None  # the open article's (None: being found)
        self._cache: OrderedDict[str, tuple[Article, list[Entity]]] = OrderedDict()
        self._finding: set[str] = set()  # paths of long articles a worker is on
        self._person_aliases: dict[str, str] = {}
        self._styles_set = False
        # The first article's entities are found a frame after it shows (loading the gazetteer
        # and compiling the recogniser's patterns take ~60 ms).
        self._after_frame = True
        self._panel_views: StoryViews | None = None

    def start(self) -> None:
        """The screen is mounted: styles follow the theme; the legend shows the labels."""
        # (held by the pane, which the new styles are for: the subscription ends with it)
        self.screen.app.theme_changed_signal.subscribe(self.screen.pane, lambda _theme: self.restyle())
        self.restyle()
        self.update_legend()

    def results_changed(self) -> None:
        """The list shows other articles: the panel's Results view counts them again (if it was ever shown)."""
        if self._panel_views is not None:
            self._panel_views.results_changed()

    @property
    def panel_views(self) -> StoryViews:
        """The panel's Results and Related views (made when first wanted: start-up skips them)."""
        if self._panel_views is None:
            from reader.ui.features.story_views import StoryViews

            self._panel_views = StoryViews(self.screen, self)
        return self._panel_views

    @property
    def panel_if_mounted(self) -> EntitiesPanel | None:
        """The panel, if it was ever shown (None: nothing to update)."""
        return self._panel

    @property
    def panel(self) -> EntitiesPanel:
        """The panel, mounted beside the pane the first time it is wanted (start-up skips it)."""
        from reader.ui.widgets.entities_panel import EntitiesPanel

        if self._panel is None:
            self._panel = EntitiesPanel(id="entities")
            self.screen.mount_beside_pane(self._panel)
        return self._panel

    def restyle(self) -> None:
        from reader.ui.entity_styles import app_label_styles

        self.screen.pane.set_kind_styles(app_label_styles(self.screen.app))
        self._styles_set = True

    # -- what the screen tells it ------------------------------------------------------------------

    def show(self, article: Article | None) -> None:
        """An article was opened or re-highlighted (a new query): entity layer, panel, n/N targets."""
        pane = self.screen.pane
        if not self._styles_set and self.screen.is_mounted:
            self.restyle()
        if article is None:
            self.shown = []
            pane.set_mentions([])
            self.update_panel()
            return
        found = self._entities_of(article)
        self.shown = found
        if found is None:  # a long article: a worker is finding them
            pane.set_highlights("entities", [])
            pane.set_mentions([])
            self.update_panel()
            return
        pane.set_highlights("entities", pane_spans(found, self.choices.enabled))
        self._mentions()
        self.update_panel()

    def progress(self, done: int, total: int, finished: bool, index: CollectionIndex | None) -> None:
        """The loader reported the entity pass's progress, or its end (read the names it grouped)."""
        if not finished:
            self.update_legend("finding…" if done < total else "")
        elif index is not None:
            self.screen.run_worker(
                lambda: hand_back(self.screen, AliasesRead(index.person_aliases())),
                thread=True,
                exclusive=True,
                group="entities",
                exit_on_error=False,
            )

    def aliases_read(self, aliases: dict[str, str]) -> None:
        """The entity pass is done: its grouped names apply; entity filters re-run."""
        self.pass_done = True
        self._person_aliases = aliases
        self.update_legend("")
        self.screen.rerun_entity_query()
        article = self.screen.pane.article
        if article is not None:
            self.show(article)
        if self._panel_views is not None:  # (names counted and related articles found: the pass is done)
            self._panel_views.refresh()

    # -- the open article ---------------------------------------------------------------------------

    def _entities_of(self, article: Article) -> list[Entity] | None:
        cached = self._cache.get(article.identity)
        if cached is not None and cached[0] is article:
            self._cache.move_to_end(article.identity)
            found = cached[1]
        elif len(article.text) > BIG_ARTICLE_CHARS:
            if article.identity not in self._finding:
                self._finding.add(article.identity)
                self.screen.run_worker(
                    lambda: self._find_big(article), thread=True, group="entity-article", exit_on_error=False
                )
            return None
        elif self._after_frame:
            if article.identity not in self._finding:
                self._finding.add(article.identity)
                self.screen.call_after_refresh(self._find_after_frame, article)
            return None
        else:
            from reader.entities import find_entities

            found = find_entities(article.text)
            self._remember(article, found)
        aliases = self._person_aliases
        if not aliases:
            return found
        return [
            replace(e, canonical=aliases[e.canonical]) if e.label == "PERSON" and e.canonical in aliases else e
            for e in found
        ]

    def _remember(self, article: Article, found: list[Entity]) -> None:
        self._cache[article.identity] = (article, found)
        self._cache.move_to_end(article.identity)
        while len(self._cache) > ENTITIES_KEPT:
            self._cache.popitem(last=False)

    def _find_big(self, article: Article) -> None:
        try:
            found = find_many([article.text])[0]
        except Exception:  # noqa: BLE001 - e.g. no worker process: no highlights, no crash
            found = []
        hand_back(self.screen, EntitiesFound(article, found))

    def _find_after_frame(self, article: Article) -> None:
        """The first article is on screen: its entities (loading the recogniser's data)."""
        self._after_frame = False
        from reader.entities import find_entities

        self.found(article, find_entities(article.text))
        self.screen.startup_done()  # the long-lived data is loaded now

    def found(self, article: Article, found: list[Entity]) -> None:
        self._finding.discard(article.identity)
        self._remember(article, found)
        if self.screen.pane.article is article:
            self.show(article)

    def _mentions(self) -> None:
        """n/N go through the chosen entity's mentions when the filter has no words to match."""
        pane = self.screen.pane
        chosen = self.choices.chosen
        query = self.screen.filtering.query
        found = self.shown
        if chosen is None or not found or (query is not None and query.highlight_terms):
            pane.set_mentions([])
            return
        before = pane.mentions
        pane.set_mentions(mention_spans(found, chosen[1]))
        if pane.mentions and pane.mentions != before:  # another article: its first mention
            pane.go_to_mention(0)

    def update_panel(self) -> None:
        """Show the open article's entities in the panel's Article view (the other views are
        the story views': `StoryViews`); they follow the article that is open."""
        if not self.screen.has_class("-entities"):
            return  # drawn when shown
        panel = self.panel
        if panel.view != "article":  # (reader.session.panel_views.ARTICLE, not imported at start)
            self.panel_views.article_shown(self.screen.pane.article)
            return
        if self.screen.pane.article is None:
            panel.show_message("No article open")
        elif self.shown is None:
            panel.show_message("Finding entities…")
        else:
            panel.show_entities(summarise(self.shown), chosen=self.choices.chosen)

    def update_legend(self, status: str | None = None) -> None:
        legend = self.screen.entity_legend
        legend.set_enabled(self.choices.enabled, legend.status if status is None else status)

    # -- actions ------------------------------------------------------------------------------------------

    def toggle_panel(self) -> None:
        """i: show or hide the entities panel (focused while shown)."""
        screen = self.screen
        screen.toggle_class("-entities")
        panel = self.panel
        if screen.has_class("-entities"):
            self.update_panel()
            panel.focus()
        elif panel.has_focus or screen.focused is None:
            if screen.has_class("-narrow") and not screen.has_class("-reading"):
                screen.sidebar.focus()
            else:
                screen.pane.focus()

    def toggle_label(self, label: str) -> None:
        """1–5: one label's highlighting on or off."""
        if label not in LABELS:
            return
        on = self.choices.toggle(label)
        pane = self.screen.pane
        if pane.article is not None and self.shown:
            pane.set_highlights("entities", pane_spans(self.shown, self.choices.enabled))
        self.update_legend()
        from reader.ui.entity_styles import LABEL_NAMES

        self.screen.notify(f"{LABEL_NAMES[label]}: highlighting {'on' if on else 'off'}", timeout=1.5, markup=False)

    def choose(self, label: str, canonical: str) -> None:
        """Enter or a click in the panel: filter the list to the entity, n/N through its mentions."""
        screen = self.screen
        pane = screen.pane
        self.choices.chosen = (label, canonical)
        text = filter_for(label, canonical)
        if label != "DATE":  # the filter will have no words: its mentions are n/N's now
            pane.set_mentions([])
            self._mentions()
            if pane.mentions and pane.current_mention < 0:
                pane.go_to_mention(0)
        if screen.has_class("-narrow"):  # the panel covers the pane: show the article
            screen.remove_class("-entities")
            screen.add_class("-reading")
            pane.focus()
        source = screen.source
        article = pane.article
        if label != "DATE" and source is not None and not self.pass_done and article is not None and self.shown:
            # The pass has not reached every article yet: file the open one now, so the
            # filter keeps it listed; the rest join as the pass goes on.
            index, path, item = source.index, article.path, article.item
            pairs = search_pairs(e for e in self.shown if e.label != "DATE")
            screen.run_worker(
                lambda: self._file(index, path, item, pairs, text),
                thread=True,
                group="entity-store",
                exit_on_error=False,
            )
        else:
            screen.set_filter(text)

    def _file(self, index: CollectionIndex, path: str, item: str, pairs: list[tuple[str, str]], text: str) -> None:
        try:
            index.set_entities(path, pairs, item)
        except Exception:  # noqa: BLE001 - the filter then finds it when the pass gets there
            pass
        hand_back(self.screen, EntityFiled(text))
