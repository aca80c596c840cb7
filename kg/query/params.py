"""Query parameters: the bundled queries' declared parameters, and values turned into RDF terms.

A value a user passes never becomes query text by itself: it is first an RDF term (a pyoxigraph
``Literal`` or ``NamedNode``), and only that term's own serialisation is ever written into a
query (``kg.query.sparql.bind_values``), where the engine reads it back as the same term.

Each bundled query (``kg/data/queries/NAME.rq``) declares its parameters in its header, one
line each::

    # @param name string required -- an actor's exact label or alias ("Kim Jong Un")

Kinds: ``string`` (a plain literal, whatever it looks like), ``iri`` (``<http://…>`` or a
prefixed name with a known prefix, ``dip:Summit``), ``date`` (``YYYY-MM-DD``, an ``xsd:date``)
and ``integer``. A bundled query refuses unknown, missing (when required) and ill-typed values;
any other query refuses a value for a variable it does not mention.
"""
from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

import pyoxigraph as ox

from kg import resources
from kg.errors import QueryError
from kg.prefixes import PREFIXES

__all__ = ["Param", "BundledQuery", "KINDS", "bundled_queries", "parse_param", "split_param", "to_term",
           "bind_arguments"]

KINDS = ("string", "iri", "date", "integer")
XSD = "http://www.w3.org/2001/XMLSchema#"
_PARAM_LINE = re.compile(r"#\s*@param\s+(\S+)\s+(\S+)\s+(\S+)\s+--\s+(.+)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Param:
    """A declared parameter: the variable it binds, its kind, whether it is required, what it means."""

    name: str
    kind: str
    required: bool
    description: str

    def usage(self) -> str:
        """Return a one-line summary for ``kg query --list``.

        >>> Param("name", "string", True, "an actor's label").usage()
        "--param name=STRING (required): an actor's label"
        """
        need = "required" if self.required else "optional"
        return f"--param {self.name}={self.kind.upper()} ({need}): {self.description}"


@dataclass(frozen=True)
class BundledQuery:
    """A query shipped with the package: its name, one-line description, parameters and text."""

    name: str
    description: str
    text: str
    params: tuple[Param, ...] = ()


def read_declarations(name: str, text: str) -> tuple[str, tuple[Param, ...]]:
    """Return a bundled query's description (its first comment line) and declared parameters.

    >>> read_declarations("q", "# Events.\\n# @param type iri optional -- an event class\\nSELECT * {}")
    ('Events.', (Param(name='type', kind='iri', required=False, description='an event class'),))

    Raises:
        QueryError: a malformed ``@param`` line (a packaging mistake, caught by the tests).
    """
    lines = text.splitlines()
    description = lines[0].lstrip("# ").strip() if lines and lines[0].startswith("#") else ""
    params = []
    for line in lines:
        if "@param" not in line:
            continue
        match = _PARAM_LINE.fullmatch(line.strip())
        if not match or not _NAME.fullmatch(match.group(1)) or match.group(2) not in KINDS \
                or match.group(3) not in ("required", "optional"):
            raise QueryError(f"bundled query {name}: malformed parameter line {line.strip()!r} "
                             f"(want '# @param NAME {'|'.join(KINDS)} required|optional -- DESCRIPTION')")
        params.append(Param(match.group(1), match.group(2), match.group(3) == "required", match.group(4).strip()))
    return description, tuple(params)


def bundled_queries() -> dict[str, BundledQuery]:
    """Return the bundled named queries (``kg/data/queries/*.rq``) by name."""
    out = {}
    for name, text in resources.bundled_query_files().items():
        description, params = read_declarations(name, text)
        out[name] = BundledQuery(name, description, text, params)
    return out


def split_param(value: str) -> tuple[str, str]:
    """Split ``NAME=VALUE`` (as ``--param`` takes it) into the variable name and the raw value.

    >>> split_param("?name=Kim Jong Un")
    ('name', 'Kim Jong Un')
    """
    if "=" not in value:
        raise QueryError(f"--param wants NAME=VALUE, got {value!r}")
    name, raw = value.split("=", 1)
    name = name.strip().lstrip("?$")
    if not _NAME.fullmatch(name):
        raise QueryError(f"--param name {name!r} is not a SPARQL variable name")
    return name, raw


def parse_param(value: str) -> tuple[str, "ox.NamedNode | ox.Literal"]:
    """Turn ``NAME=VALUE`` into a binding for a query that declares no parameters: ``<iri>`` or
    a known prefixed name (``dip:Summit``) is an IRI, anything else a plain literal.

    >>> parse_param("type=dip:Summit")
    ('type', <NamedNode value=https://w3id.org/diplokg/ontology#Summit>)
    >>> parse_param("name=Donald Trump")
    ('name', <Literal value=Donald Trump datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>)
    """
    name, raw = split_param(value)
    iri = _as_iri(raw)
    return name, iri if iri is not None else ox.Literal(raw)


def _as_iri(raw: str) -> Optional["ox.NamedNode"]:
    if raw.startswith("<") and raw.endswith(">"):
        try:
            return ox.NamedNode(raw[1:-1])
        except ValueError:
            return None
    prefixed = re.fullmatch(r"([a-z]+):([A-Za-z_][A-Za-z0-9_-]*)", raw)
    if prefixed and prefixed.group(1) in PREFIXES:
        return ox.NamedNode(PREFIXES[prefixed.group(1)] + prefixed.group(2))
    return None


def to_term(value: object, kind: Optional[str] = None, *, name: str = "value"):
    """Return the RDF term for a value: a pyoxigraph term as it is, a Python value as a literal.

    ``kind`` (a declared parameter's) reads a string as that kind and checks a term against it.

    >>> to_term("Kim Jong Un")
    <Literal value=Kim Jong Un datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    >>> to_term(3).datatype.value, to_term(dt.date(2019, 6, 30)).value
    ('http://www.w3.org/2001/XMLSchema#integer', '2019-06-30')
    >>> to_term("2019-02-30", "date", name="since")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: parameter since: '2019-02-30' is not a date (YYYY-MM-DD)

    Raises:
        QueryError: a value of another kind, or a Python type with no RDF literal form.
    """
    if isinstance(value, str) and kind is not None:
        return _read_kind(value, kind, name)
    term = _python_term(value, name)
    if kind is not None and not _fits(term, kind):
        raise QueryError(f"parameter {name}: {term} is not {'an' if kind[0] in 'aeiou' else 'a'} {kind}")
    return term


def _read_kind(raw: str, kind: str, name: str):
    if kind == "string":
        return ox.Literal(raw)
    if kind == "iri":
        iri = _as_iri(raw.strip())
        if iri is None:
            known = ", ".join(p + ":" for p in PREFIXES)
            raise QueryError(f"parameter {name}: {raw!r} is not an IRI; write <http://…> or a prefixed name "
                             f"with one of {known}")
        return iri
    if kind == "date":
        try:
            return ox.Literal(dt.date.fromisoformat(raw.strip()).isoformat(), datatype=ox.NamedNode(XSD + "date"))
        except ValueError:
            raise QueryError(f"parameter {name}: {raw!r} is not a date (YYYY-MM-DD)") from None
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", raw.strip()):
            raise QueryError(f"parameter {name}: {raw!r} is not an integer")
        return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
    raise QueryError(f"parameter {name}: unknown kind {kind!r}")


def _python_term(value: object, name: str):
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, str):
        return ox.Literal(value)
    if isinstance(value, bool):
        return ox.Literal(value)
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(value)
    if isinstance(value, decimal.Decimal) and value.is_finite():
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    raise QueryError(f"parameter {name}: cannot bind a {type(value).__name__} (give a string, a number, "
                     "a date, or a pyoxigraph NamedNode or Literal)")


def _fits(term, kind: str) -> bool:
    if kind == "iri":
        return isinstance(term, ox.NamedNode)
    if not isinstance(term, ox.Literal):
        return False
    wanted = {"string": XSD + "string", "date": XSD + "date", "integer": XSD + "integer"}[kind]
    return term.datatype.value == wanted or (kind == "string" and term.language is not None)


def bind_arguments(values: Mapping[str, object], *, declared: Optional[Sequence[Param]] = None,
                   query_variables: Optional[set[str]] = None, what: str = "the query") -> dict:
    """Check parameter values against what a query takes; return ``{name: term}``.

    A bundled query (``declared``) takes exactly its declared parameters; any other query takes
    values for the variables it mentions (``query_variables``).

    >>> decl = (Param("name", "string", True, "a label"),)
    >>> bind_arguments({"nme": "Kim"}, declared=decl, what="events-of-actor")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: events-of-actor has no parameter 'nme'; it takes: name (did you mean 'name'?)

    Raises:
        QueryError: an unknown or missing parameter, or a value of the wrong kind.
    """
    for name in values:
        if not _NAME.fullmatch(str(name)):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
    if declared is None:
        unknown = sorted(set(values) - (query_variables or set()))
        if unknown:
            raise QueryError(f"{what} has no variable ?{unknown[0]} to bind")
        return {name: to_term(value, name=name) for name, value in values.items()}
    kinds = {p.name: p for p in declared}
    for name in values:
        if name not in kinds:
            takes = ", ".join(kinds) or "no parameters"
            raise QueryError(f"{what} has no parameter {name!r}; it takes: {takes}{_suggest(name, kinds)}")
    missing = [p.name for p in declared if p.required and p.name not in values]
    if missing:
        raise QueryError(f"{what} needs --param {missing[0]}=… ({kinds[missing[0]].description})")
    return {name: to_term(value, kinds[name].kind, name=name) for name, value in values.items()}


def _suggest(name: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
