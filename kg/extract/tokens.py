"""The parse of one document read once into plain Python tokens, for the rules to walk cheaply.

spaCy's ``Token`` is a view: every ``token.head``, ``token.children`` or ``doc[i]`` builds a new
``Token`` object and every ``token.lemma_`` or ``token.dep_`` looks its string up again. The
rules read the same few facts of the same tokens many times over (twenty ``doc[i]`` per token of
an article), so ``read_tokens`` copies them once per document into ``ParsedToken`` objects that
answer with the same values and link to each other directly. What the rules rarely ask for
(``is_title``, ``like_num``…) is read from the spaCy token itself.

A ``ParsedToken`` mirrors the part of spaCy's ``Token`` API the rules use, with the same
meaning: ``head`` is the token itself at a root; ``children``, ``lefts``, ``rights``,
``subtree`` and ``ancestors`` give tokens in the same order as spaCy's; ``doc`` is the list of
the document's tokens (``len(doc)``, ``doc[i]``).
"""
from __future__ import annotations

import itertools
from typing import Iterator

from spacy.attrs import (DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_STOP, LEMMA, LOWER, ORTH, POS, SENT_START,
                         SPACY, TAG)

_ATTRS = [ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, ENT_IOB, IDX, SPACY, HEAD, SENT_START, IS_STOP, IS_PUNCT]
_IOB = ("", "I", "O", "B")  # Token.ent_iob_ by Token.ent_iob
_SENT_START = {0: None, 1: True}  # Token.is_sent_start by Token.sent_start (else False)


class ParsedToken:
    """One token of a parsed document, with the attributes the extraction rules read."""

    __slots__ = ("i", "idx", "text", "whitespace_", "lower_", "lemma_", "pos_", "tag_", "dep_", "ent_type_",
                 "ent_iob_", "is_sent_start", "is_stop", "is_punct", "head", "lefts", "rights", "children", "doc",
                 "spacy_doc", "_edges")

    def __init__(self, i: int, idx: int, text: str, whitespace: str, lower: str, lemma: str, pos: str, tag: str,
                 dep: str, ent_type: str, ent_iob: str, sent_start, stop: bool, punct: bool, doc: list, spacy_doc) -> None:
        self.i, self.idx, self.text, self.whitespace_, self.lower_, self.lemma_ = i, idx, text, whitespace, lower, lemma
        self.pos_, self.tag_, self.dep_, self.ent_type_, self.ent_iob_ = pos, tag, dep, ent_type, ent_iob
        self.is_sent_start, self.is_stop, self.is_punct = sent_start, stop, punct
        self._edges = None
        self.head = self
        self.lefts = self.rights = self.children = ()
        self.doc = doc  # the document's tokens
        self.spacy_doc = spacy_doc

    @property
    def token(self):
        """The spaCy token (for what is rarely read)."""
        return self.spacy_doc[self.i]

    def __getattr__(self, name: str):
        """Read any other attribute (``is_title``, ``like_num``…) from the spaCy token."""
        return getattr(self.token, name)

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def __lt__(self, other: "ParsedToken") -> bool:
        return self.i < other.i

    @property
    def text_with_ws(self) -> str:
        return self.text + self.whitespace_

    @property
    def subtree(self) -> Iterator["ParsedToken"]:
        """The token and its descendants, in spaCy's order (left subtrees, the token, right subtrees)."""
        found: list[ParsedToken] = []
        _collect_subtree(self, found)
        return iter(found)

    @property
    def ancestors(self) -> Iterator["ParsedToken"]:
        """The heads above the token, nearest first (as spaCy's, at most as many as there are tokens)."""
        token = self
        for _ in range(len(self.doc)):
            if token.head is token:
                return
            token = token.head
            yield token

    @property
    def left_edge(self) -> "ParsedToken":
        return self._edge_tokens()[0]

    @property
    def right_edge(self) -> "ParsedToken":
        return self._edge_tokens()[1]

    def _edge_tokens(self) -> tuple["ParsedToken", "ParsedToken"]:
        """spaCy's own edges (its parser keeps them; they are read once per token that is asked)."""
        if self._edges is None:
            token = self.token
            self._edges = (self.doc[token.left_edge.i], self.doc[token.right_edge.i])
        return self._edges

    @property
    def conjuncts(self) -> tuple["ParsedToken", ...]:
        """The tokens coordinated with this one (spaCy's walk: up the ``conj`` chain, then down it)."""
        start = self
        while start.head is not start and start.dep_ == "conj":
            start = start.head
        queue, output = [start], [start]
        for word in queue:
            for child in word.rights:
                if child.dep_ == "conj":
                    output.append(child)
                    queue.append(child)
        return tuple(w for w in output if w is not self)


def _collect_subtree(token: ParsedToken, found: list[ParsedToken]) -> None:
    for word in token.lefts:
        _collect_subtree(word, found)
    found.append(token)
    for word in token.rights:
        _collect_subtree(word, found)


class ParsedSpan:
    """A sentence or entity of the document over ``ParsedToken``s (iterating gives its tokens)."""

    __slots__ = ("span", "start", "end", "start_char", "end_char", "_tokens")

    def __init__(self, span, tokens: list[ParsedToken]) -> None:
        self.span = span
        self.start, self.end, self.start_char, self.end_char = span.start, span.end, span.start_char, span.end_char
        self._tokens = tokens

    def __getattr__(self, name: str):
        """Read any other attribute (``label_``, ``ent_id_``…) from the spaCy span."""
        return getattr(self.span, name)

    def __iter__(self) -> Iterator[ParsedToken]:
        return iter(self._tokens[self.start:self.end])

    def __len__(self) -> int:
        return self.end - self.start

    @property
    def root(self) -> ParsedToken:
        return self._tokens[self.span.root.i]


def read_tokens(doc) -> list[ParsedToken]:
    """Return the tokens of a parsed ``Doc`` as ``ParsedToken``s linked to their heads and children."""
    tokens: list[ParsedToken] = []
    if not len(doc):
        return tokens
    columns = doc.to_array(_ATTRS).T.tolist()
    store, strings = doc.vocab.strings, {0: ""}
    texts = [[strings[v] if v in strings else strings.setdefault(v, store[v]) for v in column]
             for column in columns[:7]]
    spaces = [" " if space else "" for space in columns[9]]
    iobs = [_IOB[iob] for iob in columns[7]]
    sent_starts = [_SENT_START.get(start, False) for start in columns[11]]
    stops = [bool(stop) for stop in columns[12]]
    puncts = [bool(punct) for punct in columns[13]]
    tokens.extend(map(ParsedToken, range(len(doc)), columns[8], texts[0], spaces, *texts[1:], iobs, sent_starts,
                      stops, puncts, itertools.repeat(tokens), itertools.repeat(doc)))
    _link_heads(tokens, columns[10])
    return tokens


def _link_heads(tokens: list[ParsedToken], offsets: list[int]) -> None:
    """Set each token's head, and each head's children (``lefts``, ``rights``, ``children``) in text order."""
    for token, offset in zip(tokens, offsets):
        if not offset:
            continue
        if offset >= 1 << 63:  # to_array gives unsigned integers: an offset to the left wraps around
            offset -= 1 << 64
        head = token.head = tokens[token.i + offset]
        if token.i < head.i:
            head.lefts += (token,)
        else:
            head.rights += (token,)
        head.children = head.lefts + head.rights


def release_tokens(tokens: list[ParsedToken]) -> None:
    """Unlink the tokens of a document that has been read (heads, children, the document list).

    Linked to each other they form reference cycles, which only Python's cyclic garbage collector
    frees, and a build's long-lived model makes each of its full passes expensive. Unlinked, they
    are freed as soon as the document is done.
    """
    for token in tokens:
        token.head = token.lefts = token.rights = token.children = token.doc = token.spacy_doc = token._edges = None
    tokens.clear()
