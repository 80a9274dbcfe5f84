"""A test source format that holds several articles in one file, as feeds, mailboxes and
datasets do: it proves that everything downstream of ingest names an article by (path, item).

A ``.digest`` file is a run of articles, each opened by a line ``@@ <item key>``; text before the
first such line is ignored. Each article is parsed as a text file would be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.ingest import formats
from reader.ingest.formats import SourceFormat
from reader.ingest.parse import parse_article
from reader.model import Article

_ITEM_LINE = re.compile(r"^@@ ?(.*)\n", re.MULTILINE)


class Digest(SourceFormat):
    suffixes = frozenset({".digest"})

    def articles(self, text: str, path: str) -> list[Article]:
        parts = _ITEM_LINE.split(text if text.endswith("\n") else text + "\n")
        found = []
        for key, body in zip(parts[1::2], parts[2::2], strict=True):
            if body.strip():
                article = parse_article(body, path=path)
                article.item = key.strip()
                found.append(article)
        return found


def digest(*items: tuple[str, str]) -> str:
    """The text of a digest file holding these (item key, article text) pairs."""
    return "".join(f"@@ {key}\n{text.rstrip()}\n" for key, text in items)


ALPHA = (
    "alpha",
    "Caspian talks resume\n\n4 March 2024\n\nSergei Lavrov met Abbas Araghchi in Baku about the corridor.",
)
BETA = ("beta", "Oil exports climb\n\n12 June 2025\n\nThe National Iranian Oil Company shipped more crude to China.")
GAMMA = ("gamma", "Undated note on grain\n\nWheat shipments through the Caspian Sea were discussed again.")


@pytest.fixture
def digest_format() -> Iterator[Digest]:
    """``.digest`` files are read as articles while the test runs."""
    source_format = Digest()
    formats.register(source_format)
    try:
        yield source_format
    finally:
        formats.unregister(source_format)


SOLO = "Solo piece\n\n1 January 2023\n\nA single article.\n"


@pytest.fixture
def digest_folder(tmp_path: Path, digest_format: Digest) -> Path:
    """A folder holding ``news.digest`` (ALPHA, BETA, GAMMA) and a one-article ``solo.txt``."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "news.digest").write_text(digest(ALPHA, BETA, GAMMA), encoding="utf-8")
    (folder / "solo.txt").write_text(SOLO, encoding="utf-8")
    return folder
