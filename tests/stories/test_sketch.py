"""Sketches: how alike two texts' wording is, estimated from 128 bytes each."""

import random
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.stories.sketch import BINS, band_words, resemblance, text_sketch
from tests.stories.story_corpus import rewritten


def paragraphs(rng, count=8, words=60):
    vocabulary = [f"w{n}" for n in range(3000)]
    return [" ".join(rng.choice(vocabulary) for _ in range(words)) for _ in range(count)]


def test_a_text_resembles_itself_wholly_and_a_rewritten_copy_mostly():
    rng = random.Random(1)
    original = paragraphs(rng)
    copy = rewritten("Title", original, rng)
    other = paragraphs(rng)
    sketch = text_sketch("\n\n".join(original))
    assert resemblance(sketch, sketch) == 1.0
    assert resemblance(sketch, text_sketch(copy)) >= 0.5
    assert resemblance(sketch, text_sketch("\n\n".join(other))) < 0.1


def test_case_and_punctuation_do_not_matter():
    text = "The minister said on Monday that the talks would go on. " * 5
    assert text_sketch(text) == text_sketch(text.upper().replace(".", " ;"))


def test_copies_share_a_band_word_and_strangers_none():
    rng = random.Random(2)
    original = paragraphs(rng)
    first = set(band_words(text_sketch("\n\n".join(original))))
    assert first & set(band_words(text_sketch(rewritten("T", original, rng))))
    assert not first & set(band_words(text_sketch("\n\n".join(paragraphs(rng)))))


def test_short_and_empty_texts_have_sketches_and_no_shared_empty_bands():
    for text in ("", "one", "two words", "three short words", "!!! ???"):
        sketch = text_sketch(text)
        assert len(sketch) == BINS * 2
        assert band_words(sketch) == []  # (mostly empty bins: nothing to share)
    assert resemblance(text_sketch(""), text_sketch("")) == 0.0
    assert resemblance(text_sketch("one two three four"), text_sketch("one two three four")) == 1.0


def test_a_damaged_sketch_resembles_nothing():
    sketch = text_sketch("word " * 200)
    assert resemblance(sketch, sketch[:-1]) == 0.0
    assert resemblance(b"", sketch) == 0.0
    assert band_words(b"\x00" * 7) == []


def test_the_sketch_is_the_same_in_every_process():
    """Stored sketches are compared with ones made in other processes: no per-process hashing."""
    text = "Ministers met in Vienna on Friday; the talks, they said, would resume next week. " * 4
    code = f"from reader.stories.sketch import text_sketch; print(text_sketch({text!r}).hex())"
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": "random"}
    )
    assert other.stdout.strip() == text_sketch(text).hex()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.text(max_size=400))
def test_resemblance_is_symmetric_and_between_0_and_1(first, second):
    one, two = text_sketch(first), text_sketch(second)
    assert resemblance(one, two) == resemblance(two, one)
    assert 0.0 <= resemblance(one, two) <= 1.0


def test_band_words_are_the_words_caches_hold():
    """Band words are stored in the cache: changing how they are spelled needs a new schema, or
    the articles synced before and after stop finding each other."""
    sketch = bytes(range(BINS * 2))  # bins 0x0100, 0x0302, … (little-endian)
    assert band_words(sketch)[:3] == ["s0x01000302", "s1x05040706", "s2x09080b0a"]
    emptied = bytearray(sketch)
    emptied[2:4] = b"\xff\xff"  # bin 1 empty: band 0 (bins 0 and 1) has no word
    assert band_words(bytes(emptied))[0] == "s1x05040706"
    text = "Ministers met in Vienna on Friday; the talks, they said, would resume next week. " * 4
    words = band_words(text_sketch(text + " ".join(f"w{n}" for n in range(400))))
    assert words[:2] == ["s0x019d5d71", "s1xfb2ec95b"] and len(words) == 16
