"""Read SPARQL text without running it: query form, updates, SERVICE, FROM, and value bindings.

The checks here are lexical: strings, IRIs and comments are blanked first, so a keyword inside a
literal or an IRI never counts. They decide what ``kg query`` refuses *before* an engine sees the
text, because running an UPDATE to find out whether it is one (``LOAD <http://…>``) already
reaches the network.
"""
from __future__ import annotations

import re
from typing import Mapping

from kg.errors import QueryError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_STRINGS_IRIS_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_PROLOGUE = re.compile(r"\s*(?:(?:BASE\s*|PREFIX\s+[^\s:]*:\s*)\s*)*", re.IGNORECASE)
_UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


def decode_escapes(text: str) -> str:
    r"""Apply SPARQL's ``\uXXXX`` / ``\UXXXXXXXX`` escapes, which the grammar allows anywhere.

    >>> decode_escapes(r"\u0053ERVICE")
    'SERVICE'
    """
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def blank_literals(text: str) -> str:
    """Return ``text`` with strings, IRIs and comments replaced by spaces (same length).

    >>> blank_literals('SELECT * { ?s ?p "SERVICE" } # FROM')
    'SELECT * { ?s ?p           }       '
    """
    return _STRINGS_IRIS_COMMENTS.sub(lambda m: " " * len(m.group(0)), text)


def _keywords(text: str) -> list[str]:
    return re.findall(r"(?<![?$:\w])[A-Za-z_]+(?![\w:])", blank_literals(decode_escapes(text)))


def query_form(text: str) -> str:
    """Return ``SELECT``, ``CONSTRUCT``, ``DESCRIBE``, ``ASK`` or ``UPDATE`` (or ``''`` if unknown).

    >>> query_form('PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }')
    'UPDATE'
    >>> query_form('prefix ex: <http://e/> select * { ?s ?p ?o }')
    'SELECT'
    """
    words = [w.upper() for w in _keywords(text)]
    # drop the prologue: BASE <iri> and PREFIX name: <iri> (IRIs are already blanked)
    for word in words:
        if word in ("BASE", "PREFIX"):
            continue
        if word in _FORMS:
            return word
        if word in _UPDATE_KEYWORDS:
            return "UPDATE"
        return ""
    return ""


def uses_service(text: str) -> bool:
    """Return True when a query calls a remote endpoint with ``SERVICE``.

    >>> uses_service('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    False
    """
    return "SERVICE" in (w.upper() for w in _keywords(text))


def uses_dataset_clause(text: str) -> bool:
    """Return True when a query names its own dataset with ``FROM`` or ``FROM NAMED``.

    >>> uses_dataset_clause('SELECT * FROM <http://e/g> { ?s ?p ?o }')
    True
    """
    return "FROM" in (w.upper() for w in _keywords(text))


def _matching_brace(blank: str, start: int) -> int:
    depth = 0
    for i in range(start, len(blank)):
        if blank[i] == "{":
            depth += 1
        elif blank[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise QueryError("unbalanced braces in the query")


def where_group_start(text: str) -> int:
    """Return the index just after the ``{`` that opens the query's outer WHERE group.

    >>> q = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
    >>> q[where_group_start(q):]
    ' ?s ?p ?o }'
    """
    blank = blank_literals(text)
    form = query_form(text)
    if not form or form == "UPDATE":
        raise QueryError("not a SPARQL query")
    at = re.search(rf"(?<![?$:\w]){form}\b", blank, re.IGNORECASE).end()
    first = blank.find("{", at)
    if first == -1:
        raise QueryError("the query has no WHERE group")
    if form == "CONSTRUCT":
        if re.search(r"\bWHERE\s*$", blank[at:first], re.IGNORECASE):
            raise QueryError("parameters cannot be bound in the short form CONSTRUCT WHERE { … }; "
                             "write CONSTRUCT { … } WHERE { … }")
        first = blank.find("{", _matching_brace(blank, first) + 1)
        if first == -1:
            raise QueryError("the query has no WHERE group")
    return first + 1


def _enclosing_group(blank: str, at: int, floor: int) -> int:
    """Return the index just after the innermost ``{`` that encloses position ``at``."""
    depth = 0
    for i in range(at - 1, floor - 1, -1):
        if blank[i] == "}":
            depth += 1
        elif blank[i] == "{":
            if depth == 0:
                return i + 1
            depth -= 1
    return floor


def bind_values(text: str, bindings: Mapping[str, str]) -> str:
    """Bind variables by inserting ``VALUES`` rows into the query's groups.

    ``bindings`` maps variable names to terms already written in SPARQL syntax by an RDF
    library (``str(pyoxigraph.Literal(...))``), so user text is escaped, never pasted raw. The
    outer WHERE group gets every variable (so it can be projected); each group that uses one
    directly (a FILTER inside ``GRAPH ?g { … }`` or a sub-SELECT) gets it too, so a parameter
    means the same value everywhere in the query, as a substitution would.

    >>> bind_values('SELECT ?s { ?s ?p ?name }', {"name": '"Kim"'})
    'SELECT ?s { VALUES (?name) { ("Kim") } ?s ?p ?name }'
    """
    if not bindings:
        return text
    outer = where_group_start(text)
    blank = blank_literals(text)
    groups: dict[int, list[str]] = {outer: list(bindings)}
    for name in bindings:
        for match in re.finditer(rf"[?$]{re.escape(name)}(?!\w)", blank[outer:]):
            at = _enclosing_group(blank, outer + match.start(), outer)
            if name not in groups.setdefault(at, []):
                groups[at].append(name)
    for at in sorted(groups, reverse=True):
        names = groups[at]
        row = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(bindings[n] for n in names)}) }}"
        text = text[:at] + row + text[at:]
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
