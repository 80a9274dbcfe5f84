"""The in-memory filter: reader.query's language over articles held in memory.

The language itself is tested in tests/query; these check the wrapper: order, ``within``,
documents folded once (also under concurrency), and agreement with the SQLite index on
generated articles and queries drawn from their own words.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st

from reader.model import Article, ArticleDate
from reader.query import parse_query, tokens
from tests.article_filter import ArticleFilter


def art(title: str, body: str, date: ArticleDate | None = None) -> Article:
    return Article(path=f"{title}.txt", title=title, paragraphs=tuple(body.split("\n\n")), date=date)


ARTICLES = [
    art("Iran and Russia", "Talks in Moscow about energy.", ArticleDate(2025, 5, 1)),
    art("Energy prices", "Oil and GAS rose.", ArticleDate(2024, 6)),
    art("Fishing", "Quotas agreed in Brussels.", ArticleDate(2023)),
    art("Café news", "Ein Bericht."),
]


def matching(text: str, within=None) -> list[int]:
    return ArticleFilter(ARTICLES).matching(parse_query(text), within)


def test_empty_query_matches_everything_in_order():
    assert matching("") == [0, 1, 2, 3]
    assert matching("   ") == [0, 1, 2, 3]


def test_every_word_must_match_in_title_or_body():
    assert matching("energy") == [0, 1]
    assert matching("energy moscow") == [0]
    assert matching("energy fishing") == []
    assert matching("russia talks") == [0]  # title word + body word


def test_case_accents_prefix_and_language():
    assert matching("ENERGY") == [0, 1]
    assert matching("gas") == [1]
    assert matching("brus") == [2]  # the last word as a prefix
    assert matching("cafe") == [3]
    assert matching("energy -oil") == [0]
    assert matching("fishing OR cafe") == [2, 3]
    assert matching("title:energy") == [1]
    assert matching("after:2024") == [0]
    assert matching("date:2024-06") == [1]


def test_within_restricts_and_keeps_order():
    assert matching("", within=[2, 1]) == [2, 1]
    assert matching("energy", within=[1, 2]) == [1]


def test_documents_are_built_once_under_concurrency():
    articles = ArticleFilter([art(f"t{i}", "x") for i in range(2000)])
    query = parse_query("x")
    results = []
    threads = [threading.Thread(target=lambda: results.append(articles.matching(query))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({tuple(r) for r in results}) == 1
    assert len(results[0]) == 2000
    assert len(articles.docs()) == 2000


# ----- the filter against an independent oracle: the SQLite index ----------------------------
#
# The index answers the same queries in SQL over FTS5 (reader.index.search_sql), sharing only the
# parser and the file loading with the filter. Query words are drawn from the generated articles
# themselves, and each query is built to let one chosen article ("the anchor") through, so that
# results are rarely empty and the anchor's presence is a check of its own.

# Words with folding to do: case, accents, ß, ligatures, long s, dotted and dotless i, Greek,
# Cyrillic, superscripts, apostrophes, hyphens and underscores inside a word; some share prefixes.
VOCABULARY = (
    "iran",
    "russia",
    "energy",
    "energetic",
    "oil",
    "gas",
    "talks",
    "moscow",
    "caspian",
    "transit",
    "café",
    "CAFE",
    "Straße",
    "STRASSE",
    "naïve",
    "Ærø",
    "İstanbul",
    "ısık",
    "ﬁnance",
    "ſtate",
    "Ωmega",
    "Δelta",
    "Москва",
    "ёлка",
    "йод",
    "x²",
    "don't",
    "e-mail",
    "snake_case",
    "42nd",
    "Résumé",
    "resume",
    "Ǆemal",
    "ﬂow",
    "ŉ",
    "Ĳssel",
    "𝐁𝐑𝐄𝐀𝐊𝐈𝐍𝐆",
    "breaking",
    "ᴵran",
    "™",
)
PLACES = ("MOSCOW", "TEHRAN", "SÃO PAULO", "ASHGABAT")


def _cased(word: str, how: int) -> str:
    return (word, word.upper(), word.title(), word.lower())[how]


words = st.builds(_cased, st.sampled_from(VOCABULARY), st.integers(0, 3))
phrases = st.lists(words, min_size=1, max_size=6).map(" ".join)


@st.composite
def article_files(draw) -> list[str]:
    """The text of 2 to 6 files: title (a line or a Title:/Headline: key), optional dek and date,
    optional dateline, one to three paragraphs."""
    texts = []
    for _ in range(draw(st.integers(2, 6))):
        lines = []
        title = draw(phrases)
        key = draw(st.sampled_from(["Title", "Headline", "TITLE"]))
        lines.append(f"{key}: {title}")
        if draw(st.booleans()):
            lines.append(f"{draw(st.sampled_from(['Dek', 'Subtitle']))}: {draw(phrases)}")
        if draw(st.booleans()):
            year = draw(st.integers(2022, 2025))
            month = draw(st.none() | st.integers(1, 12))
            day = draw(st.none() | st.integers(1, 28)) if month else None
            lines.append("Date: " + "-".join(f"{part:02d}" for part in (year, month, day) if part is not None))
        paragraphs = draw(st.lists(phrases, min_size=1, max_size=3))
        if draw(st.booleans()):
            paragraphs[0] = f"{draw(st.sampled_from(PLACES))} – {paragraphs[0]}"
        texts.append("\n".join(lines) + "\n\n" + "\n\n".join(paragraphs) + "\n")
    return texts


def _fields(article: Article) -> dict[str, list[str]]:
    """Raw words of each searchable field, as the article was parsed."""
    return {
        "title": article.title.split(),
        "body": "\n".join(filter(None, (article.subtitle, article.text))).split(),
        "dateline": (article.dateline or "").split(),
    }


def _all_tokens(article: Article) -> set[str]:
    return {token for field in _fields(article).values() for word in field for token in tokens(word)}


@st.composite
def anchored_query(draw, article: Article, starred: bool) -> str:
    """Query text that ``article`` must pass: every term holds for it (or is an OR with one that does)."""
    fields = _fields(article)
    present = _all_tokens(article)

    def true_term() -> str:
        kind = draw(st.sampled_from(["word", "title", "phrase", "dateline", "date", "flag", "absent"]))
        if kind == "title" and fields["title"]:
            return "title:" + draw(st.sampled_from(fields["title"]))
        if kind == "dateline" and fields["dateline"]:
            return f'dateline:"{" ".join(fields["dateline"])}"'
        if kind == "phrase":
            field = draw(st.sampled_from([f for f in ("title", "body") if fields[f]]))
            size = draw(st.integers(2, 3))
            start = draw(st.integers(0, max(0, len(fields[field]) - 1)))
            return '"' + " ".join(fields[field][start : start + size]) + '"'
        if kind == "date" and article.date is not None:
            year = article.date.year
            return draw(st.sampled_from([f"date:{year}", f"after:{year - 1}", f"before:{year + 1}", f"-before:{year}"]))
        if kind == "flag":
            return "is:starred" if starred else draw(st.sampled_from(["-is:starred", "is:unread"]))
        if kind == "absent":
            missing = [w for w in VOCABULARY if not set(tokens(w)) & present]
            if missing:
                return "-" + draw(st.sampled_from(missing))
        every = [word for field in fields.values() for word in field]
        return draw(st.sampled_from(every))

    terms = []
    for _ in range(draw(st.integers(1, 4))):
        term = true_term()
        if draw(st.integers(0, 4)) == 0:  # an OR with anything at all
            other = draw(words)
            term = f"({term} OR {other})" if draw(st.booleans()) else f"{other} OR {term}"
        terms.append(term)
    if draw(st.booleans()):  # the last word as a prefix, as typed into the filter bar
        every = [word for field in ("title", "body") for word in fields[field] if len(word) >= 3]
        if every:
            word = draw(st.sampled_from(every))
            terms.append(word[: draw(st.integers(2, len(word)))])
    return " ".join(terms)


def _load_both(folder, starred: set[str]):
    from reader.index import Index
    from reader.ingest.files import load_corpus

    articles = load_corpus([folder]).articles
    index = Index.open([folder], no_cache=True)
    index.sync(workers=1)
    index.set_flagged("starred", starred)
    return articles, index


def _compare(articles, index, text: str, starred: set[str]) -> list[str]:
    """Paths the filter lets through, after checking that the index gives the same ones in the same order."""
    query = parse_query(text)
    by_filter = ArticleFilter(articles).matching(
        query, flags=lambda i: {"starred"} if articles[i].path in starred else set()
    )
    summaries = index.articles()
    by_index = [summaries[position].path for position in index.search(query)]
    found = [articles[i].path for i in by_filter]
    assert found == by_index, (text, found, by_index)
    return found


@given(files=article_files(), data=st.data())
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_filter_agrees_with_the_index_on_queries_an_article_passes(files, data):
    with tempfile.TemporaryDirectory() as folder:
        for number, text in enumerate(files):
            Path(folder, f"{number}.txt").write_text(text, encoding="utf-8")
        starred = {str(Path(folder, f"{n}.txt")) for n in data.draw(st.sets(st.integers(0, len(files) - 1)))}
        articles, index = _load_both(folder, starred)
        try:
            assert [a.path for a in index.articles()] == [a.path for a in articles]  # one sidebar order
            anchor = data.draw(st.sampled_from(articles), label="anchor")
            text = data.draw(anchored_query(anchor, anchor.path in starred), label="query")
            found = _compare(articles, index, text, starred)
        finally:
            index.close()
    assert anchor.path in found, (text, anchor)
    event(f"{len(found)} of {len(articles)} match")
    target(float(len(articles) - len(found)), label="articles left out")


@given(files=article_files(), data=st.data())
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_filter_agrees_with_the_index_on_any_query_over_the_same_words(files, data):
    """Free combinations (negations, OR, parentheses, fields, phrases of any words), which may
    match nothing: the two must still agree."""
    term = st.one_of(
        words,
        words.map(lambda w: f"-{w}"),
        st.lists(words, min_size=2, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"'),
        words.map(lambda w: f"title:{w}"),
        st.sampled_from(PLACES).map(lambda p: f'dateline:"{p.split()[0]}"'),
        st.sampled_from(["after:2023", "before:2024-06", "date:2024", "-date:2025", "is:starred", "-is:starred"]),
    )
    group = st.lists(term, min_size=1, max_size=3).map(" ".join)
    text = data.draw(
        st.lists(group, min_size=1, max_size=3).map(
            lambda groups: " OR ".join(f"({g})" if " " in g else g for g in groups)
        ),
        label="query",
    )
    with tempfile.TemporaryDirectory() as folder:
        for number, content in enumerate(files):
            Path(folder, f"{number}.txt").write_text(content, encoding="utf-8")
        starred = {str(Path(folder, "0.txt"))}
        articles, index = _load_both(folder, starred)
        try:
            found = _compare(articles, index, text, starred)
        finally:
            index.close()
    event("some match" if found else "none match")
