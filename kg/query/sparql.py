"""Read SPARQL text without running it: query form, ``FROM``, variables, and value bindings.

Everything here reads tokens (``kg.query.lexer``), never raw text: a keyword or a brace inside a
literal, an IRI, a comment or an escaped prefixed name never counts. The form is known *before*
an engine sees the text, because running an UPDATE to find out whether it is one
(``LOAD <http://…>``) already reaches the network; whether a query calls ``SERVICE`` is decided
from its parse, in ``kg.query.guard``.
"""
from __future__ import annotations

import re
from typing import Mapping, Sequence

from kg.errors import QueryError
from kg.query.lexer import Token, decode_escapes, tokenize

__all__ = ["query_form", "uses_dataset_clause", "variables", "bind_values", "where_group_start",
           "error_with_caret", "decode_escapes"]

_UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


def _tokens(text) -> Sequence[Token]:
    return text if isinstance(text, (list, tuple)) else list(tokenize(text))


def _form_at(tokens: Sequence[Token]) -> tuple[str, int]:
    """Return the query form and the index of its keyword, after the prologue."""
    i = 0
    while i < len(tokens):
        word = tokens[i].keyword
        if word == "BASE":
            i += 2
        elif word == "PREFIX":
            i += 3
        elif word == "VERSION":  # SPARQL 1.2 prologue
            i += 2
        elif word in _FORMS:
            return word, i
        elif word in _UPDATE_KEYWORDS:
            return "UPDATE", i
        else:
            return "", i
    return "", i


def query_form(text) -> str:
    """Return ``SELECT``, ``CONSTRUCT``, ``DESCRIBE``, ``ASK`` or ``UPDATE`` (or ``''`` if unknown).

    ``text`` is the query, or its tokens.

    >>> query_form('PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }')
    'UPDATE'
    >>> query_form('prefix ex: <http://e/> select * { ?s ?p ?o }')
    'SELECT'
    """
    return _form_at(_tokens(text))[0]


def uses_dataset_clause(text) -> bool:
    """Return True when a query names its own dataset with ``FROM`` or ``FROM NAMED``.

    >>> uses_dataset_clause('SELECT * FROM <http://e/g> { ?s ?p ?o }')
    True
    >>> uses_dataset_clause('SELECT * { ?s <http://e/FROM> "FROM" } # FROM')
    False
    """
    return any(t.keyword == "FROM" for t in _tokens(text))


def variables(text) -> set[str]:
    """Return the names of the variables a query mentions (``?x`` and ``$x`` alike).

    >>> sorted(variables('SELECT ?a WHERE { ?a ?p $b FILTER(?b != "?c") }'))
    ['a', 'b', 'p']
    """
    return {t.text[1:] for t in _tokens(text) if t.kind == "var"}


def _matching(tokens: Sequence[Token], start: int) -> int:
    depth = 0
    for i in range(start, len(tokens)):
        if tokens[i].text == "{" and tokens[i].kind == "punct":
            depth += 1
        elif tokens[i].text == "}" and tokens[i].kind == "punct":
            depth -= 1
            if depth == 0:
                return i
    raise QueryError("unbalanced braces in the query")


def _next_brace(tokens: Sequence[Token], start: int) -> int:
    for i in range(start, len(tokens)):
        if tokens[i].kind == "punct" and tokens[i].text == "{":
            return i
    raise QueryError("the query has no WHERE group")


def _where_index(tokens: Sequence[Token]) -> int:
    """Return the index of the ``{`` token that opens the outer WHERE group."""
    form, at = _form_at(tokens)
    if not form or form == "UPDATE":
        raise QueryError("not a SPARQL query")
    first = _next_brace(tokens, at + 1)
    if form == "CONSTRUCT":
        if first > 0 and tokens[first - 1].keyword == "WHERE":
            raise QueryError("parameters cannot be bound in the short form CONSTRUCT WHERE { … }; "
                             "write CONSTRUCT { … } WHERE { … }")
        first = _next_brace(tokens, _matching(tokens, first) + 1)
    return first


def where_group_start(text: str) -> int:
    """Return the offset just after the ``{`` that opens the query's outer WHERE group.

    >>> q = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
    >>> q[where_group_start(q):]
    ' ?s ?p ?o }'
    """
    tokens = _tokens(text)
    return tokens[_where_index(tokens)].end


def _enclosing_group(tokens: Sequence[Token], at: int, floor: int) -> int:
    """Return the index of the innermost ``{`` token that encloses token ``at``."""
    depth = 0
    for i in range(at - 1, floor - 1, -1):
        if tokens[i].kind != "punct":
            continue
        if tokens[i].text == "}":
            depth += 1
        elif tokens[i].text == "{":
            if depth == 0:
                return i
            depth -= 1
    return floor


def bind_values(text: str, bindings: Mapping[str, str]) -> str:
    """Bind variables by inserting ``VALUES`` rows into the query's groups.

    ``bindings`` maps variable names to terms already written in SPARQL syntax by an RDF
    library (``str(pyoxigraph.Literal(...))``), so user text is escaped, never pasted raw;
    ``kg.query.params.bind_terms`` is the checked way in. The outer WHERE group gets every
    variable (so it can be projected); each group that uses one directly (a FILTER inside
    ``GRAPH ?g { … }`` or a sub-SELECT) gets it too, so a parameter means the same value
    everywhere in the query, as a substitution would.

    >>> bind_values('SELECT ?s { ?s ?p ?name }', {"name": '"Kim"'})
    'SELECT ?s { VALUES (?name) { ("Kim") } ?s ?p ?name }'
    """
    if not bindings:
        return text
    tokens = _tokens(text)
    outer = _where_index(tokens)
    groups: dict[int, list[str]] = {outer: list(bindings)}
    for i in range(outer + 1, len(tokens)):
        token = tokens[i]
        if token.kind == "var" and token.text[1:] in bindings:
            at = _enclosing_group(tokens, i, outer)
            if token.text[1:] not in groups.setdefault(at, []):
                groups[at].append(token.text[1:])
    for at in sorted(groups, reverse=True):
        names = groups[at]
        row = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(bindings[n] for n in names)}) }}"
        offset = tokens[at].end
        text = text[:offset] + row + text[offset:]
    return text


def error_with_caret(text: str, message: str) -> str:
    """Add the offending line and a caret to an Oxigraph syntax error ``error at L:C: …``.

    >>> print(error_with_caret("SELECT * {\\n ?s ?p }", "error at 2:7: expected a term"))
    SPARQL syntax error at line 2, column 7: expected a term
      ?s ?p }
            ^
    """
    match = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?: ?(.*)", message, re.DOTALL)
    if not match:
        return f"SPARQL syntax error: {message}"
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    return (f"SPARQL syntax error at line {line}, column {column}: {detail}\n"
            f"  {shown}\n  {' ' * (column - 1)}^")
