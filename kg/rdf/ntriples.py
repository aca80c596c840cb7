"""N-Triples text written directly: terms, literals and a de-duplicating list of lines.

Building rdflib terms for every triple of a build cost more than the extraction itself, so the
mapping writes N-Triples text. The ontology terms are turned into their N-Triples form once
here (the ``DIP`` namespace checks every name).
"""
from __future__ import annotations

from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.records import TimeValue
from kg.vocab import DIP, ENTITY_CLASSES, NS, SCHEMA


def term(iri: str) -> str:
    """Return an IRI as an N-Triples term."""
    return f"<{iri}>"


TYPE, LABEL, ALT, SAME = term(RDF.type), term(RDFS.label), term(SKOS.altLabel), term(OWL.sameAs)
DERIVED, GENERATED, MENTIONS = term(PROV.wasDerivedFrom), term(PROV.wasGeneratedBy), term(SCHEMA.mentions)
IDENTIFIER, TITLE, DATE, SOURCE = term(DCTERMS.identifier), term(DCTERMS.title), term(DCTERMS.date), term(DCTERMS.source)
_INTEGER, _DECIMAL, _BOOLEAN = term(XSD.integer), term(XSD.decimal), term(XSD.boolean)
_DATE_TYPES = {10: term(XSD.date), 7: term(XSD.gYearMonth), 4: term(XSD.gYear)}
DIP_TERMS = {name: term(DIP[name]) for name in (
    "Document", "Extraction", "Sentence", "Mention", "Role", "contentHash", "datelinePlace", "credit",
    "extractorVersion", "model", "text", "inDocument", "charStart", "charEnd", "mentionOf", "rule", "confidence",
    "evidence", "metonymic", "standsFor", "affiliatedWith", "locatedIn", "holdsRole", "title", "roleOf", "former",
    "date", "startDate", "endDate", "timeText", "dateBasis", "agent", "target", "participant", "host", "mediator",
    "witness", "place", "onBehalfOf",
    "factuality", "count", "quote", "triggerText", "triggerStart", "triggerEnd", "EventMention", "mention",
    "mentionCount", "statedFactuality", "firstReported", "disputed", "mergeNote", "statedDate", "statedPlace",
    "statedCount", "statedClass", "reportData", "identityKey", "UnlinkedEntity", "roleStart", "roleEnd", "heldOn",
    "claimAbout", "claimedTitle", "claimedRoleOf", "tenure")}
KIND_CLASS = {kind: term(DIP[kind]) for kind in ENTITY_CLASSES}
FACTUALITY = {value: term(DIP[value]) for value in ("Asserted", "Negated", "Hypothetical")}
DATE_BASIS = {"context": term(DIP["ContextDate"]), "document": term(DIP["DocumentDate"]),
              "known": term(DIP["KnownEventDate"])}  # none: stated
TRUE = f'"true"^^{_BOOLEAN}'


def event_class(name: str) -> str:
    """Return an event class by local name (the ontology's classes, not a closed list)."""
    return term(NS + name)


def literal(text: str) -> str:
    """Return ``text`` as an N-Triples string literal (the escapes rdflib's writer uses).

    >>> print(literal('say "hi"\\n'))
    "say \\"hi\\"\\n"
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def integer(value: int) -> str:
    return f'"{value}"^^{_INTEGER}'


def decimal(value: float) -> str:
    return f'"{round(value, 3)}"^^{_DECIMAL}'


def date_literal(value: str) -> str:
    """Return an ISO date, month or year with its XSD type (``xsd:date``, ``gYearMonth``, ``gYear``)."""
    datatype = _DATE_TYPES.get(len(value))
    return f'"{value}"^^{datatype}' if datatype else literal(value)


class Lines(list):
    """N-Triples lines, each triple once, in the order first added."""

    def __init__(self):
        super().__init__()
        self._seen: set[str] = set()

    def add(self, subject: str, predicate: str, obj: str) -> None:
        line = f"{subject} {predicate} {obj} .\n"
        if line not in self._seen:
            self._seen.add(line)
            self.append(line)


def add_time(out: Lines, node: str, when: TimeValue) -> None:
    """Write a date (``dip:date``) or a span (``dip:startDate``/``dip:endDate``) and its words."""
    if when.value:
        out.add(node, DIP_TERMS["date"], date_literal(when.value))
    if when.start and when.end:
        out.add(node, DIP_TERMS["startDate"], date_literal(when.start))
        out.add(node, DIP_TERMS["endDate"], date_literal(when.end))
    if when.text:
        out.add(node, DIP_TERMS["timeText"], literal(when.text))
    if when.basis in DATE_BASIS:
        out.add(node, DIP_TERMS["dateBasis"], DATE_BASIS[when.basis])
