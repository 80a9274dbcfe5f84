"""The panel's Results and Related views (] from the Article view): the names of the articles
the filter shows with their counts, include/exclude, "mentioned with", related articles."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from ui_helpers import wait_filtered, wait_for, wait_loaded

from reader.session.panel_views import ARTICLE, RELATED, RESULTS
from reader.ui.app import ReaderApp
from tests.stories.story_corpus import write_collection

SIZE = (130, 40)


@pytest.fixture
def collection(tmp_path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "stories"
    return folder, write_collection(folder, articles=16, copies=3)


def panel(app):
    return app.main_screen.entities.panel


def listed_names(app) -> dict[tuple[str, str], int]:
    """(label, name) → the count the Results view shows."""
    shown = {}
    for facets in panel(app).facets.values():
        for facet in facets:
            shown[(facet.label, facet.name)] = facet.articles
    return shown


def expected_names(app, per_label: int = 40) -> dict[tuple[str, str], int]:
    counts = app.main_screen.source.index.entity_counts()
    facets = counts.facets(app.sidebar.positions, per_label)
    return {(f.label, f.name): f.articles for listed in facets.values() for f in listed}


async def open_view(pilot, view: str) -> None:
    app = pilot.app
    if not app.main_screen.has_class("-entities"):
        await pilot.press("i")
    while panel(app).view != view:
        await pilot.press("right_square_bracket")
    await wait_for(pilot, lambda: not any(w.is_running for w in app.workers if w.group in ("facets", "related")))
    await pilot.pause()


@asynccontextmanager
async def results_view(folder: Path) -> AsyncIterator[Pilot]:
    """The app on ``folder`` with the panel's Results view listing the names of all articles."""
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot, 60)
        await open_view(pilot, RESULTS)
        await wait_for(pilot, lambda: listed_names(app), what="the names of all articles")
        yield pilot


async def test_results_list_the_names_of_the_articles_shown_and_follow_the_filter(collection):
    folder, _ = collection
    async with results_view(folder) as pilot:
        app = pilot.app
        assert listed_names(app) == expected_names(app)
        everything = listed_names(app)
        await pilot.press("slash", *"kremlin", "enter")
        await wait_filtered(pilot)
        await wait_for(pilot, lambda: listed_names(app) != everything, what="names of the filtered articles")
        assert listed_names(app) == expected_names(app)
        assert len(app.sidebar.positions) < len(app.articles)
        note = str(panel(app).get_option_at_index(1).prompt)
        assert note == f"In {len(app.sidebar.positions):,} of {len(app.articles):,} articles"


async def test_enter_includes_a_name_x_excludes_it_and_terms_combine(collection):
    folder, _ = collection
    async with results_view(folder) as pilot:
        app = pilot.app
        label, name = panel(app).choices[0]
        field = {"PERSON": "person", "ORG": "org", "PLACE": "place"}.get(label, "entity")
        await pilot.press("enter")
        await wait_filtered(pilot)
        assert app.filter_input.value == f'{field}:"{name}"'
        shown = {app.articles[p].id for p in app.sidebar.positions}
        # Every article counted under the name is listed (the filter matches the name's words,
        # so it may list a namesake too).
        counts = app.main_screen.source.index.entity_counts()
        _, _, having = counts.mentioned_with((label, name), range(len(app.articles)))
        assert {app.articles[p].id for p in having} <= shown
        await wait_for(pilot, lambda: panel(app).facets and listed_names(app) == expected_names(app))
        other = next(choice for choice in panel(app).choices if choice != (label, name))
        await pilot.press(*["down"] * panel(app).choices.index(other), "x")
        await wait_filtered(pilot)
        other_field = {"PERSON": "person", "ORG": "org", "PLACE": "place"}.get(other[0], "entity")
        assert app.filter_input.value == f'{field}:"{name}" -{other_field}:"{other[1]}"'
        assert {app.articles[p].id for p in app.sidebar.positions} <= shown
        assert app.main_screen.filtering.error is None


async def test_mentioned_with_shows_who_is_in_the_same_articles_and_left_goes_back(collection):
    folder, _ = collection
    async with results_view(folder) as pilot:
        app = pilot.app
        chosen = panel(app).choices[0]
        await pilot.press("right")
        await wait_for(pilot, lambda: panel(app).mentioned is not None, what="mentioned with")
        mentioned = panel(app).mentioned
        assert (mentioned.label, mentioned.name) == chosen
        counts = app.main_screen.source.index.entity_counts()
        having, facets, _ = counts.mentioned_with(chosen, app.sidebar.positions, 40)
        assert mentioned.articles == having == listed_names(app).get(chosen, having)
        assert sum(mentioned.by_month.values()) <= having
        assert {(f.label, f.name): f.articles for fs in mentioned.facets.values() for f in fs} == {
            (f.label, f.name): f.articles for fs in facets.values() for f in fs
        }
        assert chosen not in panel(app).choices  # (itself is not "mentioned with" itself)
        prompts = [str(panel(app).get_option_at_index(i).prompt) for i in range(4)]
        assert prompts[1].startswith(f"← {chosen[1]}")
        assert any(block in prompts[2] for block in "▁▂▃▄▅▆▇█")
        await pilot.press("left")
        await pilot.pause()
        assert panel(app).mentioned is None
        highlighted = panel(app).get_option_at_index(panel(app).highlighted).prompt
        assert str(highlighted).strip().startswith(chosen[1])  # (the cursor is back on the name)


async def test_related_lists_the_rewritten_copy_first_and_enter_opens_it(collection):
    folder, pairs = collection
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot, 60)
        original = next(name for name in pairs if name.startswith("a"))
        position = next(p for p, row in enumerate(app.articles) if Path(row.path).name == original)
        app.main_screen.open_article(position)
        await wait_for(pilot, lambda: app.pane.article is not None and Path(app.pane.article.path).name == original)
        await open_view(pilot, RELATED)
        await wait_for(pilot, lambda: panel(app).related, what="related articles")
        first = panel(app).related[0]
        assert first.same_story
        copy_id = app.main_screen.source.index.find_file(str(folder / pairs[original]))[0][0]
        assert first.article_id == copy_id
        assert len(panel(app).related) <= 10
        panel(app).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: Path(app.pane.article.path).name == pairs[original], what="the copy opened")
        # The view follows the open article: now the original is the copy's first related.
        await wait_for(
            pilot,
            lambda: (
                panel(app).related
                and Path(app.articles[app.main_screen.source.find(panel(app).related[0].article_id)].path).name
                == original
            ),
            what="the copy's related articles",
        )
        await pilot.press("i")  # (the panel closes; opening it again shows the view it had)
        await pilot.press("i")
        assert panel(app).view == RELATED


async def test_left_bracket_goes_back_to_the_article_view(collection):
    folder, _ = collection
    async with results_view(folder) as pilot:
        app = pilot.app
        await pilot.press("left_square_bracket")
        assert panel(app).view == ARTICLE
        await wait_for(pilot, lambda: panel(app).summary, what="the article's entities")


async def test_the_views_wait_for_the_entity_pass_and_fill_in_when_it_is_done(collection, monkeypatch):
    import threading

    from reader.index import Index

    folder, _ = collection
    go_on = threading.Event()
    real = Index.sync_entities

    def held(self, *args, **kwargs):
        go_on.wait(30)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Index, "sync_entities", held)
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        try:
            await wait_for(pilot, lambda: app.loaded and app.pane.article is not None, 30, "the list")
            await pilot.press("i", "right_square_bracket")
            await wait_for(pilot, lambda: panel(app).view == RESULTS)
            assert "once the entity pass is done" in panel(app).message
            assert not panel(app).facets
        finally:
            go_on.set()
        await wait_for(pilot, lambda: panel(app).facets, 30, "the names once the pass is done")
        assert listed_names(app) == expected_names(app)


async def test_help_lists_the_panel_keys_before_the_panel_was_ever_shown():
    from reader.ui.screens.help import help_sections

    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert app.main_screen.query_one_optional("#entities") is None
        sections = dict(help_sections(app))
        rows = dict((description, keys) for keys, description in sections["Entities panel (i)"])
        assert rows["Next view"] == "]" and rows["Previous view"] == "["
        assert rows["Results: leave the name out of the filter"] == "x -"
        assert rows["Results: who is mentioned with the name"] == "→ w"
