"""Named entities, wired into the app: highlights, legend, label toggles, the entities panel,
the entity filter and n/N through an entity's mentions.

`EntitiesMixin` is a base of `ReaderApp`; the app calls a few hooks (``_entities_*``) where an
article is opened or highlighted and where the loader reports. Everything else lives here.

* The open article's entities come straight from ``find_entities(article.text)`` (a few ms; a
  very long article is done in a thread worker), PERSON names mapped to the collection's
  spelling when the entity pass has grouped them ("Sergey Lavrov" → "Sergei Lavrov").
* The collection's entity pass (what ``entity:``/``person:`` filters search) never delays the
  first frame: the `Loader` runs ``Index.sync_entities`` on its thread after the sync; when it
  is done, `_entity_pass_aliases` reads the names it grouped in a thread worker.
* Highlights: one theme colour and text attribute per label (reader.ui.entity_styles); keyword
  matches keep their background, so the two stay apart.

Keys (binding ids, so a keymap can change them):

=====  ====================================  =======================
i      entities panel of the open article    ``app.entities_panel``
1–5    people / organisations / places /     ``app.entity_person`` …
       dates / other highlights on or off
n  N   next / previous mention of the entity chosen in the panel, when the filter has no
       words to match (else the filter's matches, as before)
=====  ====================================  =======================

``e``/``E`` are export (issue 6), so the panel is ``i`` ("info about this article").
Choosing an entity (Enter or a click) sets the filter to ``entity:"Canonical Name"``; a date
(not in the entity index) filters by the phrase as written instead.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from reader.entities import LABELS, Entity
from reader.session.entity_view import EntityState, entity_query, mention_spans, pane_spans, search_pairs, summarise
from reader.ui.entity_legend import EntityLegend

if TYPE_CHECKING:
    from reader.model import Article
    from reader.ui.entities_panel import EntitiesPanel
    from reader.session.source import LoaderEvent

#: Longer articles get their entities in a worker, in another process (find_entities does
#: ~1 MB/s of pure Python: on a thread of this process it would starve the UI of the GIL).
BIG_ARTICLE_CHARS = 200_000
ENTITIES_KEPT = 16  # articles whose entities are remembered

ENTITY_BINDINGS = [
    Binding("i", "toggle_entities", "Entities", id="app.entities_panel"),
    Binding("1", "toggle_label('PERSON')", "People highlights", show=False, id="app.entity_person"),
    Binding("2", "toggle_label('ORG')", "Organisation highlights", show=False, id="app.entity_org"),
    Binding("3", "toggle_label('PLACE')", "Place highlights", show=False, id="app.entity_place"),
    Binding("4", "toggle_label('DATE')", "Date highlights", show=False, id="app.entity_date"),
    Binding("5", "toggle_label('MISC')", "Other entity highlights", show=False, id="app.entity_misc"),
]


def find_many(texts: list[str]) -> list[list[Entity]]:
    """``find_entities`` of each text; in worker processes when there is much text, so the
    calling thread only waits (without the GIL) and the UI stays quick."""
    from reader.entities import find_entities

    if sum(map(len, texts)) <= BIG_ARTICLE_CHARS:
        return [find_entities(text) for text in texts]
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    workers = max(1, min((os.cpu_count() or 2) - 1, len(texts)))
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(find_entities, texts, chunksize=max(1, len(texts) // (workers * 4))))


def is_entity_binding(binding_id: str) -> bool:
    """Whether a binding id is one of ours (the help screen lists them in their own section)."""
    return binding_id.startswith(("app.entity_", "app.entities_"))


def filter_for(label: str, canonical: str) -> str:
    """The filter text for an entity chosen in the panel."""
    if label == "DATE":  # dates are not in the entity index: the phrase as written
        return '"' + " ".join(canonical.replace('"', " ").split()) + '"'
    return entity_query(canonical)


class EntitiesMixin:
    """Entity highlights, legend, panel, filter and mention navigation, for ReaderApp."""

    # -- set-up (called by ReaderApp) -------------------------------------------------------------

    def _entities_init(self) -> None:
        self.entities = EntityState()
        self.entity_pass_done = False  # the collection's entities are searchable
        self._entity_cache: OrderedDict[str, tuple[Article, list[Entity]]] = OrderedDict()
        self._finding: set[str] = set()  # paths of long articles a worker is on
        self._person_aliases: dict[str, str] = {}
        self._shown_entities: list[Entity] | None = None  # the open article's (None: being found)
        self._kind_styles_set = False
        # The first article's entities are found a frame after it shows (loading the gazetteer
        # and compiling the recogniser's patterns take ~60 ms).
        self._entities_after_frame = True

    def on_mount(self) -> None:  # runs after ReaderApp.on_mount (Textual calls each class's handler)
        self.theme_changed_signal.subscribe(self, lambda _theme: self._entities_restyle())
        self._entities_restyle()
        self._entities_legend()

    @property
    def entities_panel(self) -> EntitiesPanel:
        """The panel, mounted beside the pane the first time it is wanted (start-up skips it)."""
        from reader.ui.entities_panel import EntitiesPanel

        panel = self.main_screen.query_one_optional("#entities", EntitiesPanel)
        if panel is None:
            panel = EntitiesPanel(id="entities")
            self.main_screen.query_one("#main").mount(panel)
        return panel

    @property
    def entity_legend(self) -> EntityLegend:
        return self.query_one("#entity-legend", EntityLegend)

    def _entities_restyle(self) -> None:
        from reader.ui.entity_styles import app_label_styles

        self.pane.set_kind_styles(app_label_styles(self))
        self._kind_styles_set = True

    # -- hooks --------------------------------------------------------------------------------------

    def _entities_show(self, article: Article | None) -> None:
        """An article was opened or re-highlighted (a new query): entity layer, panel, n/N targets."""
        pane = self.pane
        if not self._kind_styles_set and self.is_mounted:
            self._entities_restyle()
        if article is None:
            self._shown_entities = []
            pane.set_mentions([])
            self._entities_panel_update()
            return
        found = self._entities_of(article)
        self._shown_entities = found
        if found is None:  # a long article: a worker is finding them
            pane.set_highlights("entities", [])
            pane.set_mentions([])
            self._entities_panel_update()
            return
        pane.set_highlights("entities", pane_spans(found, self.entities.enabled))
        self._entities_mentions()
        self._entities_panel_update()

    def _entities_loader(self, event: LoaderEvent) -> None:
        """The loader reported: the entity pass's progress, or its end (read the names it grouped)."""
        if event.kind == "entities":
            self._entities_legend("finding…" if event.done < event.total else "")
        elif event.kind == "entities-done" and event.source is not None:
            self._entity_pass_aliases(event.source.index)

    # -- the open article ---------------------------------------------------------------------------

    def _entities_of(self, article: Article) -> list[Entity] | None:
        cached = self._entity_cache.get(article.path)
        if cached is not None and cached[0] is article:
            if article.path in self._entity_cache:
                self._entity_cache.move_to_end(article.path)
            found = cached[1]
        elif len(article.text) > BIG_ARTICLE_CHARS:
            if article.path not in self._finding:
                self._finding.add(article.path)
                self._find_big(article)
            return None
        elif self._entities_after_frame:
            if article.path not in self._finding:
                self._finding.add(article.path)
                self.call_after_refresh(self._find_after_frame, article)
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
        self._entity_cache[article.path] = (article, found)
        self._entity_cache.move_to_end(article.path)
        while len(self._entity_cache) > ENTITIES_KEPT:
            self._entity_cache.popitem(last=False)

    @work(thread=True, group="entity-article", exit_on_error=False)
    def _find_big(self, article: Article) -> None:
        try:
            found = find_many([article.text])[0]
        except Exception:  # noqa: BLE001 - e.g. no worker process: no highlights, no crash
            found = []
        try:
            self.call_from_thread(self._big_found, article, found)
        except RuntimeError:  # the app closed meanwhile
            pass

    def _find_after_frame(self, article: Article) -> None:
        """The first article is on screen: its entities (loading the recogniser's data)."""
        self._entities_after_frame = False
        from reader.entities import find_entities

        self._big_found(article, find_entities(article.text))
        self._startup_done()  # the long-lived data is loaded now (reader.ui.app)

    def _big_found(self, article: Article, found: list[Entity]) -> None:
        self._finding.discard(article.path)
        self._remember(article, found)
        if self.pane.article is article:
            self._entities_show(article)

    def _entities_mentions(self) -> None:
        """n/N go through the chosen entity's mentions when the filter has no words to match."""
        pane = self.pane
        chosen = self.entities.chosen
        query = self._query
        found = self._shown_entities
        if chosen is None or not found or (query is not None and query.highlight_terms):
            pane.set_mentions([])
            return
        before = pane.mentions
        pane.set_mentions(mention_spans(found, chosen[1]))
        if pane.mentions and pane.mentions != before:  # another article: its first mention
            pane.go_to_mention(0)

    def _entities_panel_update(self) -> None:
        if not self.main_screen.has_class("-entities"):
            return  # drawn when shown
        panel = self.entities_panel
        if self.pane.article is None:
            panel.show_message("No article open")
        elif self._shown_entities is None:
            panel.show_message("Finding entities…")
        else:
            panel.show_entities(summarise(self._shown_entities), chosen=self.entities.chosen)

    def _entities_legend(self, status: str | None = None) -> None:
        legend = self.entity_legend
        legend.set_enabled(self.entities.enabled, legend.status if status is None else status)

    # -- actions and messages --------------------------------------------------------------------------

    def action_toggle_entities(self) -> None:
        """i: show or hide the entities panel (focused while shown)."""
        screen = self.main_screen
        screen.toggle_class("-entities")
        panel = self.entities_panel
        if screen.has_class("-entities"):
            self._entities_panel_update()
            panel.focus()
        elif panel.has_focus or screen.focused is None:
            if screen.has_class("-narrow") and not screen.has_class("-reading"):
                self.sidebar.focus()
            else:
                self.pane.focus()

    def action_toggle_label(self, label: str) -> None:
        """1–5: one label's highlighting on or off."""
        if label not in LABELS:
            return
        on = self.entities.toggle(label)
        if self.pane.article is not None and self._shown_entities:
            self.pane.set_highlights("entities", pane_spans(self._shown_entities, self.entities.enabled))
        self._entities_legend()
        from reader.ui.entity_styles import LABEL_NAMES

        self.notify(f"{LABEL_NAMES[label]}: highlighting {'on' if on else 'off'}", timeout=1.5, markup=False)

    def on_entity_legend_toggled(self, message: EntityLegend.Toggled) -> None:
        self.action_toggle_label(message.label)

    def on_entity_chosen(self, message) -> None:
        """Enter or a click in the panel: filter the list to the entity, n/N through its mentions."""
        label, canonical = message.label, message.canonical
        self.entities.chosen = (label, canonical)
        text = filter_for(label, canonical)
        if label != "DATE":  # the filter will have no words: its mentions are n/N's now
            self.pane.set_mentions([])
            self._entities_mentions()
            if self.pane.mentions and self.pane.current_mention < 0:
                self.pane.go_to_mention(0)
        screen = self.main_screen
        if screen.has_class("-narrow"):  # the panel covers the pane: show the article
            screen.remove_class("-entities")
            screen.add_class("-reading")
            self.pane.focus()
        source = self.source
        article = self.pane.article
        if (label != "DATE" and source is not None and not self.entity_pass_done
                and article is not None and self._shown_entities):
            # The pass has not reached every article yet: file the open one now, so the
            # filter keeps it listed; the rest join as the pass goes on.
            self._store_open(source.index, article.path, search_pairs(
                e for e in self._shown_entities if e.label != "DATE"), text)
        else:
            self._set_filter(text)

    @work(thread=True, group="entity-store", exit_on_error=False)
    def _store_open(self, index, path: str, pairs: list[tuple[str, str]], text: str) -> None:
        try:
            index.set_entities(path, pairs)
        except Exception:  # noqa: BLE001 - the filter then finds it when the pass gets there
            pass
        try:
            self.call_from_thread(self._set_filter, text)
        except RuntimeError:
            pass

    def _set_filter(self, text: str) -> None:
        field = self.filter_input
        if field.value == text:
            self._start_filter(text)
        else:
            field.value = text  # Input.Changed runs the query
        field.cursor_position = len(text)

    # -- the collection's entity pass ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def _entity_pass_aliases(self, index) -> None:
        """The index's entity pass is done: read the person names it grouped, off the UI thread."""
        aliases = index.person_aliases()
        try:
            self.call_from_thread(self._entity_pass_done, aliases)
        except RuntimeError:  # the app closed
            pass

    def _entity_pass_done(self, aliases: dict[str, str]) -> None:
        self.entity_pass_done = True
        self._person_aliases = aliases
        self._entities_legend("")
        wanted = self._wanted
        if wanted is not None and any(f"{field}:" in wanted.text.lower() for field in ("person", "org", "place", "entity")):
            self._results.clear()
            self._run_query(wanted)
        if self.pane.article is not None:
            self._entities_show(self.pane.article)
