"""Decide, before any engine runs a query, whether ``kg query`` and ``kg serve`` may run it.

Refused: SPARQL UPDATE (``kg query`` never changes the store), ``SERVICE`` unless the caller
allows the network, and queries beyond the bounds below. ``FROM``/``FROM NAMED`` need no check:
Oxigraph reads them as names of the store's graphs and never loads anything.

``SERVICE`` is decided from the query's parse, never from a text search. A ``SERVICE`` clause
needs the keyword, so a query whose text (as written, and with ``\\u`` escapes applied) does
not contain the letters "service" in any case cannot call one; that is the fast path, taken by
nearly every query. Otherwise rdflib's SPARQL parser reads the query, and it is refused if the
parse holds a ``ServiceGraphPattern`` or if a token of ``kg.query.lexer`` (which reads strings,
IRIs, comments and escapes as Oxigraph does; rdflib applies ``\\u`` escapes first) is the
``SERVICE`` keyword: both readings must agree that there is none. A query rdflib cannot parse is
refused too, since nothing then shows the word to be only in a literal, an IRI or a comment.

Bounds: Oxigraph (0.5) overflows its stack, and the process dies, on about 2,500 nested braces
or a chain of about 7,000 ``+``, ``UNION`` or ``OPTIONAL``; nested collections and blank nodes
take time that grows with the cube of the depth. So the text is bounded in size, in nesting
depth (every bracket kind counted together) and in tokens outside ``VALUES`` data blocks, where
long lists of values belong. Measurements in docs/bad-inputs.md.
"""
from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from typing import Sequence

from kg.errors import QueryError
from kg.query.lexer import CLOSERS, OPENERS, Token, decode_escapes, tokenize
from kg.query.sparql import query_form, uses_dataset_clause

__all__ = ["MAX_QUERY_CHARS", "MAX_DEPTH", "MAX_TOKENS", "QueryCheck", "UpdateRefused", "UncheckableQuery",
           "check_query", "check_bounds", "mentions_service", "calls_service", "refuse_parsed_service"]

MAX_QUERY_CHARS = 1_000_000
MAX_DEPTH = 40
MAX_TOKENS = 5_000
SERVICE_REFUSED = "SERVICE calls reach the network and are off; pass --allow-network to allow them"


class UpdateRefused(QueryError):
    """A SPARQL UPDATE request where only queries are allowed."""


class UncheckableQuery(QueryError):
    """A query that mentions "service" and that rdflib's parser cannot read."""


@dataclass(frozen=True)
class QueryCheck:
    """What the checks learnt: the form (SELECT, ASK, CONSTRUCT, DESCRIBE), whether the query
    names its own dataset, its tokens, and whether the parse check is still to run."""

    form: str
    dataset_clause: bool
    tokens: tuple[Token, ...]
    needs_parse: bool = False


def check_query(text: str, *, allow_network: bool = False, parse: bool = True) -> QueryCheck:
    """Refuse what must not run; return what was learnt about the query.

    With ``parse=False`` the slow half of the SERVICE check (rdflib's parse, seconds on a long
    query) is left to the caller, which must run ``refuse_parsed_service`` before the query
    when ``needs_parse`` is set: ``kg serve`` does it in the worker process, under the time limit.

    >>> check_query("SELECT * { ?s ?p 'service' }").form
    'SELECT'
    >>> check_query(r"SELECT * { ?s ?p ?o OPTIONAL { ?s ?p e:a\\# } SERVICE <http://e/> { ?a ?b ?c } }")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: SERVICE calls reach the network and are off; pass --allow-network to allow them

    Raises:
        QueryError: an UPDATE request, ``SERVICE`` without ``allow_network``, a query beyond the
            bounds, or text that is not a query.
    """
    tokens = check_bounds(text)
    form = query_form(tokens)
    if form == "UPDATE":
        raise UpdateRefused("SPARQL UPDATE is not allowed: queries are read-only")
    needs_parse = False
    if not allow_network and mentions_service(text):
        if any(t.keyword == "SERVICE" for t in tokens):
            raise QueryError(SERVICE_REFUSED)
        if parse:
            refuse_parsed_service(text, tokens)
        else:
            needs_parse = True
    return QueryCheck(form, uses_dataset_clause(tokens), tokens, needs_parse)


def check_bounds(text: str) -> tuple[Token, ...]:
    """Return the query's tokens, or refuse a query too large or too deeply nested to parse safely.

    >>> check_bounds("ASK " + "{" * 50 + "}" * 50)
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: the query nests brackets more than 40 deep
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long (at most {MAX_QUERY_CHARS:,})")
    tokens = tuple(tokenize(text))
    depth, deepest, counted, in_values = 0, 0, 0, None
    for i, token in enumerate(tokens):
        deepest = max(deepest, depth + _openers_inside_iri(token))
        if token.kind == "punct" and token.text in OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif token.kind == "punct" and token.text in CLOSERS:
            depth = max(depth - 1, 0)
            if in_values is not None and token.text == "}" and depth == in_values:
                in_values = None
        if in_values is None:
            counted += 1
            if token.keyword == "VALUES":
                in_values = _values_block_depth(tokens, i, depth)
        if deepest > MAX_DEPTH:
            raise QueryError(f"the query nests brackets more than {MAX_DEPTH} deep")
    if counted > MAX_TOKENS:
        raise QueryError(f"the query has {counted:,} tokens outside VALUES blocks (at most {MAX_TOKENS:,}); "
                         "put long lists of values in a VALUES block")
    return tokens


def _openers_inside_iri(token: Token) -> int:
    # Where an expression is expected, Oxigraph reads `?a<(((1)))>?b` as comparisons, not as an
    # IRI: count the brackets inside an IRI as if they were real (never the closing ones).
    if token.kind != "iri":
        return 0
    return sum(token.text.count(c) for c in "([")


def _values_block_depth(tokens: Sequence[Token], at: int, depth: int) -> int | None:
    """Return the depth at which the data block of the VALUES keyword at ``at`` closes."""
    for token in tokens[at + 1:]:
        if token.kind == "punct" and token.text == "{":
            return depth
        if not (token.kind == "var" or (token.kind == "punct" and token.text in "()")):
            return None
    return None


def mentions_service(text: str) -> bool:
    """Return True when the letters "service" appear in any case, as written or after ``\\u`` escapes.

    A query without them cannot call SERVICE: nearly every query stops here, with no parse.
    """
    return "service" in text.casefold() or "service" in decode_escapes(text).casefold()


def calls_service(text: str, tokens: Sequence[Token] | None = None) -> bool:
    """Return True when the query may call a remote endpoint with ``SERVICE``.

    >>> calls_service('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    True
    >>> calls_service('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    False
    """
    if not mentions_service(text):
        return False
    tokens = tokens if tokens is not None else tuple(tokenize(text))
    if any(t.keyword == "SERVICE" for t in tokens):
        return True
    return _parse_has_service(_for_rdflib(text, tokens))


def refuse_parsed_service(text: str, tokens: Sequence[Token] | None = None) -> None:
    """Refuse the query if rdflib's parse of it holds a SERVICE clause, or cannot be made.

    Raises:
        QueryError: a SERVICE clause; ``UncheckableQuery`` when rdflib cannot parse the query.
    """
    if calls_service(text, tokens):
        raise QueryError(SERVICE_REFUSED)


def _for_rdflib(text: str, tokens: Sequence[Token]) -> str:
    """Return the text with ``\\u`` escapes inside strings and IRIs taken out of rdflib's way.

    rdflib applies ``\\u`` escapes to the whole text before reading it, Oxigraph only inside
    strings and IRIs: ``"\\u0022 # "`` is one string to Oxigraph and an empty string then a
    comment to rdflib. Such a token becomes a plain one of the same kind (its content cannot hold
    a SERVICE clause); everything else is left for rdflib to read on its own.
    """
    parts, at = [], 0
    for token in tokens:
        if token.kind in ("string", "iri") and ("\\u" in token.text or "\\U" in token.text):
            parts += [text[at:token.start], '"s"' if token.kind == "string" else "<urn:s>"]
            at = token.end
    return "".join(parts) + text[at:]


def _parse_has_service(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        parsed = _with_deep_stack(parseQuery, text)
    except Exception as exc:  # noqa: BLE001 (whatever stops the parse, the query is refused)
        # nothing shows that the word is only inside a literal, an IRI or a comment
        why = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        raise UncheckableQuery(f"the query mentions \"service\" and cannot be checked for SERVICE calls "
                               f"(rdflib's parser: {why}); pass --allow-network to run it unchecked") from None
    stack = [parsed]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or hasattr(node, "as_list"):
            stack.extend(node)
    return False


_DEEP = threading.Lock()


def _with_deep_stack(function, *args):
    """Call ``function`` in a thread with a 512 MB stack and a high recursion limit.

    rdflib's parser (pyparsing) recurses about 25 frames per triple pattern, so a query of 100
    patterns passes Python's default limit of 1,000; 5,000 tokens need some 40,000 frames. The
    stack is address space, used only as deep as the parse goes. One parse at a time: the limit
    is the interpreter's.
    """
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 (handed back to the caller)
            out["error"] = exc

    with _DEEP:
        size, limit = threading.stack_size(512 * 1024 * 1024), sys.getrecursionlimit()
        try:
            thread = threading.Thread(target=run, daemon=True)
        finally:
            threading.stack_size(size)
        sys.setrecursionlimit(max(limit, 200_000))
        try:
            thread.start()
            thread.join()
        finally:
            sys.setrecursionlimit(limit)
    if "error" in out:
        raise out["error"]
    return out["value"]
