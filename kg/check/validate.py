"""SHACL shapes of the graph diplokg writes, run with pySHACL: ``kg validate``.

The shapes (``ontologies/shapes.ttl``, shipped with the ontology) say what documents, sentences,
mentions, actors, events, event mentions, reference roles, claims and findings must carry. They
run with the ontology as pySHACL's ontology graph, so a shape on ``dip:Event`` covers every event
class and ``sh:class dip:Actor`` every kind of actor, without inference over the data.
"""
from __future__ import annotations

import io
import json
import os
from dataclasses import asdict, dataclass, field
from typing import Optional

from kg import resources
from kg.errors import InputError

__all__ = ["Violation", "Validation", "validate_graph", "read_rdf_file", "read_store", "render", "SHAPES_FILE"]

SHAPES_FILE = "shapes.ttl"
_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Violation:
    """One result of the shapes: the node, the property, the offending value and what is wrong."""

    focus: str
    path: str
    value: str
    message: str
    shape: str
    severity: str = "Violation"


@dataclass
class Validation:
    """What ``validate_graph`` found: conforms when there are no violations."""

    triples: int
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations


def _graph(text: str):
    import rdflib

    return rdflib.Graph().parse(data=text, format="turtle")


def validate_graph(data) -> Validation:
    """Run the project's shapes over ``data`` (an ``rdflib.Graph``) and return every violation, sorted."""
    import pyshacl
    from rdflib import Namespace, RDF

    sh = Namespace(_SH)
    shapes = _graph(resources.read_text("ontologies", SHAPES_FILE))
    ontology = _graph(resources.ontology_text())
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                     abort_on_first=False, allow_warnings=False, advanced=False)
    names = {prop: shape for shape, prop in shapes.subject_objects(sh.property)}
    found = []
    for result in results.subjects(RDF.type, sh.ValidationResult):
        def value(prop) -> str:
            term = results.value(result, prop)
            return "" if term is None else _text(data, term)
        source = results.value(result, sh.sourceShape)
        shape = names.get(source, source)
        path = results.value(result, sh.resultPath)
        found.append(Violation(value(sh.focusNode), "" if path is None else _text(results, path), value(sh.value),
                               str(results.value(result, sh.resultMessage) or ""),
                               _text(shapes, shape).rpartition("#")[2], value(sh.resultSeverity).rpartition("#")[2] or "Violation"))
    return Validation(len(data), sorted(set(found), key=lambda v: (v.shape, v.focus, v.path, v.value, v.message)))


def _text(graph, term) -> str:
    """A term as a reader knows it: a prefixed name where the project has a prefix, else its text."""
    from rdflib import BNode, URIRef

    if isinstance(term, URIRef):
        from kg.prefixes import PREFIXES

        for prefix, ns in PREFIXES.items():
            if str(term).startswith(ns) and len(str(term)) > len(ns):
                return f"{prefix}:{str(term)[len(ns):]}"
        return str(term)
    if isinstance(term, BNode):
        from rdflib import Namespace
        from rdflib.collection import Collection

        alternatives = graph.value(term, Namespace(_SH).alternativePath)
        if alternatives is not None:
            return "|".join(_text(graph, t) for t in Collection(graph, alternatives))
        return "(blank node)"
    return str(term)


def read_rdf_file(path: os.PathLike | str, fmt: Optional[str] = None):
    """Parse an RDF file (any syntax ``kg import`` reads; named graphs merged) into an ``rdflib.Graph``.

    Raises:
        InputError: the file is missing, unreadable, or not valid RDF in that syntax.
    """
    import pyoxigraph as ox
    import rdflib

    from kg.rdf.formats import RDF_FORMATS, choose_format

    name = choose_format(path, fmt, RDF_FORMATS, "RDF format")
    try:
        with open(path, "rb") as handle:
            quads = ox.parse(handle, format=RDF_FORMATS[name])
            data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                format=ox.RdfFormat.N_TRIPLES)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    except SyntaxError as exc:
        raise InputError(f"{path} is not valid {name}: {exc}") from None
    graph = rdflib.Graph()
    graph.parse(io.BytesIO(data or b""), format="nt")
    return graph


def read_store(location):
    """Return the union of a store's graphs (``kg.store.local.open_store``'s location) as an ``rdflib.Graph``."""
    from kg.rdf.export import store_as_rdflib
    from kg.store.local import open_store

    with open_store(location, read_only=True, create=False) as store:
        return store_as_rdflib(store)


def render(report: Validation, fmt: str = "table") -> str:
    """Return the violations as a table (then a summary line) or as JSON; ends with a newline."""
    if fmt == "json":
        return json.dumps({"conforms": report.conforms, "triples": report.triples,
                           "violations": [asdict(v) for v in report.violations]}, indent=1, ensure_ascii=False) + "\n"
    from kg.query.output import write_table

    out = io.StringIO()
    if report.violations:
        write_table(["node", "property", "value", "problem", "shape"],
                    [[v.focus, v.path, v.value, v.message, v.shape] for v in report.violations], out, limit=None)
    verdict = "conforms to the shapes" if report.conforms else \
        f"{len(report.violations)} violation{'s' if len(report.violations) != 1 else ''} of the shapes"
    out.write(f"{verdict} ({report.triples} triples checked)\n")
    return out.getvalue()
