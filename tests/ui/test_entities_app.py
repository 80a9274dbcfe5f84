"""Entities in the running app (issue 4, item 5): highlights, legend and 1–5, the panel (i),
choosing an entity filters the list, n/N through its mentions; on the seeds, through the index."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from ui_helpers import REPO, sidebar_rows, wait_loaded  # noqa: F401 - puts the checkout first on sys.path

from reader.entities import find_entities
from reader.ingest.files import load_corpus
from reader.ui.app import ReaderApp
from reader.ui.features.entities import filter_for
from reader.ui.keymap import ENTITY_BINDINGS
from reader.ui.screens.help import HelpScreen, help_sections

SIZE = (120, 35)
SEEDS = REPO / "reader" / "_seeds"


async def settle(pilot, app, timeout: float = 20.0) -> None:
    """Until the entity pass is done and every worker is idle."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (app.entity_pass_done and app.loaded):
        assert loop.time() < deadline, "the entity pass never finished"
        await pilot.pause(0.02)
    await app.workers.wait_for_complete()
    await pilot.pause()


def spans(app, kind: str) -> list[str]:
    text = app.pane.article.text
    return [text[start:end] for start, end, found in app.pane.highlights if found == kind]


def seeds_mentioning(name: str) -> set[str]:
    return {
        path.name
        for path in sorted(SEEDS.glob("*.txt"))
        if any(e.canonical == name for e in find_entities(load_corpus([str(path)]).articles[0].text))
    }


async def choose(pilot, app, label: str, canonical: str) -> None:
    panel = app.entities_panel
    row = panel.choices.index((label, canonical))
    panel.highlighted = panel.get_option_index(f"entity-{row}")
    await pilot.press("enter")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_seed_000_people_are_highlighted_and_1_toggles_them():
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await settle(pilot, app)
        assert Path(app.pane.article.path).name.startswith("000_")
        people = spans(app, "PERSON")
        assert "Dmitry Peskov" in people and "Peskov" in people
        assert "Kremlin" in spans(app, "ORG") and "Moscow" in spans(app, "PLACE")
        legend = app.entity_legend.legend_text().plain
        assert "1 ■ People" in legend
        await pilot.press("1")
        assert spans(app, "PERSON") == []
        assert spans(app, "ORG")  # the other labels stay
        assert "1 □ People" in app.entity_legend.legend_text().plain
        await pilot.press("1")
        assert spans(app, "PERSON") == people
        for key, label in zip("2345", ("ORG", "PLACE", "DATE", "MISC"), strict=True):
            await pilot.press(key)
            assert spans(app, label) == []
        assert {kind for _, _, kind in app.pane.highlights} == {"PERSON"}


async def test_each_label_looks_different_from_the_others_and_from_matches():
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await settle(pilot, app)
        pane = app.pane
        styles = [pane._style(label) for label in ("PERSON", "ORG", "PLACE", "DATE", "MISC")]
        assert len(set(styles)) == 5
        assert pane._style("match") not in styles
        assert pane._style("current-mention") not in styles
        before = pane._style("PERSON")
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert pane._style("PERSON") != before  # restyled from the new theme


async def test_panel_lists_the_open_article_and_choosing_filters_the_list():
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await settle(pilot, app)
        assert app.main_screen.query_one_optional("#entities") is None  # mounted when first shown
        await pilot.press("i")
        panel = app.entities_panel
        assert panel.display and panel.has_focus
        rows = [str(option.prompt) for option in panel.options]
        assert "  Dmitry Peskov  ×4" in rows
        assert rows[0] == "Article · Results · Related"  # (the views, [ and ] between them)
        assert rows[1].startswith("People")
        await choose(pilot, app, "PERSON", "Dmitry Peskov")
        assert app.filter_input.value == 'entity:"Dmitry Peskov"'
        shown = {Path(app.articles[position].path).name for position in app.sidebar.positions}
        assert shown == seeds_mentioning("Dmitry Peskov") and shown
        # n/N go through his mentions (the filter has no words to match)
        pane = app.pane
        text = pane.article.text
        assert [text[s:e] for s, e in pane.mentions] == ["Dmitry Peskov", "Peskov", "Peskov", "Peskov"]
        assert pane.current_mention == 0  # choosing jumps to the first
        assert "current-mention" in {kind for _, _, kind in pane.highlights}
        await pilot.press("n")
        assert pane.current_mention == 1
        await pilot.press("N", "N")
        assert pane.current_mention == len(pane.mentions) - 1  # wraps
        pane.focus()
        await pilot.press("n")
        assert pane.current_mention == 0


async def test_a_person_chosen_in_one_article_finds_every_spelling():
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await settle(pilot, app)
        await pilot.press("i")
        await choose(pilot, app, "PERSON", "Sergei Lavrov")
        shown = {Path(app.articles[position].path).name[:3] for position in app.sidebar.positions}
        assert {"000", "002", "004"} <= shown  # 002 spells him "Sergey"
        # in 002 the panel and n/N use the collection's spelling
        app.open_article(next(p for p in app.sidebar.positions if Path(app.articles[p].path).name.startswith("002")))
        await pilot.pause()
        assert ("PERSON", "Sergei Lavrov") in app.entities_panel.choices
        text = app.pane.article.text
        assert {text[s:e] for s, e in app.pane.mentions} >= {"Sergey Lavrov"}


async def test_keyword_filter_keeps_n_on_matches():
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await settle(pilot, app)
        await pilot.press("i")
        await choose(pilot, app, "PERSON", "Dmitry Peskov")
        assert app.pane.mentions
        app.filter_input.value = 'entity:"Dmitry Peskov" trade'
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane = app.pane
        assert pane.mentions == [] and pane.matches
        await pilot.press("n")
        assert pane.current_match >= 0 and pane.current_mention == -1


async def test_a_date_filters_by_its_phrase():
    assert filter_for("DATE", "January 17, 2022") == '"January 17, 2022"'
    assert filter_for("PERSON", 'A "B" C') == 'entity:"A B C"'


async def test_panel_in_a_narrow_terminal_takes_the_screen_and_gives_it_back():
    app = ReaderApp([])
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_loaded(pilot)
        await settle(pilot, app)
        await pilot.press("i")
        assert app.entities_panel.display and not app.query_one("#sidebar").display
        await choose(pilot, app, "PERSON", "Dmitry Peskov")
        assert app.pane.has_focus and app.pane.display and not app.entities_panel.display
        await pilot.press("i")
        assert app.entities_panel.has_focus
        await pilot.press("i")
        assert not app.entities_panel.display


async def test_help_lists_the_entity_keys_in_their_own_section():
    app = ReaderApp([])
    async with app.run_test(size=(100, 60)) as pilot:
        await wait_loaded(pilot)
        await settle(pilot, app)
        sections = dict(help_sections(app))
        entity_rows = dict((description, keys) for keys, description in sections["Entities"])
        assert entity_rows["Entities"] == "i"
        assert [entity_rows[binding.description] for binding in ENTITY_BINDINGS[1:]] == list("12345")
        assert all(description not in dict((d, k) for k, d in sections["App"]) for description in entity_rows)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_the_index_finds_the_entity_and_the_pass_stays_off_the_first_frame(tmp_path):
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    app = ReaderApp([str(folder)], no_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await settle(pilot, app)
        assert "Dmitry Peskov" in spans(app, "PERSON")
        await pilot.press("i")
        await choose(pilot, app, "PERSON", "Dmitry Peskov")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        filtering = app.main_screen.filtering
        while app.filter_input.value != 'entity:"Dmitry Peskov"' or app.applied_generation != filtering.generation:
            assert loop.time() < deadline
            await pilot.pause(0.02)
        await pilot.pause()
        shown = {Path(app.articles[position].path).name for position in app.sidebar.positions}
        assert shown == seeds_mentioning("Dmitry Peskov")
        assert app.pane.mentions and app.pane.current_mention == 0


async def test_command_palette_offers_the_panel():
    app = ReaderApp([])
    async with app.run_test(size=SIZE):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Toggle entities panel" in titles
