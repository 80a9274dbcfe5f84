"""Related articles and same-story groups, on a collection with rewritten copies."""

import json
from pathlib import Path

import pytest

from reader.index import Index
from tests.reader_command import run_reader as run


def id_of(index, folder, name):
    (found,) = index.find_file(str(folder / name))
    return found[0]


def name_of(index, article_id):
    return Path(index.article(article_id).path).name


def test_a_rewritten_copy_comes_first_both_ways(story_collection):
    folder, pairs, index = story_collection
    for original, copy in pairs.items():
        first = index.related(id_of(index, folder, original))[0]
        assert name_of(index, first.article_id) == copy
        assert first.same_story
        assert name_of(index, index.related(id_of(index, folder, copy))[0].article_id) == original


def test_related_is_best_first_without_the_article_itself_and_says_why(story_collection):
    folder, _, index = story_collection
    article_id = id_of(index, folder, "a020.txt")
    related = index.related(article_id, limit=10)
    assert 0 < len(related) <= 10
    assert article_id not in [found.article_id for found in related]
    assert [found.score for found in related] == sorted((found.score for found in related), reverse=True)
    assert all(0 < found.score <= 1 for found in related)
    shared = [name for found in related for name in found.shared]
    assert shared, "articles on the same subject share names"
    mine = {name for _, name in index.entities_of(str(folder / "a020.txt"))}
    aliases = index.person_aliases()
    assert set(shared) <= mine | {aliases.get(name, name) for name in mine}
    assert index.related(article_id, limit=3) == related[:3]


def stories_by_name(index) -> dict[str, int | None]:
    """File name → the id of its same-story group, None for an article alone."""
    story_of = index.story_ids()
    return {Path(row.path).name: story_of.get(row.id) for row in index.articles()}


def test_copies_are_grouped_as_one_story_and_strangers_are_not(story_collection):
    _, pairs, index = story_collection
    story = stories_by_name(index)
    for original, copy in pairs.items():
        assert story[original] is not None
        assert story[original] == story[copy]
    grouped = {name for name, found in story.items() if found is not None}
    assert grouped == set(pairs) | set(pairs.values())


def test_a_changed_copy_leaves_its_group(tmp_path):
    from tests.stories.story_corpus import write_collection

    folder = tmp_path / "articles"
    pairs = write_collection(folder, articles=12, copies=2)
    with Index.open([folder], cache_dir=tmp_path / "cache") as index:
        index.sync(workers=1)
        index.sync_entities(workers=1)
        copy = folder / pairs["a000.txt"]
        copy.write_text("Something else entirely\n\nA short note about the weather in Oslo today.\n")
        index.sync(workers=1)
        index.sync_entities(workers=1)
        story = stories_by_name(index)
        assert story["a000.txt"] is None and story[copy.name] is None
        assert story["a001.txt"] == story[pairs["a001.txt"]] is not None
        changed_id = index.find_file(str(copy))[0][0]
        original_id = index.find_file(str(folder / "a000.txt"))[0][0]
        assert original_id not in [found.article_id for found in index.related(changed_id)]


def test_reader_related_prints_records_with_a_score_best_first(story_collection, tmp_path):
    folder, pairs, _ = story_collection
    result = run("related", str(folder / "seed-2.txt"), str(folder))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert 1 <= len(records) <= 10
    assert Path(records[0]["path"]).name == pairs["seed-2.txt"]
    assert records[0]["same_story"] is True
    scores = [record["score"] for record in records]
    assert scores == sorted(scores, reverse=True)
    assert all({"path", "title", "text", "entities", "score", "shared"} <= set(record) for record in records)
    assert all(Path(record["path"]).name != "seed-2.txt" for record in records)
    # The folder first, then the article: the same answer.
    again = run("related", str(folder), str(folder / "seed-2.txt"))
    assert again.returncode == 0, again.stderr
    assert [json.loads(line)["path"] for line in again.stdout.splitlines()] == [r["path"] for r in records]
    # A relative path and no folder: the collection is the file's own folder (not the seeds).
    result = run("related", "--limit", "2", pairs["a003.txt"], cwd=folder)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2
    assert Path(records[0]["path"]).name == "a003.txt"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["related", "{folder}/no-such.txt", "{folder}"], "no such file"),
        (["related", "{folder}", "{folder}"], "not a file"),
        (["related", "{other}", "{folder}"], "not in the collection"),
        (["related", "{folder}/a001.txt", "--limit", "0"], "at least 1"),
    ],
)
def test_reader_related_usage_errors_exit_2_in_one_line(story_collection, tmp_path, args, message):
    folder, _, _ = story_collection
    other = tmp_path / "elsewhere.txt"
    other.write_text("Elsewhere\n\nNot in the collection.\n")
    result = run(*[arg.format(folder=folder, other=other) for arg in args])
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_reader_related_on_a_file_of_many_articles_asks_which(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    records = [
        {"title": f"Story {n}", "text": f"Paragraph about the harbour of Tallinn number {n}. " * 20} for n in range(3)
    ]
    (folder / "stories.jsonl").write_text("".join(json.dumps(record) + "\n" for record in records))
    result = run("related", str(folder / "stories.jsonl"), str(folder))
    assert result.returncode == 2 and "--item" in result.stderr
    item = result.stderr.split("(")[-1].split(",")[0].strip("'")
    result = run("related", "--item", item, str(folder / "stories.jsonl"), str(folder))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
