"""Records to RDF: the contract's shape, deterministic IRIs, N-Triples that parse back."""
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS

from kg.rdf.mapping import actor_node, document_graph, document_node, map_document
from kg.records import Actor, DocumentRecord, Event, Mention, Role, Sentence, Span, TimeValue
from kg.vocab import DIP, NS, SCHEMA

HOSTILE = 'Kim "the <b>Great</b>"\n\u202e\u200b😀 </script>'


def record() -> DocumentRecord:
    text = f"Seoul, May 2 2025 — {HOSTILE} met Moon Jae-in in Seoul."
    start = text.index(HOSTILE)
    return DocumentRecord(
        doc_id="t1", text=text, content_hash="abc", date="2025-05-02",
        sentences=(Sentence(0, 0, len(text), text),),
        actors=(Actor("person:x", "Person", HOSTILE, roles=(Role("President", "south_korea", True),)),
                Actor("moon_jae_in", "Person", "Moon Jae-in", qid="Q21001"),
                Actor("seoul", "City", "Seoul", country_key="south_korea"),
                Actor("south_korea", "Country", "South Korea", qid="Q884")),
        mentions=(Mention("person:x", Span(start, start + len(HOSTILE), HOSTILE), 0, "actor.ner.person"),
                  Mention("moon_jae_in", Span(0, 1, "M"), 0, "actor.gazetteer"),
                  Mention("seoul", Span(0, 5, "Seoul"), 0, "actor.dateline", metonymic=True,
                          stands_for_key="south_korea")),
        events=(Event("1-2", "Summit", Span(1, 2, "met"), 0, "event.verb",
                      participants=("person:x", "moon_jae_in"), places=("seoul",),
                      time=TimeValue("2025-05-02", "day", text="on Friday"), count=2),),
        extractor_version="test")


def test_shape_follows_the_contract():
    g = document_graph(record())
    doc = document_node("t1")
    assert (doc, DCTERMS.identifier, Literal("t1")) in g
    assert (doc, SCHEMA.mentions, actor_node("moon_jae_in")) in g
    assert (doc, SCHEMA.mentions, actor_node("south_korea")) not in g  # implied, never named
    assert (actor_node("moon_jae_in"), OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q21001")) in g
    event = next(g.subjects(RDF.type, URIRef(NS + "Summit")))
    assert (event, PROV.wasDerivedFrom, doc) in g
    assert (event, DIP.factuality, DIP.Asserted) in g
    assert str(g.value(event, DIP.date)) == "2025-05-02" and int(g.value(event, DIP.count)) == 2
    assert g.value(actor_node("person:x"), RDFS.label) == Literal(HOSTILE)  # labels keep the text


def test_actor_descriptions_are_kept_apart_from_the_document_graph():
    mapped = map_document(record())
    own = Graph().parse(data=mapped.ntriples, format="nt")
    described = Graph().parse(data=mapped.descriptions, format="nt")
    moon = actor_node("moon_jae_in")
    assert (document_node("t1"), SCHEMA.mentions, moon) in own  # the document names the actor...
    assert not list(own.triples((moon, None, None)))  # ...and says nothing else of it in its own graph
    assert (moon, RDFS.label, Literal("Moon Jae-in")) in described
    places = set(described.objects(None, URIRef("http://www.opengis.net/ont/geosparql#hasGeometry")))
    assert {s for s in described.subjects() if (s, RDF.type, DIP.Role) not in described} - places == {
        actor_node(k) for k in ("person:x", "moon_jae_in", "seoul", "south_korea")}  # and their points (kg.rdf.geo)
    assert len(own) + len(described) == mapped.triples


def test_hostile_text_round_trips_through_ntriples():
    """Quotes, backslashes, newlines, bidi controls and astral characters survive the escaping."""
    nasty = 'a\\"b"\r\n\t\x00\u2028 \\u0041 😀'
    rec = record()
    rec = rec.__class__(**{**rec.__dict__, "title": nasty})
    for graph in (Graph().parse(data=map_document(rec).ntriples, format="nt"), document_graph(rec)):
        assert graph.value(document_node("t1"), URIRef("http://purl.org/dc/terms/title")) == Literal(nasty)


def test_same_record_same_graph():
    assert map_document(record()) == map_document(record())


def test_the_basis_of_an_inferred_date_is_in_the_graph():
    text = "Japan and Korea met. They met again."
    events = (Event("1-2", "Meeting", Span(0, 5, "met"), 0, "event.verb", participants=("japan",),
                    time=TimeValue("2025-06-12", basis="document")),
              Event("3-4", "Meeting", Span(6, 9, "met"), 0, "event.verb", participants=("japan",),
                    time=TimeValue("2025-06-10", text="on Tuesday")))
    record = DocumentRecord("t", text, "h", date="2025-06-12", sentences=(Sentence(0, 0, len(text), text),),
                            events=events)
    graph = document_graph(record)
    assert set(graph.objects(None, DIP.dateBasis)) == {DIP.DocumentDate}  # a stated date carries none


def test_the_agency_of_a_credit_line_is_the_documents_credit_not_an_entity_it_mentions():
    from dataclasses import replace

    from kg.records import CREDIT_RULE, Dateline

    base = record()
    rec = replace(base, actors=base.actors + (Actor("reuters", "Organization", "Reuters"),),
                  mentions=base.mentions + (Mention("reuters", Span(0, 7, "Reuters"), 0, CREDIT_RULE),),
                  dateline=Dateline(0, 20, credit=Span(0, 7, "Reuters")))
    g = document_graph(rec)
    assert (document_node("t1"), DIP.credit, Literal("Reuters")) in g
    assert (document_node("t1"), SCHEMA.mentions, actor_node("reuters")) not in g
    assert (document_node("t1"), SCHEMA.mentions, actor_node("moon_jae_in")) in g
