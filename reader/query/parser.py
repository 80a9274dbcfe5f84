"""Filter-bar text to a `Query`, or a `QueryError` with a short message and a position.

Grammar (OR binds looser than the implicit AND between terms)::

    query   := or_expr?
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary+                  ("AND" between terms is accepted and ignored)
    unary   := "-" unary | "(" or_expr ")" | term
    term    := word | "phrase" | field ":" (word | "phrase")

The tree comes out flat: ``a OR (b OR c)`` is one OR of three, ``- -a`` is ``a``, and a run of
exclusions is one AND of NOTs, so that neither the index's SQL nor the in-memory matcher nests
deeper than the parentheses the user typed. Parentheses nest at most MAX_DEPTH deep: deeper
is a `QueryTooComplex` (a QueryError), as are more than MAX_TERMS terms and anything the
search engine cannot take.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING

from reader.query.dates import parse_date_value
from reader.query.folding import fold
from reader.query.folding import tokens as fold_tokens
from reader.query.nodes import (
    DATE_FIELDS,
    ENTITY_FIELDS,
    FIELDS,
    FLAGS,
    TEXT_FIELDS,
    All,
    Any,
    DateFilter,
    Flag,
    Node,
    Not,
    Text,
)

if TYPE_CHECKING:
    from reader.query.matching import SearchDoc

# A one-letter prefix matches nearly everything and is the slow case for the index:
# while typing, wait for a second letter before filtering on it.
MIN_PREFIX_CHARS = 2
#: Parentheses nested deeper than this are "too complex". No one types more than a few levels;
#: the limit keeps the parser's recursion, the matcher's and the SQL the index builds (SQLite and
#: FTS5 parse at most ~50 nested parentheses) well inside their bounds.
MAX_DEPTH = 16
#: Terms in one query at most: SQLite takes far more, but its time grows faster than the count
#: (10,000 date filters ~0.8 s, 40,000 ~15 s), and a filter runs at every keystroke.
MAX_TERMS = 5000


class QueryError(ValueError):
    """The query does not parse. ``position`` is a 0-based character offset into the query."""

    def __init__(self, message: str, position: int = 0):
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return f"{self.message} (at character {self.position + 1})"


class QueryTooComplex(QueryError):
    """The query parses but is beyond what can be searched (nested too deeply, or more than the
    search engine takes). A QueryError, so that whoever shows parse errors shows this too;
    ``position`` is where it became too complex (0 when the search engine said so)."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message, 0 if position is None else position)
        self.located = position is not None

    def __str__(self) -> str:
        return super().__str__() if self.located else self.message


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(", ")", "OR", "AND", "-", "term"
    start: int
    end: int
    field: str | None = None
    value: str = ""
    quoted: bool = False


@dataclass(frozen=True)
class Query:
    """A parsed filter. ``root`` None matches every article."""

    text: str
    root: Node | None
    highlight_terms: tuple[Text, ...] = dataclass_field(default=())

    @property
    def is_empty(self) -> bool:
        return self.root is None

    def matches(self, doc: SearchDoc) -> bool:
        """Whether a `SearchDoc` passes the filter. Never raises for a parsed query."""
        from reader.query.matching import evaluate

        return self.root is None or evaluate(self.root, doc)


def parse_query(text: str, prefix_last: bool = True) -> Query:
    """Parse filter text. With ``prefix_last`` the last bare word is matched as a prefix
    (as in a filter bar while typing); ``reader search`` passes False."""
    lexed = _lex(text)
    prefix_at = _prefix_position(lexed) if prefix_last else None
    root = _Parser(lexed, len(text), prefix_at).parse()
    return Query(text=text, root=root, highlight_terms=tuple(_positive_terms(root)))


def _lex(text: str) -> list[_Token]:
    found: list[_Token] = []
    pos, size = 0, len(text)
    while pos < size:
        char = text[pos]
        if char.isspace():
            pos += 1
        elif char in "()":
            found.append(_Token(char, pos, pos + 1))
            pos += 1
        elif char == "-":
            following = text[pos + 1] if pos + 1 < size else ""
            if not following or following.isspace() or following == ")":
                raise QueryError("nothing to exclude after '-'", pos)
            found.append(_Token("-", pos, pos + 1))
            pos += 1
        elif char == '"':
            value, end = _phrase(text, pos)
            found.append(_Token("term", pos, end, None, value, True))
            pos = end
        else:
            end = pos
            while end < size and not text[end].isspace() and text[end] not in '()"':
                end += 1
            found.append(_word(text, pos, end))
            pos = found[-1].end
    return found


def _phrase(text: str, start: int) -> tuple[str, int]:
    close = text.find('"', start + 1)
    if close < 0:
        raise QueryError("unclosed quote", start)
    return text[start + 1 : close], close + 1


def _word(text: str, start: int, end: int) -> _Token:
    word = text[start:end]
    if word in ("OR", "AND"):
        return _Token(word, start, end)
    name, colon, value = word.partition(":")
    if not colon or not name:
        return _Token("term", start, end, None, word)
    field = fold(name)  # any case variant: "TİTLE:", "Poſted"-style long s
    if field not in FIELDS:
        if name.isalpha():
            raise QueryError(f"unknown field '{name}:'", start)
        return _Token("term", start, end, None, word)
    if not value and end < len(text) and text[end] == '"':
        value, end = _phrase(text, end)
        return _Token("term", start, end, field, value, True)
    if not value:
        raise QueryError(f"{name}: needs a value", start)
    return _Token("term", start, end, field, value)


def _prefix_position(lexed: list[_Token]) -> int | None:
    """Index of the token typed last, if it is a bare word that can be a prefix."""
    index = len(lexed) - 1
    while index >= 0 and lexed[index].kind == ")":
        index -= 1
    if index < 0:
        return None
    token = lexed[index]
    if token.kind != "term" or token.quoted or token.field in (*DATE_FIELDS, "is"):
        return None
    if index > 0 and lexed[index - 1].kind == "-":
        return None  # exclusions stay exact
    return index


class _Parser:
    def __init__(self, lexed: list[_Token], size: int, prefix_at: int | None):
        self.lexed = lexed
        self.size = size
        self.prefix_at = prefix_at
        self.at = 0
        self.depth = 0  # parentheses open
        self.terms = 0

    def peek(self) -> _Token | None:
        return self.lexed[self.at] if self.at < len(self.lexed) else None

    def parse(self) -> Node | None:
        if not self.lexed:
            return None
        node = self.or_expr()
        extra = self.peek()
        if extra is not None:  # only a stray ")" can be left over
            raise QueryError("unmatched ')'", extra.start)
        return node

    def or_expr(self) -> Node | None:
        first = self.peek()
        if first is not None and first.kind == "OR":
            raise QueryError("OR needs a term before it", first.start)
        options = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.at += 1
            following = self.peek()
            if following is None or following.kind in (")", "OR"):
                raise QueryError("OR needs a term after it", token.start)
            options.append(self.and_expr())
        return _simplify(Any, options)

    def and_expr(self) -> Node | None:
        parts: list[Node | None] = []
        while (token := self.peek()) is not None and token.kind not in (")", "OR"):
            if token.kind == "AND":
                self.at += 1
                continue
            parts.append(self.unary(token))
        return _simplify(All, parts)

    def unary(self, token: _Token) -> Node | None:
        negations = 0
        while token.kind == "-":  # a run of '-' in a loop: '- - -a' is '-a', at any length
            self.at += 1
            following = self.peek()
            if following is None or following.kind in (")", "OR", "AND"):
                raise QueryError("nothing to exclude after '-'", token.start)
            negations += 1
            token = following
        node = self.operand(token)
        if node is None or negations % 2 == 0:
            return node
        return node.child if isinstance(node, Not) else Not(node)

    def operand(self, token: _Token) -> Node | None:
        if token.kind == "(":
            if self.depth >= MAX_DEPTH:
                raise QueryTooComplex(f"query too complex: parentheses nested over {MAX_DEPTH} deep", token.start)
            self.at += 1
            following = self.peek()
            if following is not None and following.kind == ")":
                raise QueryError("empty parentheses", token.start)
            if following is None:
                raise QueryError("missing ')'", token.start)
            self.depth += 1
            node = self.or_expr()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise QueryError("missing ')'", token.start)
            self.at += 1
            return node
        if token.kind == ")":
            raise QueryError("unmatched ')'", token.start)
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryTooComplex(f"query too complex: more than {MAX_TERMS} terms", token.start)
        self.at += 1
        return self.term(token, prefix=self.at - 1 == self.prefix_at)

    def term(self, token: _Token, prefix: bool) -> Node | None:
        field = token.field
        if field in DATE_FIELDS:
            days = parse_date_value(token.value)
            if days is None:
                raise QueryError(f"{field}: expects a date like 2024, 2024-06 or 2024-06-05", token.start)
            return DateFilter(field, *days)
        if field == "is":
            flag = fold(token.value)
            if flag not in FLAGS:
                raise QueryError("is: expects read, unread or starred", token.start)
            return Flag(flag)
        assert field is None or field in TEXT_FIELDS or field in ENTITY_FIELDS
        words = tuple(fold_tokens(token.value))
        if prefix and words and len(words[-1]) < MIN_PREFIX_CHARS:
            words = words[:-1]  # still being typed: wait for the next letter
            prefix = False
        if not words:
            return None  # punctuation only: no constraint
        return Text(words, field, prefix, token.quoted)


def _simplify(kind: type[All] | type[Any], parts: list[Node | None]) -> Node | None:
    """One ``kind`` node of the parts; a part of the same kind gives its children (flat, n-ary)."""
    kept = tuple(
        child for part in parts if part is not None for child in (part.children if isinstance(part, kind) else (part,))
    )
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    return kind(kept)


def _positive_terms(node: Node | None) -> Iterator[Text]:
    """Text terms that count for highlighting: not excluded, not entity fields (walked with a stack)."""
    stack: list[tuple[Node, bool]] = [] if node is None else [(node, False)]
    while stack:
        node, negated = stack.pop()
        if isinstance(node, Text):
            if not negated and node.field in (None, *TEXT_FIELDS):
                yield node
        elif isinstance(node, Not):
            stack.append((node.child, not negated))
        elif isinstance(node, (All, Any)):
            stack.extend((child, negated) for child in reversed(node.children))
