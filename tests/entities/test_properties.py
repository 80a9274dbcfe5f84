"""Properties that must hold for any text: valid, sorted, non-overlapping spans and no exceptions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.entities import LABELS, find_entities
from reader.entities.recognise import recognise

_NEWSY = st.lists(
    st.sampled_from(
        [
            "Vladimir",
            "Putin",
            "Putin’s",
            "Iran",
            "Iran-Russia",
            "U.S.",
            "Mr.",
            "of",
            "the",
            "and",
            "&",
            "Foreign",
            "Minister",
            "Ministry",
            "Sea",
            "Committee",
            "TEHRAN",
            "–",
            "said",
            "in",
            "January",
            "17,",
            "2022",
            "22:49",
            "May",
            "Tuesday",
            "al-Assad",
            "O'Brien",
            ".",
            ",",
            "\n",
            "“",
            "”",
            "Москва",
            "Ж",
            "é",
            "\u0301",
            "🙂",
            "\x00",
            "\ud800",
            "Ayatollah",
            "Seyyed",
            "last",
            "year",
        ]
    ),
    max_size=60,
).map(" ".join)

_ANY = st.text(max_size=300)


def _check(text: str) -> None:
    entities = find_entities(text)
    assert entities == recognise(text) if text else entities == []
    previous_end = 0
    for entity in entities:
        assert 0 <= entity.start < entity.end <= len(text)
        assert entity.start >= previous_end
        assert text[entity.start : entity.end] == entity.text
        assert entity.label in LABELS
        assert isinstance(entity.canonical, str) and entity.canonical
        previous_end = entity.end


@settings(max_examples=300, deadline=None)
@given(_NEWSY)
def test_newsy_word_salad(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(_ANY)
def test_arbitrary_unicode(text):
    _check(text)
