"""Mapping: a ``DocumentRecord`` becomes RDF under the ontology, as N-Triples text.

A document maps to three parts (``MappedDocument``): the triples of the document's own graph
(the document node, its sentences, the mentions of actors and of events, each with its
provenance: sentence, character offsets, trigger words, the rule that fired, a confidence, the
extractor's version; mentions are compact: what their sentence or a default gives is not
written, docs/events.md); the descriptions of the actors it names (kind, labels, Wikidata id,
roles, affiliation); and one report per event (``kg.rdf.reports``). The store keeps the first
as the document's named graph, merges the second into one description graph per actor
(``kg.store.descriptions``) and the reports into one graph per real event, however many
documents report it (``kg.store.events``).

Every IRI comes from stable content (``kg.iris``), so the same input always gives the same
triples. Terms are written straight to N-Triples (``kg.rdf.ntriples``). ``document_graph``
gives everything one document says as an rdflib graph, its events as the store would make them
if no other document reported them.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef

from kg import iris
from kg.records import CREDIT_RULE, Actor, DocumentRecord, EventMention, Mention, Role, RoleClaim, Span
from kg.rdf.ntriples import (ALT, DATE, DIP_TERMS as _DIP, FACTUALITY, GENERATED, IDENTIFIER, KIND_CLASS, LABEL,
                             Lines, MENTIONS, SAME, SOURCE, TITLE, TRUE, TYPE, date_literal, decimal, integer,
                             literal, term)
from kg.rdf.geo import add_point
from kg.rdf.reports import Report, event_graph, merge_reports, mention_iri, reports_of
from kg.vocab import DIP, WD, bind_prefixes

__all__ = ["MappedDocument", "actor_node", "document_graph", "document_node", "literal", "map_document"]

_CLAIM_CLASS = {kind: term(DIP[name]) for kind, name in (
    ("title", "TitleClaim"), ("relation", "RelationClaim"), ("administration", "AdministrationClaim"))}
_TENURE = {tenure: term(DIP[name]) for tenure, name in (
    ("current", "Incumbent"), ("former", "FormerHolder"), ("elect", "ElectHolder"), ("then", "HolderThen"))}


def document_node(doc_id: str) -> URIRef:
    """Return the IRI of a document node (also the name of its graph) as an rdflib term."""
    return URIRef(iris.document_iri(doc_id))


def actor_node(key: str) -> URIRef:
    """Return the IRI of an actor from its key, as an rdflib term."""
    return URIRef(iris.actor_iri(key))


class _Nodes(dict):
    """Actor IRIs of one document in N-Triples form, minted once each (minting hashes)."""

    def __missing__(self, key: str) -> str:
        node = self[key] = term(iris.actor_iri(key))
        return node


@dataclass(frozen=True)
class MappedDocument:
    """One document as N-Triples: its own graph, its descriptions of the actors it uses, its reports.

    ``graph`` is the document's IRI (the name of its graph); ``descriptions`` holds one
    description per actor (subject: the actor, or a role the actor holds); ``reports`` one
    report per event, from which the store makes the event graphs.
    """

    graph: str
    ntriples: str
    descriptions: str
    triples: int
    reports: tuple[Report, ...] = ()


def _describe(out: Lines, actor: Actor, nodes: _Nodes) -> None:
    node = nodes[actor.key]
    out.add(node, TYPE, KIND_CLASS[actor.kind])
    add_point(out, node, actor.key, actor.kind)  # a place's GeoSPARQL point, when the gazetteer has one
    out.add(node, LABEL, literal(actor.label))
    for alt in actor.alt_labels:
        out.add(node, ALT, literal(alt))
    if actor.qid:
        out.add(node, SAME, term(WD[actor.qid]))
    else:  # said in the graph, so that a query can tell "not identified" from "not asked"
        out.add(node, TYPE, _DIP["UnlinkedEntity"])
    if actor.affiliation_key:
        out.add(node, _DIP["affiliatedWith"], nodes[actor.affiliation_key])
    if actor.country_key:
        out.add(node, _DIP["locatedIn"], nodes[actor.country_key])
    for role in actor.roles:
        _describe_role(out, node, actor.key, role, nodes)


def _describe_role(out: Lines, node: str, actor_key: str, role: Role, nodes: _Nodes) -> None:
    """One term of a reference role: title, whose, dates at their precision, and the source of the dates."""
    tenure = f"|{role.start}" if role.start else ""  # a second term of the same office is another node
    role_node = term(iris.mint("role", f"{actor_key}|{role.title}|{role.of_key or ''}{tenure}"))
    out.add(node, _DIP["holdsRole"], role_node)
    out.add(role_node, TYPE, _DIP["Role"])
    out.add(role_node, _DIP["title"], literal(role.title))
    out.add(role_node, LABEL, literal(role.title))
    if role.of_key:
        out.add(role_node, _DIP["roleOf"], nodes[role.of_key])
    if role.former and not role.end:
        out.add(role_node, _DIP["former"], TRUE)
    for prop, value in (("roleStart", role.start), ("roleEnd", role.end), ("heldOn", role.held_on)):
        if value:
            out.add(role_node, _DIP[prop], date_literal(value))
    for source in role.sources:
        out.add(role_node, SOURCE, literal(source))


def _add_claim(out: Lines, record: DocumentRecord, claim: RoleClaim, doc: str, sentences: list[str],
               nodes: _Nodes) -> None:
    """What the document says a person is: in the document's graph, with its words and offsets."""
    node = term(iris.local_iri("claim", record.doc_id, claim.span.start, claim.span.end, claim.kind))
    out.add(node, TYPE, _CLAIM_CLASS[claim.kind])
    out.add(node, _DIP["claimAbout"], nodes[claim.actor_key])
    out.add(node, _DIP["claimedTitle"], literal(claim.title))
    if claim.of_key:
        out.add(node, _DIP["claimedRoleOf"], nodes[claim.of_key])
    out.add(node, _DIP["tenure"], _TENURE[claim.tenure])
    _add_where_read(out, node, doc, claim.span, claim.rule, claim.sentence, sentences)


def _add_where_read(out: Lines, node: str, doc: str, span: Span, rule: str, sentence: int, sentences: list[str]) -> None:
    """Write where a claim or mention was read: its document, words, offsets, rule and sentence."""
    out.add(node, _DIP["inDocument"], doc)
    out.add(node, _DIP["text"], literal(span.text))
    out.add(node, _DIP["charStart"], integer(span.start))
    out.add(node, _DIP["charEnd"], integer(span.end))
    out.add(node, _DIP["rule"], literal(rule))
    if 0 <= sentence < len(sentences):
        out.add(node, _DIP["evidence"], sentences[sentence])


def _add_actor_mention(out: Lines, record: DocumentRecord, mention: Mention, doc: str, sentences: list[str],
                       nodes: _Nodes) -> None:
    """Write one mention of an actor, compactly: what it names, its sentence, offsets, rule and confidence.

    Its class (``dip:Mention``) follows from ``dip:mentionOf`` (the property's domain); its
    document and words follow from its sentence (``dip:inDocument``, and the sentence's text
    between the offsets), so they are written only for a mention no sentence holds; a
    confidence is written when it is below 1 (none: certain, as no factuality means asserted).
    """
    node = term(iris.local_iri("mention", record.doc_id, mention.span.start, mention.span.end, mention.rule))
    out.add(node, _DIP["mentionOf"], nodes[mention.actor_key])
    sentence = mention.sentence if 0 <= mention.sentence < len(sentences) else -1
    held = sentence >= 0 and record.sentences[sentence].start <= mention.span.start \
        and mention.span.end <= record.sentences[sentence].end
    if held:
        out.add(node, _DIP["evidence"], sentences[sentence])
        out.add(node, _DIP["charStart"], integer(mention.span.start))
        out.add(node, _DIP["charEnd"], integer(mention.span.end))
        out.add(node, _DIP["rule"], literal(mention.rule))
    else:
        _add_where_read(out, node, doc, mention.span, mention.rule, sentence, sentences)
    if mention.confidence < 1:
        out.add(node, _DIP["confidence"], decimal(mention.confidence))
    if mention.metonymic:
        out.add(node, _DIP["metonymic"], TRUE)
        if mention.stands_for_key:
            out.add(node, _DIP["standsFor"], nodes[mention.stands_for_key])


def _add_event_mention(out: Lines, record: DocumentRecord, mention: EventMention, sentences: list[str]) -> None:
    """Write one event mention: its trigger, sentence, rule, confidence and stated factuality.

    Its class (``dip:EventMention``) follows from ``dip:mention`` (the property's range), and a
    factuality is written when the source does not assert the event (none: asserted)."""
    node = term(mention_iri(record.doc_id, mention.trigger.start, mention.trigger.end))
    if 0 <= mention.sentence < len(sentences):
        out.add(node, _DIP["evidence"], sentences[mention.sentence])
    out.add(node, _DIP["triggerText"], literal(mention.trigger.text))
    out.add(node, _DIP["triggerStart"], integer(mention.trigger.start))
    out.add(node, _DIP["triggerEnd"], integer(mention.trigger.end))
    out.add(node, _DIP["rule"], literal(mention.rule))
    out.add(node, _DIP["confidence"], decimal(mention.confidence))
    if mention.factuality != "Asserted":  # none: asserted, as on events (the graph contract)
        out.add(node, _DIP["statedFactuality"], FACTUALITY[mention.factuality])


def map_document(record: DocumentRecord) -> MappedDocument:
    """Map one document: its node, sentences, mentions and events, and its actor descriptions.

    Args:
        record: what extraction read from the document.
    Returns:
        A ``MappedDocument`` (N-Triples text of the document graph and of the descriptions).
    """
    out, described = Lines(), Lines()
    nodes = _Nodes()
    doc_iri = iris.document_iri(record.doc_id)
    doc = term(doc_iri)
    out.add(doc, TYPE, _DIP["Document"])
    out.add(doc, IDENTIFIER, literal(record.doc_id))
    out.add(doc, _DIP["contentHash"], literal(record.content_hash))
    if record.title:
        out.add(doc, TITLE, literal(record.title))
    if record.date:
        out.add(doc, DATE, date_literal(record.date))
    for src in record.sources or ((record.source,) if record.source else ()):
        out.add(doc, SOURCE, literal(src))
    if record.dateline_place_key:
        out.add(doc, _DIP["datelinePlace"], nodes[record.dateline_place_key])
    if record.dateline is not None and record.dateline.credit is not None:
        out.add(doc, _DIP["credit"], literal(record.dateline.credit.text))
    activity = term(iris.local_iri("extraction", record.doc_id, record.extractor_version))
    out.add(activity, TYPE, _DIP["Extraction"])
    out.add(activity, _DIP["extractorVersion"], literal(record.extractor_version))
    if record.model_name:
        out.add(activity, _DIP["model"], literal(record.model_name))
    out.add(doc, GENERATED, activity)

    sentences = []
    for sent in record.sentences:
        node = term(iris.local_iri("sentence", record.doc_id, sent.index))
        sentences.append(node)
        out.add(node, TYPE, _DIP["Sentence"])
        out.add(node, _DIP["text"], literal(sent.text))
        out.add(node, _DIP["inDocument"], doc)
        out.add(node, _DIP["charStart"], integer(sent.start))
        out.add(node, _DIP["charEnd"], integer(sent.end))

    # an actor only implied (a capital's government) is described, not "mentioned"; nor is the
    # agency of a credit line, a source of the document (dip:credit) and not an entity of its story
    named = {m.actor_key for m in record.mentions if m.rule != CREDIT_RULE}
    for actor in record.actors:
        if actor.key in named:
            out.add(doc, MENTIONS, nodes[actor.key])
        _describe(described, actor, nodes)
    for mention in record.mentions:
        _add_actor_mention(out, record, mention, doc, sentences, nodes)
    for claim in record.claims:
        _add_claim(out, record, claim, doc, sentences, nodes)
    for mention in sorted({m for event in record.events for m in event.all_mentions()},
                          key=lambda m: (m.trigger.start, m.trigger.end, m.rule)):
        _add_event_mention(out, record, mention, sentences)
    reports = tuple(reports_of(record))
    return MappedDocument(doc_iri, "".join(out), "".join(described), len(out) + len(described), reports)


def document_graph(record: DocumentRecord) -> Graph:
    """Return everything one document says as one rdflib graph: its own triples, its descriptions
    and its events (each as the store makes it when no other document reports it)."""
    mapped = map_document(record)
    events = "".join(event_graph(merge_reports([r]), [r]) for r in mapped.reports)
    g = bind_prefixes(Graph())
    g.parse(data=mapped.ntriples + mapped.descriptions + events, format="nt")
    return g
