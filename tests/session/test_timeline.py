"""The timeline's buckets, counts and filter terms (reader.session.timeline): the terms of any run
of buckets, put in the filter, show exactly the articles the buckets count, in memory and in the
SQLite index, dates known only to the month or the year included."""

from __future__ import annotations

import random
from datetime import date

import pytest

from reader.index import Index
from reader.index.records import date_from_key, sort_key
from reader.model import Article, ArticleDate
from reader.query import parse_query
from reader.session.timeline import EMPTY, Timeline, build_timeline, with_date_terms
from tests.memory_index import MemoryIndex

WIDTH = 32


def keys(rows) -> list[int]:
    """Each sidebar row's packed date, as `CollectionIndex.sort_keys` gives them."""
    return [row[10] for row in rows]


def memory_index(dates: list[tuple[int, ...] | None], words: list[str] | None = None) -> MemoryIndex:
    """One article per date (a tuple of year, month, day as known; None: undated)."""
    articles = [
        Article(
            path=f"{number:04d}.txt",
            title=f"Article {number}",
            paragraphs=((words[number] if words else "plain words"),),
            date=ArticleDate(*when) if when is not None else None,
        )
        for number, when in enumerate(dates)
    ]
    return MemoryIndex(articles=articles)


def first_day(row) -> date | None:
    """An article's first day, the slow way (its ArticleDate)."""
    found = date_from_key(row[10], row[11])
    return None if found is None else date(found.year, found.month or 1, found.day or 1)


def in_buckets(rows, positions, timeline: Timeline, first: int, last: int) -> list[int]:
    start, end = timeline.buckets[first].start, timeline.buckets[last].end
    return [p for p in positions if (day := first_day(rows[p])) is not None and start <= day <= end]


def days(start: date, count: int, step: int = 1) -> list[tuple[int, int, int]]:
    return [date.fromordinal(start.toordinal() + n * step).timetuple()[:3] for n in range(count)]


# -- buckets ------------------------------------------------------------------------------------------


def test_no_articles_and_only_undated_ones():
    assert build_timeline([], [], WIDTH) == EMPTY
    rows = memory_index([None, None]).articles()
    timeline = build_timeline(keys(rows), range(2), WIDTH)
    assert timeline.buckets == () and timeline.undated == 2 and timeline.dated == 0


def test_a_short_span_is_in_days():
    rows = memory_index([*days(date(2024, 12, 1), 10), None]).articles()
    timeline = build_timeline(keys(rows), range(len(rows)), WIDTH)
    assert timeline.unit == "day" and len(timeline.buckets) == 10
    assert [b.label for b in timeline.buckets[:2]] == ["2024-12-01", "2024-12-02"]
    assert [b.count for b in timeline.buckets] == [1] * 10 and timeline.undated == 1


def test_the_width_decides_between_days_and_weeks():
    rows = memory_index(days(date(2024, 11, 1), 45)).articles()  # a Friday to a Sunday
    assert build_timeline(keys(rows), range(45), 60).unit == "day"
    weeks = build_timeline(keys(rows), range(45), WIDTH)
    assert weeks.unit == "week"
    assert weeks.buckets[0].start == date(2024, 10, 28) and weeks.buckets[0].end == date(2024, 11, 3)
    assert [b.count for b in weeks.buckets] == [3, 7, 7, 7, 7, 7, 7]
    assert weeks.buckets[0].label == "week of 2024-10-28"


def test_a_year_is_in_months_and_a_decade_in_years():
    year = memory_index(days(date(2024, 1, 15), 12, step=30)).articles()
    months = build_timeline(keys(year), range(12), WIDTH)
    assert months.unit == "month" and months.buckets[0].label == "2024-01" and len(months.buckets) == 12
    decade = memory_index([(2015, 3, 1), (2020,), (2024, 6)]).articles()
    years = build_timeline(keys(decade), range(3), WIDTH)
    assert years.unit == "year" and [b.label for b in years.buckets] == [str(y) for y in range(2015, 2025)]
    assert [b.count for b in years.buckets] == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1]


def test_more_years_than_the_width_share_buckets():
    rows = memory_index([(1901, 1, 1), (1950,), (2024, 12, 31)]).articles()
    timeline = build_timeline(keys(rows), range(3), 20)
    assert timeline.unit == "year" and timeline.step == 10 and len(timeline.buckets) == 13
    assert timeline.buckets[0].label == "1900–1909" and timeline.buckets[-1].end == date(2029, 12, 31)
    assert [b.count for b in timeline.buckets if b.count] == [1, 1, 1]
    assert timeline.terms(5, 5) == "after:1949 before:1960"
    assert timeline.dated == 3


def test_an_article_counts_on_its_first_day():
    rows = memory_index([(2024, 3), (2024,), (2024, 3, 9)]).articles()
    timeline = build_timeline(keys(rows), range(3), 5)
    assert timeline.unit == "month"
    assert {b.label: b.count for b in timeline.buckets} == {"2024-01": 1, "2024-02": 0, "2024-03": 2}


def test_counts_match_a_count_by_hand():
    chance = random.Random(7)
    for trial in range(40):
        span = chance.choice([5, 40, 300, 3000, 40000])
        origin = date(2020, 1, 1).toordinal()
        dates: list[tuple[int, ...] | None] = []
        for _ in range(chance.randint(1, 60)):
            day = date.fromordinal(origin + chance.randrange(span))
            kind = chance.random()
            dates.append(
                None if kind < 0.1 else (day.year,) if kind < 0.15 else day.timetuple()[: 2 if kind < 0.25 else 3]
            )
        rows = memory_index(dates).articles()
        positions = sorted(chance.sample(range(len(rows)), chance.randint(0, len(rows))))
        width = chance.choice([1, 8, WIDTH, 60])
        timeline = build_timeline(keys(rows), positions, width)
        undated = sum(1 for p in positions if rows[p][10] < 0)
        assert timeline.undated == undated, trial
        assert timeline.dated == len(positions) - undated, trial
        assert len(timeline.buckets) <= width, trial
        for number, bucket in enumerate(timeline.buckets):
            assert bucket.count == len(in_buckets(rows, positions, timeline, number, number)), (trial, bucket)


def test_only_a_few_rows_are_read_of_many():
    """Binary searches: at 100,000 articles a few hundred dates are looked at, not all of them."""
    chance = random.Random(1)
    packed = sorted(
        (
            sort_key(ArticleDate(2015 + chance.randrange(10), 1 + chance.randrange(12), 1 + chance.randrange(28)))
            for _ in range(100_000)
        ),
        reverse=True,
    )
    reads = []

    class Keys(list):
        def __getitem__(self, position):
            reads.append(position)
            return super().__getitem__(position)

    timeline = build_timeline(Keys(packed), range(len(packed)), WIDTH)
    assert timeline.unit == "year" and timeline.dated == 100_000
    assert len(reads) < 1000


# -- terms ---------------------------------------------------------------------------------------------


def test_terms_of_one_period_and_of_a_run():
    rows = memory_index(days(date(2024, 11, 1), 45)).articles()
    weeks = build_timeline(keys(rows), range(45), WIDTH)
    december = next(n for n, b in enumerate(weeks.buckets) if b.start == date(2024, 12, 2))
    assert weeks.terms(december, december) == "after:2024-12-01 before:2024-12-09"
    assert weeks.terms(december + 1, december) == "after:2024-12-01 before:2024-12-16"
    assert weeks.label(december, december + 1) == "2024-12-02 – 2024-12-15"
    day = build_timeline(keys(rows), range(45), 60)
    assert day.terms(34, 34) == "date:2024-12-05"
    assert day.terms(0, 2) == "after:2024-10-31 before:2024-11-04"
    year = memory_index(days(date(2024, 1, 15), 12, step=30)).articles()
    months = build_timeline(keys(year), range(12), WIDTH)
    assert months.terms(11, 11) == "date:2024-12"
    assert months.terms(1, 4) == "after:2024-01 before:2024-06"
    decade = build_timeline(keys(memory_index([(2015, 3, 1), (2024, 6, 1)]).articles()), range(2), WIDTH)
    assert decade.terms(9, 9) == "date:2024"
    assert decade.terms(0, 4) == "after:2014 before:2020"


def test_a_date_known_to_the_month_or_year_gets_exact_terms():
    """Dated only "2024-03", an article is counted on 1 March but covers the month: the week of
    1 March is after:2024-02-25 -after:2024-03-03, so that it is shown."""
    rows = memory_index([(2024, 3, 20), (2024, 3), (2024, 2, 20)]).articles()
    weeks = build_timeline(keys(rows), range(3), 10)
    assert weeks.unit == "week"
    first_march = next(n for n, b in enumerate(weeks.buckets) if b.start <= date(2024, 3, 1) <= b.end)
    assert weeks.terms(first_march, first_march) == "after:2024-02-25 -after:2024-03-03"
    assert weeks.terms(first_march + 1, first_march + 3) == "after:2024-03-03 before:2024-03-25"
    months = build_timeline(keys(memory_index([(2024,), (2024, 6, 1)]).articles()), range(2), 8)
    assert months.terms(0, 0) == "after:2023-12 -after:2024-01"


def corpora():
    chance = random.Random(11)
    for span in (12, 50, 200, 700, 5000, 60000):
        dates: list[tuple[int, ...] | None] = []
        for _ in range(50):
            day = date.fromordinal(date(2019, 6, 1).toordinal() + chance.randrange(span))
            kind = chance.random()
            dates.append(
                None if kind < 0.1 else (day.year,) if kind < 0.15 else day.timetuple()[: 2 if kind < 0.25 else 3]
            )
        words = [chance.choice(["oil gas", "oil", "gas", "trade"]) for _ in dates]
        yield span, dates, words


def runs(timeline: Timeline) -> list[tuple[int, int]]:
    count = len(timeline.buckets)
    every = [(n, n) for n in range(count)]
    return [*every, (0, count - 1), (count // 3, count // 2), (1, count - 2)] if count > 2 else every


@pytest.mark.parametrize("base", ["", "oil", "oil after:2019 -trade", "gas OR trade"])
def test_terms_show_exactly_the_buckets_in_memory(base):
    for span, dates, words in corpora():
        index = memory_index(dates, words)
        rows = index.articles()
        positions = index.search(parse_query(base))
        for width in (8, WIDTH):
            timeline = build_timeline(keys(rows), positions, width)
            for first, last in runs(timeline):
                text = with_date_terms(base, timeline.terms(first, last))
                found = index.search(parse_query(text))
                assert found == in_buckets(rows, positions, timeline, first, last), (span, width, text)
                assert len(found) == timeline.count(first, last)


def test_terms_show_exactly_the_buckets_in_the_index(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    written = {
        "2024-12-02": "2 December 2024",
        "2024-12-05": "5 December 2024",
        "2024-12-08": "8 December 2024",
        "2024-12-09": "9 December 2024",
        "2024-12": "December 2024",
        "2024-11-30": "30 November 2024",
        "2024": "2024",
        "2025-01-03": "3 January 2025",
    }
    for number, (name, when) in enumerate(written.items()):
        (folder / f"{name}.txt").write_text(f"Piece {number} on oil\n\n{when}\n\nWords about oil and gas.\n")
    (folder / "undated.txt").write_text("No date\n\nWords about oil and gas.\n")
    with Index.open([folder], no_cache=True) as index:
        index.sync(workers=1)
        rows = index.articles()
        assert sum(1 for row in rows if row[10] >= 0) == len(written)
        for base in ("", "oil"):
            positions = index.search(parse_query(base))
            for width in (3, 10, 60):
                timeline = build_timeline(keys(rows), positions, width)
                assert timeline.dated == len(written) and timeline.undated == 1
                for first, last in runs(timeline):
                    text = with_date_terms(base, timeline.terms(first, last))
                    found = index.search(parse_query(text))
                    assert found == in_buckets(rows, positions, timeline, first, last), (width, text)


# -- the filter text -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "date:2024-12"),
        ("oil after:2023 gas", "date:2024-12 oil gas"),  # gas, typed last, stays a prefix
        ("oil gas after:2023 before:2025", "oil gas date:2024-12"),
        ('-date:2023 "oil price"', '"oil price" date:2024-12'),
        ("oil OR gas", "date:2024-12 (oil OR gas)"),
        ("date:2023 OR date:2024", "(date:2023 OR date:2024) date:2024-12"),  # a group the user wrote
        ("(after:2020 oil) is:unread", "(after:2020 oil) is:unread date:2024-12"),
        ("AFTER:2020 -iran", "-iran date:2024-12"),
    ],
)
def test_the_filter_keeps_everything_but_its_date_terms(text, expected):
    assert with_date_terms(text, "date:2024-12") == expected
    parse_query(expected)


def test_a_date_term_that_narrows_the_new_ones_stays():
    """Year buckets on ``oil after:2024-06``: 2024 counts only its second half, so the filter keeps it."""
    assert with_date_terms("oil after:2024-06", "date:2024") == "oil after:2024-06 date:2024"
    assert with_date_terms("oil before:2024-03-05", "after:2024-02-25 -after:2024-03-03") == (
        "oil before:2024-03-05 after:2024-02-25 -after:2024-03-03"
    )
    assert with_date_terms("-after:2024-03-01 oil", "after:2024-02-25 -after:2024-03-03") == (
        "after:2024-02-25 -after:2024-03-03 -after:2024-03-01 oil"
    )
    assert with_date_terms("-after:2024-03-10 oil", "after:2024-02-25 -after:2024-03-03") == (
        "after:2024-02-25 -after:2024-03-03 oil"
    )
