"""What the side panel's views show, as plain data (the widget is reader.ui.widgets.entities_panel;
the app imports it only when the panel is first shown, and this module costs nothing at start)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.stories.facets import Facet

ARTICLE, RESULTS, RELATED = "article", "results", "related"
VIEWS = (ARTICLE, RESULTS, RELATED)
VIEW_NAMES = {ARTICLE: "Article", RESULTS: "Results", RELATED: "Related"}


@dataclass(frozen=True, slots=True)
class RelatedRow:
    """One related article as the panel lists it."""

    article_id: int
    title: str
    date: str
    same_story: bool
    shared: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MentionedWith:
    """Who is in the same articles as one name, among the results, and when it was mentioned."""

    label: str
    name: str
    articles: int
    by_month: Mapping[str, int]
    facets: Mapping[str, Sequence[Facet]]
