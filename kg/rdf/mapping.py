"""Mapping: a ``DocumentRecord`` becomes RDF under the ontology, as N-Triples text.

A document maps to two parts (``MappedDocument``): the triples of the document's own graph
(the document node, its sentences, mentions and events, each with its provenance: document,
sentence, character offsets, trigger words, the rule that fired, a confidence, the extractor's
version) and the descriptions of the actors it names (kind, labels, Wikidata id, roles,
affiliation). The store keeps the first as the document's named graph and merges the second
into one description graph per actor (``kg.store.descriptions``), so a shared actor is described once.

Every IRI comes from stable content (``kg.iris``), so the same input always gives the same
triples. Terms are written straight to N-Triples: building rdflib terms for every triple of a
build cost more than the extraction itself. ``document_graph`` gives the same triples as an
rdflib graph for callers that want one.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import iris
from kg.records import Actor, DocumentRecord, Event, EventMention, Mention, Role, RoleClaim, TimeValue
from kg.vocab import DIP, ENTITY_CLASSES, NS, SCHEMA, WD, bind_prefixes


def _term(iri: str) -> str:
    return f"<{iri}>"


# N-Triples forms of the ontology terms, written once (the DIP namespace checks every name).
_TYPE, _LABEL, _ALT, _SAME = _term(RDF.type), _term(RDFS.label), _term(SKOS.altLabel), _term(OWL.sameAs)
_DERIVED, _GENERATED, _MENTIONS = _term(PROV.wasDerivedFrom), _term(PROV.wasGeneratedBy), _term(SCHEMA.mentions)
_IDENTIFIER, _TITLE, _DATE, _SOURCE = (_term(DCTERMS.identifier), _term(DCTERMS.title), _term(DCTERMS.date),
                                       _term(DCTERMS.source))
_INTEGER, _DECIMAL, _BOOLEAN = _term(XSD.integer), _term(XSD.decimal), _term(XSD.boolean)
_DATE_TYPES = {10: _term(XSD.date), 7: _term(XSD.gYearMonth), 4: _term(XSD.gYear)}
_DIP = {name: _term(DIP[name]) for name in (
    "Document", "Extraction", "Sentence", "Mention", "Role", "contentHash", "datelinePlace", "credit", "extractorVersion",
    "model", "text", "inDocument", "charStart", "charEnd", "mentionOf", "rule", "confidence", "evidence",
    "metonymic", "standsFor", "affiliatedWith", "locatedIn", "holdsRole", "title", "roleOf", "former", "date",
    "startDate", "endDate", "timeText", "dateBasis", "agent", "target", "participant", "host", "mediator", "witness", "place",
    "onBehalfOf", "factuality", "count", "quote", "triggerText", "triggerStart", "triggerEnd", "EventMention",
    "mention", "mentionCount", "statedFactuality", "UnlinkedEntity", "roleStart", "roleEnd", "heldOn", "claimAbout",
    "claimedTitle", "claimedRoleOf", "tenure")}
_CLAIM_CLASS = {kind: _term(DIP[name]) for kind, name in (
    ("title", "TitleClaim"), ("relation", "RelationClaim"), ("administration", "AdministrationClaim"))}
_TENURE = {tenure: _term(DIP[name]) for tenure, name in (
    ("current", "Incumbent"), ("former", "FormerHolder"), ("elect", "ElectHolder"), ("then", "HolderThen"))}
_KIND_CLASS = {kind: _term(DIP[kind]) for kind in ENTITY_CLASSES}
_FACTUALITY = {value: _term(DIP[value]) for value in ("Asserted", "Negated", "Hypothetical")}
_DATE_BASIS = {"context": _term(DIP["ContextDate"]), "document": _term(DIP["DocumentDate"])}  # none: stated
_ARGUMENTS = (("agent", "agents"), ("target", "targets"), ("participant", "participants"), ("place", "places"),
              ("onBehalfOf", "on_behalf_of"), ("host", "hosts"), ("mediator", "mediators"), ("witness", "witnesses"))
_TRUE = f'"true"^^{_BOOLEAN}'


def literal(text: str) -> str:
    """Return ``text`` as an N-Triples string literal (the escapes rdflib's writer uses).

    >>> print(literal('say "hi"\\n'))
    "say \\"hi\\"\\n"
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _integer(value: int) -> str:
    return f'"{value}"^^{_INTEGER}'


def _decimal(value: float) -> str:
    return f'"{round(value, 3)}"^^{_DECIMAL}'


def _date(value: str) -> str:
    datatype = _DATE_TYPES.get(len(value))
    return f'"{value}"^^{datatype}' if datatype else literal(value)


def document_node(doc_id: str) -> URIRef:
    """Return the IRI of a document node (also the name of its graph) as an rdflib term."""
    return URIRef(iris.document_iri(doc_id))


def actor_node(key: str) -> URIRef:
    """Return the IRI of an actor from its key, as an rdflib term."""
    return URIRef(iris.actor_iri(key))


class _Nodes(dict):
    """Actor IRIs of one document in N-Triples form, minted once each (minting hashes)."""

    def __missing__(self, key: str) -> str:
        node = self[key] = _term(iris.actor_iri(key))
        return node


class _Lines(list):
    """N-Triples lines, each triple once, in the order first added."""

    def __init__(self):
        super().__init__()
        self._seen: set[str] = set()

    def add(self, subject: str, predicate: str, obj: str) -> None:
        line = f"{subject} {predicate} {obj} .\n"
        if line not in self._seen:
            self._seen.add(line)
            self.append(line)


@dataclass(frozen=True)
class MappedDocument:
    """One document as N-Triples: its own graph, and its descriptions of the actors it uses.

    ``graph`` is the document's IRI (the name of its graph); ``descriptions`` holds one
    description per actor (subject: the actor, or a role the actor holds).
    """

    graph: str
    ntriples: str
    descriptions: str
    triples: int


def _describe(out: _Lines, actor: Actor, nodes: _Nodes) -> None:
    node = nodes[actor.key]
    out.add(node, _TYPE, _KIND_CLASS[actor.kind])
    out.add(node, _LABEL, literal(actor.label))
    for alt in actor.alt_labels:
        out.add(node, _ALT, literal(alt))
    if actor.qid:
        out.add(node, _SAME, _term(WD[actor.qid]))
    else:  # said in the graph, so that a query can tell "not identified" from "not asked"
        out.add(node, _TYPE, _DIP["UnlinkedEntity"])
    if actor.affiliation_key:
        out.add(node, _DIP["affiliatedWith"], nodes[actor.affiliation_key])
    if actor.country_key:
        out.add(node, _DIP["locatedIn"], nodes[actor.country_key])
    for role in actor.roles:
        _describe_role(out, node, actor.key, role, nodes)


def _describe_role(out: _Lines, node: str, actor_key: str, role: Role, nodes: _Nodes) -> None:
    """One term of a reference role: title, whose, dates at their precision, and the source of the dates."""
    term = f"|{role.start}" if role.start else ""  # a second term of the same office is another node
    role_node = _term(iris.mint("role", f"{actor_key}|{role.title}|{role.of_key or ''}{term}"))
    out.add(node, _DIP["holdsRole"], role_node)
    out.add(role_node, _TYPE, _DIP["Role"])
    out.add(role_node, _DIP["title"], literal(role.title))
    out.add(role_node, _LABEL, literal(role.title))
    if role.of_key:
        out.add(role_node, _DIP["roleOf"], nodes[role.of_key])
    if role.former and not role.end:
        out.add(role_node, _DIP["former"], _TRUE)
    for prop, value in (("roleStart", role.start), ("roleEnd", role.end), ("heldOn", role.held_on)):
        if value:
            out.add(role_node, _DIP[prop], _date(value))
    for source in role.sources:
        out.add(role_node, _SOURCE, literal(source))


def _add_claim(out: _Lines, record: DocumentRecord, claim: RoleClaim, doc: str, sentences: list[str],
               nodes: _Nodes) -> None:
    """What the document says a person is: in the document's graph, with its words and offsets."""
    node = _term(iris.local_iri("claim", record.doc_id, claim.span.start, claim.span.end, claim.kind))
    out.add(node, _TYPE, _CLAIM_CLASS[claim.kind])
    out.add(node, _DIP["claimAbout"], nodes[claim.actor_key])
    out.add(node, _DIP["claimedTitle"], literal(claim.title))
    if claim.of_key:
        out.add(node, _DIP["claimedRoleOf"], nodes[claim.of_key])
    out.add(node, _DIP["tenure"], _TENURE[claim.tenure])
    out.add(node, _DIP["inDocument"], doc)
    out.add(node, _DIP["text"], literal(claim.span.text))
    out.add(node, _DIP["charStart"], _integer(claim.span.start))
    out.add(node, _DIP["charEnd"], _integer(claim.span.end))
    out.add(node, _DIP["rule"], literal(claim.rule))
    if 0 <= claim.sentence < len(sentences):
        out.add(node, _DIP["evidence"], sentences[claim.sentence])


def _add_time(out: _Lines, node: str, when: TimeValue) -> None:
    if when.value:
        out.add(node, _DIP["date"], _date(when.value))
    if when.start and when.end:
        out.add(node, _DIP["startDate"], _date(when.start))
        out.add(node, _DIP["endDate"], _date(when.end))
    if when.text:
        out.add(node, _DIP["timeText"], literal(when.text))
    if when.basis in _DATE_BASIS:
        out.add(node, _DIP["dateBasis"], _DATE_BASIS[when.basis])


def _event_label(event: Event, names: dict[str, str]) -> str:
    sides = [names.get(k, k) for k in (*event.agents, *event.participants, *event.targets)]
    return f"{event.event_type}: {', '.join(sides)}" if sides else event.event_type


def _add_event(out: _Lines, record: DocumentRecord, event: Event, doc: str, sentences: list[str],
               names: dict[str, str], nodes: _Nodes) -> None:
    node = _term(iris.local_iri("event", record.doc_id, event.event_id))
    # event classes come from the ontology (through the lexicon), not from DIP's closed list
    out.add(node, _TYPE, _term(NS + event.event_type))
    out.add(node, _LABEL, literal(_event_label(event, names)))
    out.add(node, _DERIVED, doc)
    for prop, field in _ARGUMENTS:
        for key in getattr(event, field):
            out.add(node, _DIP[prop], nodes[key])
    if event.time:
        _add_time(out, node, event.time)
    out.add(node, _DIP["factuality"], _FACTUALITY[event.factuality])
    if event.count is not None:
        out.add(node, _DIP["count"], _integer(event.count))
    if event.quote:
        out.add(node, _DIP["quote"], literal(event.quote))
    mentions = event.all_mentions()
    for mention in mentions:
        out.add(node, _DIP["mention"], _add_mention(out, record, mention, sentences))
    out.add(node, _DIP["mentionCount"], _integer(len(mentions)))


def event_mention_iri(doc_id: str, mention: EventMention) -> str:
    """Return the IRI of an event mention: its document and the offsets of its trigger."""
    return iris.local_iri("eventmention", doc_id, mention.trigger.start, mention.trigger.end)


def _add_mention(out: _Lines, record: DocumentRecord, mention: EventMention, sentences: list[str]) -> str:
    """Write one event mention (its trigger, sentence, rule, confidence, factuality); return its node."""
    node = _term(event_mention_iri(record.doc_id, mention))
    out.add(node, _TYPE, _DIP["EventMention"])
    if 0 <= mention.sentence < len(sentences):
        out.add(node, _DIP["evidence"], sentences[mention.sentence])
    out.add(node, _DIP["triggerText"], literal(mention.trigger.text))
    out.add(node, _DIP["triggerStart"], _integer(mention.trigger.start))
    out.add(node, _DIP["triggerEnd"], _integer(mention.trigger.end))
    out.add(node, _DIP["rule"], literal(mention.rule))
    out.add(node, _DIP["confidence"], _decimal(mention.confidence))
    out.add(node, _DIP["statedFactuality"], _FACTUALITY[mention.factuality])
    return node


def map_document(record: DocumentRecord) -> MappedDocument:
    """Map one document: its node, sentences, mentions and events, and its actor descriptions.

    Args:
        record: what extraction read from the document.
    Returns:
        A ``MappedDocument`` (N-Triples text of the document graph and of the descriptions).
    """
    out, described = _Lines(), _Lines()
    nodes = _Nodes()
    doc_iri = iris.document_iri(record.doc_id)
    doc = _term(doc_iri)
    out.add(doc, _TYPE, _DIP["Document"])
    out.add(doc, _IDENTIFIER, literal(record.doc_id))
    out.add(doc, _DIP["contentHash"], literal(record.content_hash))
    if record.title:
        out.add(doc, _TITLE, literal(record.title))
    if record.date:
        out.add(doc, _DATE, _date(record.date))
    for src in record.sources or ((record.source,) if record.source else ()):
        out.add(doc, _SOURCE, literal(src))
    if record.dateline_place_key:
        out.add(doc, _DIP["datelinePlace"], nodes[record.dateline_place_key])
    if record.dateline is not None and record.dateline.credit is not None:
        out.add(doc, _DIP["credit"], literal(record.dateline.credit.text))
    activity = _term(iris.local_iri("extraction", record.doc_id, record.extractor_version))
    out.add(activity, _TYPE, _DIP["Extraction"])
    out.add(activity, _DIP["extractorVersion"], literal(record.extractor_version))
    if record.model_name:
        out.add(activity, _DIP["model"], literal(record.model_name))
    out.add(doc, _GENERATED, activity)

    sentences = []
    for sent in record.sentences:
        node = _term(iris.local_iri("sentence", record.doc_id, sent.index))
        sentences.append(node)
        out.add(node, _TYPE, _DIP["Sentence"])
        out.add(node, _DIP["text"], literal(sent.text))
        out.add(node, _DIP["inDocument"], doc)
        out.add(node, _DIP["charStart"], _integer(sent.start))
        out.add(node, _DIP["charEnd"], _integer(sent.end))

    named = {m.actor_key for m in record.mentions}
    for actor in record.actors:
        if actor.key in named:  # an actor only implied (a capital's government) is described, not "mentioned"
            out.add(doc, _MENTIONS, nodes[actor.key])
        _describe(described, actor, nodes)
    for mention in record.mentions:
        _add_actor_mention(out, record, mention, doc, sentences, nodes)
    for claim in record.claims:
        _add_claim(out, record, claim, doc, sentences, nodes)
    names = {a.key: a.label for a in record.actors}
    for event in record.events:
        _add_event(out, record, event, doc, sentences, names, nodes)
    return MappedDocument(doc_iri, "".join(out), "".join(described), len(out) + len(described))


def _add_actor_mention(out: _Lines, record: DocumentRecord, mention: Mention, doc: str, sentences: list[str],
                       nodes: _Nodes) -> None:
    node = _term(iris.local_iri("mention", record.doc_id, mention.span.start, mention.span.end, mention.rule))
    out.add(node, _TYPE, _DIP["Mention"])
    out.add(node, _DIP["mentionOf"], nodes[mention.actor_key])
    out.add(node, _DIP["inDocument"], doc)
    out.add(node, _DIP["text"], literal(mention.span.text))
    out.add(node, _DIP["charStart"], _integer(mention.span.start))
    out.add(node, _DIP["charEnd"], _integer(mention.span.end))
    out.add(node, _DIP["rule"], literal(mention.rule))
    out.add(node, _DIP["confidence"], _decimal(mention.confidence))
    if 0 <= mention.sentence < len(sentences):
        out.add(node, _DIP["evidence"], sentences[mention.sentence])
    if mention.metonymic:
        out.add(node, _DIP["metonymic"], _TRUE)
        if mention.stands_for_key:
            out.add(node, _DIP["standsFor"], nodes[mention.stands_for_key])


def document_graph(record: DocumentRecord) -> Graph:
    """Return everything one document says as one rdflib graph: its own triples and its descriptions."""
    mapped = map_document(record)
    g = bind_prefixes(Graph())
    g.parse(data=mapped.ntriples + mapped.descriptions, format="nt")
    return g
