"""The side panel of names (i), in three views, [ and ] between them:

* **Article**: the open article's entities, grouped by label with mention counts; Enter filters
  the list to one.
* **Results**: the entities of the articles the filter shows, with how many mention each (the
  facets); Enter adds ``person:"Name"`` to the filter, x adds ``-person:"Name"``; → (or w) shows
  who is "mentioned with" a name, and its mentions by month, ← goes back.
* **Related**: the articles most related to the open one, each with why (shared names); Enter
  opens one.

An OptionList is enough: the rows are tens, or the top names of each kind, never thousands.
Headings and notes are disabled rows; names are coloured like their highlights in the pane.
The panel shows what it is given and posts what the user chose; the entities feature
(reader.ui.features.entities) computes the views.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.entities import Label
from reader.session.entity_view import EntityCount
from reader.session.panel_views import ARTICLE, RELATED, RESULTS, VIEW_NAMES, VIEWS, MentionedWith, RelatedRow
from reader.stories.facets import Facet
from reader.ui import visible
from reader.ui.entity_styles import LABEL_NAMES, app_label_styles

SPARK = "▁▂▃▄▅▆▇█"
SPARK_CELLS = 28  # the mentions-by-month line fits the panel's width


class EntityChosen(Message):
    """Enter or a click on an entity of the article: filter the list to it, n/N step through its mentions."""

    def __init__(self, label: str, canonical: str) -> None:
        super().__init__()
        self.label = label
        self.canonical = canonical


class FacetChosen(Message):
    """Enter (include) or x (exclude) on a name of the results: a term for the filter."""

    def __init__(self, label: str, name: str, exclude: bool) -> None:
        super().__init__()
        self.label = label
        self.name = name
        self.exclude = exclude


class MentionedWithAsked(Message):
    """→ on a name of the results: show who is mentioned with it (None: back to the results)."""

    def __init__(self, name: tuple[str, str] | None) -> None:
        super().__init__()
        self.name = name


class RelatedChosen(Message):
    """Enter on a related article: open it."""

    def __init__(self, article_id: int) -> None:
        super().__init__()
        self.article_id = article_id


class ViewChanged(Message):
    """[ or ]: the panel shows another view, which the feature fills."""

    def __init__(self, view: str) -> None:
        super().__init__()
        self.view = view


def sparkline(counts: Sequence[int]) -> str:
    """Block characters, one per count, the largest full height (zero: the lowest block)."""
    top = max(counts, default=0)
    if top <= 0:
        return SPARK[0] * len(counts)
    return "".join(SPARK[min(len(SPARK) - 1, round(count * (len(SPARK) - 1) / top))] for count in counts)


def months_between(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from ``first`` to ``last``, inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months: list[str] = []
    while (year, month) <= end and len(months) < 1200:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class EntitiesPanel(OptionList):
    """Names beside the pane: the article's, the results', or the related articles (see the module)."""

    BINDING_GROUP_TITLE = "Entities"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "view(1)", "Next view", key_display="]", id="panel.next_view"),
        Binding("left_square_bracket", "view(-1)", "Previous view", key_display="[", id="panel.previous_view"),
        Binding(
            "enter", "select", "Filter to the name (Results: add it) / open the article", show=False, id="panel.choose"
        ),
        Binding("x,minus", "exclude", "Results: leave the name out of the filter", show=False, id="panel.exclude"),
        Binding(
            "right,w",
            "mentioned_with",
            "Results: who is mentioned with the name",
            show=False,
            id="panel.mentioned_with",
        ),
        Binding("left", "back", "Results: back to all the names", show=False, id="panel.back"),
    ]

    EntityChosen = EntityChosen
    FacetChosen = FacetChosen
    MentionedWithAsked = MentionedWithAsked
    RelatedChosen = RelatedChosen
    ViewChanged = ViewChanged

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.view = ARTICLE
        self.summary: Mapping[Label, Sequence[EntityCount]] = {}
        self.facets: Mapping[str, Sequence[Facet]] = {}
        self.facet_note = ""
        self.mentioned: MentionedWith | None = None
        self.related: Sequence[RelatedRow] = ()
        self.message = "Finding entities…"
        self._choices: dict[str, tuple[str, str]] = {}  # option id → (label, name)
        self._articles: dict[str, int] = {}  # option id → related article id
        self._styled = False  # styles need the app's theme, known from mount on

    def on_mount(self) -> None:
        self._styled = True
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild())
        self._rebuild()

    # -- data, set by the app ------------------------------------------------------

    def show_entities(
        self,
        summary: Mapping[Label, Sequence[EntityCount]],
        message: str = "No entities in this article",
        chosen: tuple[str, str] | None = None,
    ) -> None:
        """The Article view: ``summary`` (from ``entity_view.summarise``); ``message`` when it is empty.

        ``chosen`` (label, canonical) gets the cursor when the article mentions it.
        """
        self.summary = summary
        self.message = message
        if self.view == ARTICLE:
            self._rebuild(chosen)

    def show_message(self, message: str) -> None:
        """No list, just a line (e.g. "Finding entities…" while the pass runs)."""
        self.summary, self.facets, self.related, self.mentioned = {}, {}, (), None
        self.message = message
        self._rebuild()

    def show_facets(self, facets: Mapping[str, Sequence[Facet]], note: str) -> None:
        """The Results view: names of the filtered articles, most articles first; ``note`` says of how many."""
        self.facets = facets
        self.facet_note = note
        self.message = "No names in these articles"
        if self.view == RESULTS and self.mentioned is None:
            self._rebuild()

    def show_mentioned_with(self, mentioned: MentionedWith | None) -> None:
        """Who is mentioned with one name (None: back to all the results' names)."""
        back_to = self._drilled_name() if mentioned is None else None
        self.mentioned = mentioned
        if self.view == RESULTS:
            self._rebuild(back_to)

    def show_related(self, related: Sequence[RelatedRow], message: str = "No related articles") -> None:
        """The Related view: the open article's most related, best first."""
        self.related = related
        self.message = message
        if self.view == RELATED:
            self._rebuild()

    def set_view(self, view: str) -> None:
        if view in VIEWS and view != self.view:
            self.view = view
            self.mentioned = None
            self._rebuild()

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(label, name) of every name row, top to bottom."""
        return list(self._choices.values())

    # -- rendering -------------------------------------------------------------------

    def _rebuild(self, chosen: tuple[str, str] | None = None) -> None:
        if not self._styled:
            return
        if chosen is None and self.highlighted is not None:
            option = self.get_option_at_index(self.highlighted)
            chosen = self._choices.get(option.id or "")
        styles = app_label_styles(self.app)
        muted = Style(dim=True)
        options: list[Option] = [Option(self._tabs(), id="tabs", disabled=True)]
        self._choices, self._articles = {}, {}
        if self.view == ARTICLE:
            for label, entries in self.summary.items():
                options.append(self._heading(label, len(entries), styles))
                for entry in entries:
                    # × so "April ×1" is no date
                    options.append(self._name_row(entry.label, entry.canonical, f"  ×{entry.count}", styles))
        elif self.view == RESULTS and self.mentioned is not None:
            options.extend(self._mentioned_rows(self.mentioned, styles))
        elif self.view == RESULTS:
            if self.facets:
                options.append(Option(Text(visible(self.facet_note), muted), id="note", disabled=True))
            for kind, facets in self.facets.items():
                options.append(self._heading(kind, len(facets), styles))
                options.extend(self._name_row(f.label, f.name, f"  {f.articles:,}", styles) for f in facets)
        else:
            for row in self.related:
                option_id = f"article-{len(self._articles)}"
                self._articles[option_id] = row.article_id
                line = Text(visible(row.title), Style(bold=True))
                line.append(f"\n{row.date}", muted)
                if row.same_story:
                    line.append("  same story", Style(italic=True))
                if row.shared:
                    line.append("\n" + visible(", ".join(row.shared[:4])), muted)
                options.append(Option(line, id=option_id))
        if len(options) == 1:
            options.append(
                Option(Text(visible(self.message), Style(italic=True, dim=True)), id="message", disabled=True)
            )
        self.set_options(options)
        self._highlight(chosen)

    def _tabs(self) -> Text:
        tabs = Text()
        for view in VIEWS:
            if tabs:
                tabs.append(" · ", Style(dim=True))
            tabs.append(VIEW_NAMES[view], Style(bold=True, underline=True) if view == self.view else Style(dim=True))
        return tabs

    def _heading(self, label: str, count: int, styles: Mapping[str, Style]) -> Option:
        heading = Text.assemble(
            (LABEL_NAMES.get(label, label), styles.get(label, Style()) + Style(bold=True)),
            (f"  {count}", Style(dim=True)),
        )
        return Option(heading, id=f"heading-{label}-{len(self._choices)}", disabled=True)

    def _name_row(self, label: str, name: str, count: str, styles: Mapping[str, Style]) -> Option:
        option_id = f"entity-{len(self._choices)}"
        self._choices[option_id] = (label, name)
        return Option(
            Text.assemble("  ", (visible(name), styles.get(label, Style())), (count, Style(dim=True))), id=option_id
        )

    def _mentioned_rows(self, mentioned: MentionedWith, styles: Mapping[str, Style]) -> list[Option]:
        muted = Style(dim=True)
        title = Text.assemble(
            ("← ", muted),
            (visible(mentioned.name), styles.get(mentioned.label, Style()) + Style(bold=True)),
            (f"  {mentioned.articles:,} article{'s' if mentioned.articles != 1 else ''}", muted),
        )
        rows = [Option(title, id="with-title", disabled=True)]
        months = mentioned.by_month
        if months:
            listed = months_between(min(months), max(months))
            per_cell = -(-len(listed) // SPARK_CELLS)  # months a block stands for: the whole span fits
            cells = [
                sum(months.get(month, 0) for month in listed[at : at + per_cell])
                for at in range(0, len(listed), per_cell)
            ]
            spark = Text(sparkline(cells))
            every = f", a block per {per_cell} months" if per_cell > 1 else ""
            spark.append(f"\n{listed[0]} … {listed[-1]}{every}", muted)
            rows.append(Option(spark, id="with-months", disabled=True))
        rows.append(Option(Text("Mentioned with", Style(bold=True)), id="with-heading", disabled=True))
        for label, facets in mentioned.facets.items():
            rows.append(self._heading(label, len(facets), styles))
            rows.extend(self._name_row(f.label, f.name, f"  {f.articles:,}", styles) for f in facets)
        return rows

    def _highlight(self, chosen: tuple[str, str] | None) -> None:
        ids = list(self._choices) or list(self._articles)
        if not ids:
            self.highlighted = None
            return
        target = next((option_id for option_id, choice in self._choices.items() if choice == chosen), ids[0])
        self.highlighted = self.get_option_index(target)

    def _drilled_name(self) -> tuple[str, str] | None:
        """The name whose "mentioned with" is shown."""
        return (self.mentioned.label, self.mentioned.name) if self.mentioned is not None else None

    def _highlighted_name(self) -> tuple[str, str] | None:
        if self.highlighted is None:
            return None
        return self._choices.get(self.get_option_at_index(self.highlighted).id or "")

    # -- keys --------------------------------------------------------------------------------

    def action_view(self, step: int) -> None:
        view = VIEWS[(VIEWS.index(self.view) + step) % len(VIEWS)]
        self.set_view(view)
        self.post_message(ViewChanged(view))

    def action_exclude(self) -> None:
        name = self._highlighted_name()
        if name is not None and self.view == RESULTS:
            self.post_message(FacetChosen(*name, exclude=True))

    def action_mentioned_with(self) -> None:
        name = self._highlighted_name()
        if name is not None and self.view == RESULTS and self.mentioned is None:
            self.post_message(MentionedWithAsked(name))

    def action_back(self) -> None:
        if self.view == RESULTS and self.mentioned is not None:
            self.show_mentioned_with(None)
            self.post_message(MentionedWithAsked(None))

    def action_page_up(self) -> None:
        if self.scrollable_content_region:  # OptionList's page move needs its lines laid out
            super().action_page_up()  # type: ignore[no-untyped-call]

    def action_page_down(self) -> None:
        if self.scrollable_content_region:
            super().action_page_down()  # type: ignore[no-untyped-call]

    @on(OptionList.OptionSelected)
    def _on_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        article_id = self._articles.get(option_id)
        if article_id is not None:
            self.post_message(RelatedChosen(article_id))
            return
        choice = self._choices.get(option_id)
        if choice is None:
            return
        if self.view == ARTICLE:
            self.post_message(EntityChosen(*choice))
        else:
            self.post_message(FacetChosen(*choice, exclude=False))
