"""Turn one capitalised chunk ("Iranian President Masoud Pezeshkian") into labelled spans.

A chunk is split at connectors that do not belong to a name, titles are cut away, and each remaining
segment is labelled by, in order: the gazetteer, head words (Committee, Sea, Agreement), a known
first name, a known surname, acronym shape, and name shape. What stays unknown is returned as a
candidate for the document-level pass (a surname seen earlier with a full name, a speech verb after it).
"""

from __future__ import annotations

import re

from .gazetteer import Gazetteer
from .model import Label
from .tokens import CHUNK_PART

# Particles that sit inside a person's name: "Ludwig van Beethoven", "Mohammed bin Salman". Other
# connectors join only after a head word ("Ministry of Foreign Affairs"); elsewhere "of"/"and" separate
# names: "Iran and Russia".
_NAME_PARTICLES = frozenset(
    [
        "de",
        "la",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "di",
        "du",
        "des",
        "der",
        "den",
        "van",
        "von",
        "y",
        "bin",
        "ibn",
        "bint",
        "al",
        "el",
        "ul",
        "e",
    ]
)
_LEADING_PLACE_HEADS = frozenset(
    [
        "Lake",
        "Mount",
        "Mt.",
        "Gulf",
        "Bay",
        "Strait",
        "Straits",
        "Cape",
        "Isle",
        "Sea",
        "Port",
        "Fort",
        "Ft.",
        "Sierra",
        "Lac",
        "Mont",
        "Rio",
    ]
)
_LEADING_MISC_HEADS = frozenset(
    [
        "Operation",
        "Battle",
        "Treaty",
        "Siege",
        "Summit",
        "Hurricane",
        "Typhoon",
        "Cyclone",
        "Storm",
        "Tropical",
    ]
)
# "North Darfur", "Lower Saxony", "Greater London": a direction in front of a place is part of it.
_PLACE_MODIFIERS = frozenset(
    [
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Upper",
        "Lower",
        "Greater",
        "Inner",
        "Outer",
        "New",
        "Old",
    ]
)
# Romance articles and saints that start place names: "El Fasher", "Los Angeles", "San Remo".
_PLACE_STARTERS = frozenset(
    [
        "El",
        "Los",
        "Las",
        "San",
        "Santa",
        "Santo",
        "São",
        "Sao",
        "Ciudad",
        "Puerto",
        "Porto",
        "Villa",
        "Ville",
        "Bandar",
        "Kafr",
        "Tel",
        "Deir",
        "Ras",
        "Ain",
    ]
)
# A word before "'s" that belongs to the organisation name: "People's Consultative Assembly".
_POSSESSIVE_IN_NAME = re.compile(
    r"(?<![\w])(?:People|Workers|Children|Women|Veterans|Citizens|Farmers|Writers|Journalists|Lawyers|Traders"
    r"|Teachers|Employers|Manufacturers|Producers|Students|Nations)['’]s? $"
)
_EXTRA_JOIN_HEADS = frozenset(
    [
        "Republic",
        "Kingdom",
        "Commonwealth",
        "Emirate",
        "Sultanate",
        "State",
        "States",
        "House",
        "Museum",
        "University",
        "College",
        "School",
        "Institute",
        "Bank",
        "Minister",
        "Secretary",
        "Ministry",
        "Department",
        "Council",
        "Court",
        "Church",
    ]
)
# East Asian family names come first: "Xi" alone later means "Xi Jinping".
_SURNAME_FIRST = frozenset(
    [
        "Xi",
        "Li",
        "Wang",
        "Zhang",
        "Liu",
        "Chen",
        "Yang",
        "Huang",
        "Zhao",
        "Wu",
        "Zhou",
        "Xu",
        "Sun",
        "Ma",
        "Zhu",
        "Hu",
        "Guo",
        "He",
        "Gao",
        "Lin",
        "Luo",
        "Zheng",
        "Liang",
        "Xie",
        "Song",
        "Tang",
        "Han",
        "Feng",
        "Deng",
        "Cao",
        "Peng",
        "Zeng",
        "Xiao",
        "Tian",
        "Dong",
        "Pan",
        "Yuan",
        "Cai",
        "Jiang",
        "Yu",
        "Du",
        "Ye",
        "Cheng",
        "Wei",
        "Su",
        "Lu",
        "Ding",
        "Ren",
        "Shen",
        "Yao",
        "Jin",
        "Qin",
        "Wen",
        "Bo",
        "Kong",
        "Fu",
        "Meng",
        "Qian",
        "Hou",
        "Shi",
        "Kim",
        "Park",
        "Choi",
        "Jung",
        "Kang",
        "Cho",
        "Yoon",
        "Moon",
        "Lim",
        "Shin",
        "Kwon",
        "Hwang",
        "Ahn",
        "Hong",
        "Nguyen",
        "Tran",
        "Pham",
        "Hoang",
    ]
)

Word = tuple[int, int, str]  # (start, end, the word) in the text
Span = tuple[int, int, Label]  # a result: (start, end, label)
Unknown = tuple[int, int, bool]  # a candidate for the document-level pass: (start, end, sentence_initial)


class ChunkLabeller:
    """Labels chunks against one gazetteer. Holds no per-document state, so one instance serves all threads."""

    __slots__ = ("all_heads", "gaz", "join_heads", "misc_heads", "org_heads", "place_heads")

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.org_heads = gaz.org_heads
        self.place_heads = gaz.place_heads
        self.misc_heads = gaz.misc_heads
        self.all_heads = gaz.org_heads | gaz.place_heads | gaz.misc_heads
        self.join_heads = self.all_heads | _EXTRA_JOIN_HEADS

    # -- lookups -------------------------------------------------------------------------------

    def lookup(self, name: str) -> Label | None:
        """Gazetteer label of a name as written, or of an all-caps spelling ("TEHRAN")."""
        label = self.gaz.names.get(name)
        if label is None and len(name) > 3 and name.isupper():
            exact = self.gaz.folded_names.get(name.casefold())
            if exact is not None:
                label = self.gaz.names[exact]
        return label

    def is_common(self, word: str) -> bool:
        return word.lower() in self.gaz.common_words

    def title_length(self, words: list[Word], i: int) -> int:
        """How many words starting at i form a title ("Foreign Minister"), or 0."""
        titles = self.gaz.titles
        best = 0
        key = ""
        for k in range(min(self.gaz.max_title_words, len(words) - i)):
            word = words[i + k][2]
            key = word.casefold() if k == 0 else key + " " + word.casefold()
            if key in titles:
                best = k + 1
        return best

    # -- chunk → segments ----------------------------------------------------------------------

    def label_chunk(
        self, text: str, start: int, end: int, sentence_initial: bool, spans: list[Span], unknown: list[Unknown]
    ) -> None:
        words = [(m.start(), m.end(), m.group()) for m in CHUNK_PART.finditer(text, start, end)]
        gaz = self.gaz
        # Sentence-initial capitals say nothing: drop function words and plain English words. (An index,
        # not pop(0), and the rest of the chunk looked up only when it is short enough to be a name: a
        # chunk of 50,000 "A"s was quadratic.)
        i = 0
        while i < len(words):
            first = words[i][2]
            if len(words) - i <= gaz.max_name_words and text[words[i][0] : end] in gaz.names:
                break  # "The Hague", "The New York Times"
            if first in gaz.non_names:
                pass
            elif sentence_initial and self._plain_word(first):
                if len(words) - i == 1:
                    unknown.append((words[i][0], words[i][1], True))
            else:
                break
            i += 1
            while i < len(words) and _is_connector(words[i][2]):
                i += 1
            sentence_initial = False
        words = words[i:]
        if not words:
            return
        if len(words) > 12:
            self._label_long(text, words, spans)
            return
        for segment in self._segments(text, words):
            self._label_segment(text, segment, sentence_initial and segment[0] is words[0], spans, unknown)

    def _plain_word(self, word: str) -> bool:
        """A capitalised English word that is no known name ("Describing", "Political")."""
        gaz = self.gaz
        return (
            word.lower() in gaz.common_words
            and word not in gaz.names
            and word not in gaz.first_names
            and word not in gaz.public_figures
            and not word.isupper()
        )

    def _segments(self, text: str, words: list[Word]) -> list[list[Word]]:
        """Split at connectors unless the name before them takes one ("Bank of", "Bosnia and Herzegovina")."""
        segments: list[list[Word]] = []
        current: list[Word] = []
        i = 0
        n = len(words)
        while i < n:
            word = words[i]
            w = word[2]
            if current and _is_connector(w):
                # connector run: one or two lower-case words
                j = i
                while j < n and _is_connector(words[j][2]):
                    j += 1
                if j < n and self._keeps_connector(text, current, words[i:j], words[j:]):
                    current.extend(words[i:j])
                else:
                    segments.append(current)
                    current = []
                i = j
                continue
            current.append(word)
            i += 1
        if current:
            segments.append(current)
        return segments

    def _keeps_connector(self, text: str, left: list[Word], connectors: list[Word], right: list[Word]) -> bool:
        connector = " ".join(c[2] for c in connectors)
        if connector == "&":
            return True
        head = left[-1][2]
        first = left[0][2]
        if connector in ("and",):
            # "Ministry of Industry and Trade", "Bosnia and Herzegovina"
            has_of = any(c[2] in ("of", "for") for c in left)
            if has_of and first in self.join_heads:
                return True
            return self._gazetteer_spans(text, left[0][0], right)
        if connector in _NAME_PARTICLES and self._name_shaped(head) and self._name_shaped(right[0][2]):
            return True  # "Ludwig van Beethoven", "Mohammed bin Salman"
        if head in self.join_heads or (first in self.join_heads and len(left) > 1):
            return True
        if self._gazetteer_spans(text, left[0][0], right):
            return True
        # multi-word title with a connector: "Secretary of State", "Minister of Foreign Affairs"
        titles = self.gaz.titles
        key = (" ".join(w[2] for w in left) + " " + connector).casefold()
        for k in range(min(3, len(right))):
            key += " " + right[k][2].casefold()
            if key in titles:
                return True
        return False

    def _gazetteer_spans(self, text: str, start: int, right: list[Word]) -> bool:
        return any(text[start : right[k][1]] in self.gaz.names for k in range(min(3, len(right))))

    # -- segment → spans -----------------------------------------------------------------------

    def _label_segment(
        self, text: str, words: list[Word], sentence_initial: bool, spans: list[Span], unknown: list[Unknown]
    ) -> None:
        gaz = self.gaz
        n = len(words)
        if n == 0:
            return
        start, end = words[0][0], words[-1][1]
        name = text[start:end]
        label = self.lookup(name)
        if label is not None:
            spans.append((start, end, label))
            return
        if n > 1 and name.isupper():
            self._label_long(text, words, spans)
            return
        first, last = words[0][2], words[-1][2]
        # Titles: keep the name after them, label what stands before them on its own.
        for i in range(n):
            k = self.title_length(words, i)
            if not k:
                continue
            rest = words[i + k :]
            if rest and _is_connector(rest[0][2]):
                continue
            if not rest or self._name_after_title(text, rest):
                self._label_segment(text, words[:i], sentence_initial, spans, unknown)
                self._label_title_organisation(text, words[i : i + k], spans)
                if rest:
                    self._label_person_after_title(text, rest, spans)
                return
        if n > 1:
            if first in _PLACE_MODIFIERS and self.lookup(text[words[1][0] : end]) == "PLACE":
                spans.append((start, end, "PLACE"))
                return
            if last in self.org_heads or (first in self.org_heads and _has_connector(words)):
                if last == "Administration" and words[-2][2] in gaz.surnames:
                    spans.append((start, words[-2][1], "PERSON"))
                    return
                possessive = _POSSESSIVE_IN_NAME.search(text, max(0, start - 16), start)
                spans.append((possessive.start() if possessive else start, end, "ORG"))
                return
            if (
                last in self.place_heads
                or first in _LEADING_PLACE_HEADS
                or (first in self.place_heads and _has_connector(words))
            ):
                spans.append((start, end, "PLACE"))
                return
            if last in self.misc_heads or first in _LEADING_MISC_HEADS:
                spans.append((start, end, "MISC"))
                return
        if ("-" in name or "–" in name or "‑" in name) and self._label_compound(text, words, spans):
            return
        if first in _PLACE_STARTERS and 1 < n <= 3 and first not in gaz.first_names:
            spans.append((start, end, "PLACE"))
            return
        if (
            1 < n <= 4
            and first.isupper()
            and first not in gaz.first_names
            and 2 <= len(first) <= 5
            and first not in gaz.acronym_stoplist
            and all(self._name_shaped(w[2]) for w in words[1:])
        ):
            spans.append((start, end, "ORG"))  # "IG Metall", "BNP Paribas"
            return
        if first in gaz.first_names and 1 < n <= 5 and not self._ends_like_place_or_org(words):
            spans.append((start, end, "PERSON"))
            return
        if n > 1:
            # a known name at the front labels itself; the rest is looked at again: "Russian Hezbollah"
            for k in range(min(gaz.max_name_words, n - 1), 0, -1):
                prefix_end = words[k - 1][1]
                prefix_label = self.lookup(text[start:prefix_end])
                if prefix_label is not None:
                    tail = words[k:]
                    if (
                        prefix_label == "ORG"
                        and len(tail) <= 2
                        and all(self.lookup(w[2]) in (None, "ORG") and not w[2].isupper() for w in tail)
                    ):
                        spans.append((start, end, "ORG"))  # "Siemens Energy", "Volkswagen Group"
                        return
                    if (
                        prefix_label == "PLACE"
                        and len(tail) <= 2
                        and tail[-1][2].endswith("s")
                        and all(self._name_shaped(w[2]) or self.lookup(w[2]) == "ORG" for w in tail)
                    ):
                        spans.append((start, end, "ORG"))  # "Boston Celtics", "New York Knicks"
                        return
                    spans.append((start, prefix_end, prefix_label))
                    self._label_segment(text, words[k:], False, spans, unknown)
                    return
            if all(self._name_shaped(w[2]) for w in words) and n <= 4:
                spans.append((start, end, "PERSON"))
                return
            # otherwise look at the words one by one, keeping multi-word proper pieces
            self._label_long(text, words, spans, unknown)
            return
        # single word
        if (first in gaz.public_figures and not (sentence_initial and self.is_common(first))) or (
            first in gaz.surnames and not self.is_common(first)
        ):
            spans.append((start, end, "PERSON"))
            return
        if (
            first.isupper()
            and 2 <= len(first) <= 6
            and first.isalpha()
            and first not in gaz.acronym_stoplist
            and (not self.is_common(first) or not _shouting(text, start, end))
        ):
            spans.append((start, end, "ORG"))
            return
        if first.endswith(".") and not first[:-1].replace(".", "").isupper():
            return  # a lone abbreviation ("Mr.")
        if first.casefold() in gaz.titles or first in gaz.non_names:
            return
        unknown.append((start, end, sentence_initial))

    def _name_shaped(self, word: str) -> bool:
        """A word that looks like part of a personal name, not an English word or an acronym."""
        if word.isupper() or "." in word:
            return False
        gaz = self.gaz
        if word in gaz.first_names or word in gaz.surnames:
            return True
        return word.lower() not in gaz.common_words and word not in self.all_heads and word not in gaz.names

    def _ends_like_place_or_org(self, words: list[Word]) -> bool:
        last = words[-1][2]
        return last in self.all_heads or (
            len(words) == 2 and self.lookup(last) is not None and last not in self.gaz.surnames
        )

    def _name_after_title(self, text: str, rest: list[Word]) -> bool:
        """True if the words after a title read as a person's name rather than an organisation or place."""
        last = rest[-1][2]
        if last in self.all_heads:
            return False
        name = text[rest[0][0] : rest[-1][1]]
        label = self.lookup(name)
        if label is not None and label != "MISC":
            return name in self.gaz.surnames
        first = rest[0][2]
        if first in self.gaz.first_names or first in self.gaz.surnames:
            return True
        return any(self._name_shaped(w[2]) for w in rest) or (len(rest) == 1 and not self.is_common(first))

    def _label_title_organisation(self, text: str, title_words: list[Word], spans: list[Span]) -> None:
        """The organisation at the front of a title: "[Senate] Majority Leader", "[Treasury] Secretary"."""
        for m in range(len(title_words) - 1, 0, -1):
            if self.lookup(text[title_words[0][0] : title_words[m - 1][1]]) == "ORG":
                spans.append((title_words[0][0], title_words[m - 1][1], "ORG"))
                return

    def _label_person_after_title(self, text: str, rest: list[Word], spans: list[Span]) -> None:
        # strip stacked titles: "Prime Minister Sir Keir Starmer"
        while len(rest) > 1:
            k = self.title_length(rest, 0)
            if not k or k >= len(rest):
                break
            rest = rest[k:]
        if rest:
            spans.append((rest[0][0], rest[-1][1], "PERSON"))

    def _label_compound(self, text: str, words: list[Word], spans: list[Span]) -> bool:
        """'Iran-Russia' and 'Tehran-Moscow' name two places, not one."""
        if len(words) != 1:
            return False
        start, _end, word = words[0]
        parts: list[Word] = []
        piece_start = start
        for index, char in enumerate(word + "-"):
            if char in "-–‑":
                piece = text[piece_start : start + index]
                if not piece:
                    return False
                parts.append((piece_start, start + index, piece))
                piece_start = start + index + 1
        labels = [self.lookup(p[2]) for p in parts]
        if len(parts) > 1 and all(label in ("PLACE", "ORG") for label in labels):
            for (s, e, _), label in zip(parts, labels, strict=True):
                if label is not None:  # (always: each is PLACE or ORG)
                    spans.append((s, e, label))
            return True
        return False

    def _label_long(
        self, text: str, words: list[Word], spans: list[Span], unknown: list[Unknown] | None = None
    ) -> None:
        """Headlines and long runs: take only what the gazetteer knows, longest first."""
        gaz = self.gaz
        i = 0
        n = len(words)
        while i < n:
            matched = 0
            for k in range(min(gaz.max_name_words, n - i), 0, -1):
                if _is_connector(words[i + k - 1][2]):
                    continue
                name = text[words[i][0] : words[i + k - 1][1]]
                label = self.lookup(name)
                if label is not None:
                    if k == 1 and self.is_common(name) and name.isupper():
                        break  # "TURKEY" in a shouted headline is too ambiguous
                    spans.append((words[i][0], words[i + k - 1][1], label))
                    matched = k
                    break
            if not matched:
                if unknown is not None and not _is_connector(words[i][2]) and not self.is_common(words[i][2]):
                    unknown.append((words[i][0], words[i][1], False))
                matched = 1
            i += matched


def _shouting(text: str, start: int, end: int) -> bool:
    """True inside an all-caps line, where capitals mean nothing."""
    around = text[max(0, start - 30) : start] + text[end : end + 30]
    return not any(c.islower() for c in around)


def _has_connector(words: list[Word]) -> bool:
    return any(_is_connector(w[2]) for w in words)


def _is_connector(word: str) -> bool:
    return word == "&" or word.islower()
