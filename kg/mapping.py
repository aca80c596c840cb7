"""Mapping: a ``DocumentRecord`` becomes the RDF graph of one document, under the ontology.

Every IRI comes from stable content (``kg.iris``), so the same input always gives the same
graph. Each event and mention carries its provenance: document, sentence, character offsets,
trigger words, the rule that fired, a confidence, and the extractor's version.
"""
from __future__ import annotations

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _nt_row  # rdflib's own N-Triples term encoding
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg import iris
from kg.records import Actor, DocumentRecord, Event, TimeValue
from kg.vocab import DIP, SCHEMA, WD

_KIND_CLASS = {"Person": DIP.Person, "Organization": DIP.Organization, "Country": DIP.Country,
               "Group": DIP.Group, "City": DIP.City, "Place": DIP.Place}
_FACTUALITY = {"Asserted": DIP.Asserted, "Negated": DIP.Negated, "Hypothetical": DIP.Hypothetical}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on a graph (for readable Turtle)."""
    graph.bind("dip", DIP._NS)
    graph.bind("schema", SCHEMA)
    graph.bind("wd", WD)
    graph.bind("prov", PROV)
    graph.bind("dcterms", DCTERMS)
    graph.bind("skos", SKOS)
    graph.bind("owl", OWL)
    return graph


def _date_literal(value: str) -> Literal:
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value), XSD.string)
    return Literal(value, datatype=datatype)


def document_node(doc_id: str) -> URIRef:
    """Return the IRI of a document node (also the name of its graph)."""
    return URIRef(iris.document_iri(doc_id))


def actor_node(key: str) -> URIRef:
    """Return the IRI of an actor from its key."""
    return URIRef(iris.actor_iri(key))


class _ActorNodes(dict):
    """Actor IRIs of one document, minted once each (minting normalises and hashes)."""

    def __missing__(self, key: str) -> URIRef:
        node = self[key] = actor_node(key)
        return node


def _add_actor(g: Graph, actor: Actor, doc: URIRef, mentioned: bool, nodes: "_ActorNodes") -> None:
    node = nodes[actor.key]
    if mentioned:  # an actor only implied (a capital's government) is described, not "mentioned"
        g.add((doc, SCHEMA.mentions, node))
    g.add((node, RDF.type, _KIND_CLASS[actor.kind]))
    g.add((node, RDFS.label, Literal(actor.label)))
    for alt in actor.alt_labels:
        g.add((node, SKOS.altLabel, Literal(alt)))
    if actor.qid:
        g.add((node, OWL.sameAs, WD[actor.qid]))
    if actor.affiliation_key:
        g.add((node, DIP.affiliatedWith, nodes[actor.affiliation_key]))
    if actor.country_key:
        g.add((node, DIP.locatedIn, nodes[actor.country_key]))
    for role in actor.roles:
        role_node = URIRef(iris.mint("role", f"{actor.key}|{role.title}|{role.of_key or ''}"))
        g.add((node, DIP.holdsRole, role_node))
        g.add((role_node, RDF.type, DIP.Role))
        g.add((role_node, DIP.title, Literal(role.title)))
        g.add((role_node, RDFS.label, Literal(role.title)))
        if role.of_key:
            g.add((role_node, DIP.roleOf, nodes[role.of_key]))
        if role.former:
            g.add((role_node, DIP.former, Literal(True)))


def _add_time(g: Graph, node: URIRef, when: TimeValue) -> None:
    if when.value:
        g.add((node, DIP.date, _date_literal(when.value)))
    if when.start and when.end:
        g.add((node, DIP.startDate, _date_literal(when.start)))
        g.add((node, DIP.endDate, _date_literal(when.end)))
    if when.text:
        g.add((node, DIP.timeText, Literal(when.text)))


def _event_label(event: Event, names: dict[str, str]) -> str:
    sides = [names.get(k, k) for k in (*event.agents, *event.participants, *event.targets)]
    return f"{event.event_type}: {', '.join(sides)}" if sides else event.event_type


def _add_event(g: Graph, record: DocumentRecord, event: Event, doc: URIRef, sentences: list[URIRef],
               names: dict[str, str], nodes: "_ActorNodes") -> None:
    node = URIRef(iris.local_iri("event", record.doc_id, event.event_id))
    g.add((node, RDF.type, getattr(DIP, event.event_type)))
    g.add((node, RDFS.label, Literal(_event_label(event, names))))
    g.add((node, PROV.wasDerivedFrom, doc))
    for prop, keys in ((DIP.agent, event.agents), (DIP.target, event.targets),
                       (DIP.participant, event.participants), (DIP.place, event.places),
                       (DIP.onBehalfOf, event.on_behalf_of)):
        for key in keys:
            g.add((node, prop, nodes[key]))
    if event.time:
        _add_time(g, node, event.time)
    g.add((node, DIP.factuality, _FACTUALITY[event.factuality]))
    if event.count is not None:
        g.add((node, DIP.count, Literal(event.count, datatype=XSD.integer)))
    if event.quote:
        g.add((node, DIP.quote, Literal(event.quote)))
    if 0 <= event.sentence < len(sentences):
        g.add((node, DIP.evidence, sentences[event.sentence]))
    g.add((node, DIP.triggerText, Literal(event.trigger.text)))
    g.add((node, DIP.triggerStart, Literal(event.trigger.start, datatype=XSD.integer)))
    g.add((node, DIP.triggerEnd, Literal(event.trigger.end, datatype=XSD.integer)))
    g.add((node, DIP.rule, Literal(event.rule)))
    g.add((node, DIP.confidence, Literal(round(event.confidence, 3), datatype=XSD.decimal)))


class _TripleList(list):
    """Collects triples with the ``add`` of an rdflib graph, without a graph's indexes."""

    def add(self, triple) -> None:
        self.append(triple)


def document_graph(record: DocumentRecord) -> Graph:
    """Return the RDF graph of one document (see ``document_triples``)."""
    g = bind_prefixes(Graph())
    for triple in document_triples(record):
        g.add(triple)
    return g


def document_ntriples(record: DocumentRecord) -> tuple[str, int]:
    """Return one document's triples as N-Triples text, and how many there are.

    The fast path of a build: no rdflib graph is built (its indexes cost more than reading).
    """
    triples = dict.fromkeys(document_triples(record))  # duplicates out, order kept
    return "".join(_nt_row(t) for t in triples), len(triples)


def document_triples(record: DocumentRecord) -> list:
    """Return the triples of one document: its node, sentences, actors, mentions and events.

    Args:
        record: what extraction read from the document.
    Returns:
        A list of rdflib triples, all belonging to this document's named graph.
    """
    g = _TripleList()
    nodes = _ActorNodes()
    doc = document_node(record.doc_id)
    g.add((doc, RDF.type, DIP.Document))
    g.add((doc, DCTERMS.identifier, Literal(record.doc_id)))
    g.add((doc, DIP.contentHash, Literal(record.content_hash)))
    if record.title:
        g.add((doc, DCTERMS.title, Literal(record.title)))
    if record.date:
        g.add((doc, DCTERMS.date, _date_literal(record.date)))
    for src in record.sources or ((record.source,) if record.source else ()):
        g.add((doc, DCTERMS.source, Literal(src)))
    if record.dateline_place_key:
        g.add((doc, DIP.datelinePlace, nodes[record.dateline_place_key]))
    activity = URIRef(iris.local_iri("extraction", record.doc_id, record.extractor_version))
    g.add((activity, RDF.type, DIP.Extraction))
    g.add((activity, DIP.extractorVersion, Literal(record.extractor_version)))
    if record.model_name:
        g.add((activity, DIP.model, Literal(record.model_name)))
    g.add((doc, PROV.wasGeneratedBy, activity))

    sentences = []
    for sent in record.sentences:
        node = URIRef(iris.local_iri("sentence", record.doc_id, sent.index))
        sentences.append(node)
        g.add((node, RDF.type, DIP.Sentence))
        g.add((node, DIP.text, Literal(sent.text)))
        g.add((node, DIP.inDocument, doc))
        g.add((node, DIP.charStart, Literal(sent.start, datatype=XSD.integer)))
        g.add((node, DIP.charEnd, Literal(sent.end, datatype=XSD.integer)))

    named = {m.actor_key for m in record.mentions}
    for actor in record.actors:
        _add_actor(g, actor, doc, actor.key in named, nodes)
    for mention in record.mentions:
        node = URIRef(iris.local_iri("mention", record.doc_id, mention.span.start, mention.span.end,
                                     mention.rule))
        g.add((node, RDF.type, DIP.Mention))
        g.add((node, DIP.mentionOf, nodes[mention.actor_key]))
        g.add((node, DIP.inDocument, doc))
        g.add((node, DIP.text, Literal(mention.span.text)))
        g.add((node, DIP.charStart, Literal(mention.span.start, datatype=XSD.integer)))
        g.add((node, DIP.charEnd, Literal(mention.span.end, datatype=XSD.integer)))
        g.add((node, DIP.rule, Literal(mention.rule)))
        g.add((node, DIP.confidence, Literal(round(mention.confidence, 3), datatype=XSD.decimal)))
        if 0 <= mention.sentence < len(sentences):
            g.add((node, DIP.evidence, sentences[mention.sentence]))
        if mention.metonymic:
            g.add((node, DIP.metonymic, Literal(True)))
            if mention.stands_for_key:
                g.add((node, DIP.standsFor, nodes[mention.stands_for_key]))
    names = {a.key: a.label for a in record.actors}
    for event in record.events:
        _add_event(g, record, event, doc, sentences, names, nodes)
    return g
