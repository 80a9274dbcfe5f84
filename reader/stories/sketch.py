"""A small fingerprint of an article's wording, for finding the same story told twice.

Two articles are the same story retold (a wire copy retitled, given a new first paragraph, a
paragraph dropped) when most of their runs of `SHINGLE` consecutive words are the same: their
resemblance (Jaccard index of those runs) stays high, while two articles that are only about
the same thing share almost none. A `Sketch` estimates it from 128 bytes per article, by one
permutation hashing (Li, Owen & Zhang, 2012): each run is hashed once (CRC-32, the same in
every process, unlike ``hash``), the hash range is cut into `BINS` bins, and each bin keeps its
smallest hash, of which the low 16 bits are stored. Two articles' bins agree about as often as
their runs overlap, so the share of agreeing bins is the estimate.

`band_words` turns a sketch into a few words for a full-text table: articles sharing a word
share all `BAND` bins of one band, which is likely when they resemble each other and rare
otherwise (locality-sensitive hashing), so near copies are found without comparing every pair.
"""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_left

#: Words per run: long enough that two unrelated articles rarely share one, short enough that an
#: edited sentence leaves most of its neighbours' runs intact.
SHINGLE = 4
BINS = 64
BAND = 2  # bins per band, and BANDS bands (of the first bins): a pair resembling each other at
BANDS = 16  # 0.4 shares one 94 times in 100, at 0.5 99 times (each band is a word to store, ~3 µs)
EMPTY = 0xFFFF  # a bin no run fell in (short articles)
_BIN_WIDTH = (1 << 32) // BINS
_WORD = re.compile(rb"(?:[0-9A-Za-z_]|[\x80-\xff])+")

#: A sketch as stored: BINS unsigned 16-bit values, little-endian.
Sketch = bytes


def text_sketch(text: str) -> Sketch:
    """The sketch of a text's wording (case and punctuation ignored)."""
    # Bytes all along (one encode, not one per run: a third faster). Any byte of a non-ASCII
    # character counts as a letter, so words in any script are runs of letters too.
    words = _WORD.findall(text.lower().encode("utf-8", "surrogatepass"))
    if len(words) < SHINGLE:
        runs = [b" ".join(words)] if words else []
    else:
        runs = list(map(b" ".join, zip(*(words[start:] for start in range(SHINGLE)), strict=False)))
    hashes = sorted(map(zlib.crc32, runs))  # (a run twice is harmless: each bin keeps its smallest)
    values = array("H", [EMPTY]) * BINS
    if hashes:
        count = len(hashes)
        for number in range(BINS):
            at = bisect_left(hashes, number * _BIN_WIDTH)
            if at < count and hashes[at] < (number + 1) * _BIN_WIDTH:
                low = hashes[at] & 0xFFFF
                values[number] = low if low != EMPTY else EMPTY - 1
    if array("H", [1]).tobytes() != b"\x01\x00":  # stored little-endian whatever the machine
        values.byteswap()
    return values.tobytes()


def _values(sketch: Sketch) -> array[int]:
    values = array("H", sketch[: BINS * 2])
    if array("H", [1]).tobytes() != b"\x01\x00":
        values.byteswap()
    return values


def resemblance(first: Sketch, second: Sketch) -> float:
    """The estimated share of runs of words the two texts have in common (0 to 1): agreeing bins
    among those that either text filled."""
    if len(first) != BINS * 2 or len(second) != BINS * 2:
        return 0.0
    agree = filled = 0
    for one, other in zip(_values(first), _values(second), strict=True):
        if one == EMPTY and other == EMPTY:
            continue
        filled += 1
        agree += one == other
    return agree / filled if filled else 0.0


def band_words(sketch: Sketch) -> list[str]:
    """Words naming the sketch's bands ("s3" and the band's bins in hex), leaving out bands with an
    empty bin (short texts all have those in common)."""
    if len(sketch) != BINS * 2:
        return []
    values = _values(sketch)
    values.byteswap()  # big-endian: each bin is then four hex digits of one hex string
    digits = values.tobytes().hex()
    width = 4 * BAND
    empty = f"{EMPTY:04x}"
    words = []
    for band in range(BANDS):
        part = digits[band * width : (band + 1) * width]
        if empty not in (part[at : at + 4] for at in range(0, width, 4)):
            words.append(f"s{band}x{part}")
    return words
