"""The ontology is the single source of truth: every term the code uses is declared there."""
from rdflib import OWL, RDF, RDFS, Literal, URIRef

from kg.rdf.ontology import load_ontology
from kg.vocab import DIP, EVENT_CLASSES, NS, SEM

ONTO = load_ontology()


def test_every_term_used_in_code_is_declared_with_label_and_comment():
    for name in DIP.__annotations__:
        term = URIRef(NS + name)
        assert (term, None, None) in ONTO, f"dip:{name} used in code but not declared"
        assert ONTO.value(term, RDFS.label), f"dip:{name} has no rdfs:label"
        assert ONTO.value(term, RDFS.comment), f"dip:{name} has no rdfs:comment"


def test_every_declared_class_and_property_has_label_and_comment():
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for kind in kinds:
        for term in ONTO.subjects(RDF.type, kind):
            if str(term).startswith(NS):
                assert ONTO.value(term, RDFS.label) and ONTO.value(term, RDFS.comment), term


def test_closed_namespace_rejects_typos():
    import pytest

    with pytest.raises(AttributeError):
        DIP.Sumit  # noqa: B018


def test_header_has_version_and_licence():
    header = URIRef("https://w3id.org/diplokg/ontology")
    assert (header, RDF.type, OWL.Ontology) in ONTO
    assert ONTO.value(header, OWL.versionInfo)
    assert ONTO.value(header, URIRef("http://purl.org/dc/terms/license"))


def test_event_classes_carry_codes_quad_class_and_sem_alignment():
    assert (DIP.Event, RDFS.subClassOf, SEM.Event) in ONTO
    assert (DIP.agent, RDFS.subPropertyOf, SEM.hasActor) in ONTO
    for name in EVENT_CLASSES:
        cls = DIP[name]
        assert ONTO.value(cls, DIP.quadClass) is not None, name
        coded = cls  # a subclass without CAMEO codes of its own is coded as its parent (Summit as Meeting)
        while ONTO.value(coded, DIP.cameoCode) is None and coded != DIP.Event:
            coded = ONTO.value(coded, RDFS.subClassOf)
        assert coded != DIP.Event, name
        if name != "Statement":
            assert ONTO.value(cls, DIP.ploverCategory) is not None, name
            assert ONTO.value(cls, DIP.ploverQuadClass) is not None, name
        assert list(ONTO.objects(cls, DIP.triggerVerb)) or list(ONTO.objects(cls, DIP.triggerNoun)), name
    for sub in ("Summit", "Talks", "Visit"):
        assert (DIP[sub], RDFS.subClassOf, DIP.Meeting) in ONTO


def test_trigger_vocabulary_is_read_from_the_ontology(lexicon):
    triggers = {t.event_type for ts in lexicon.verbs.values() for t in ts}
    triggers |= {t.event_type for ts in lexicon.nouns.values() for t in ts}
    assert triggers == set(EVENT_CLASSES)


def test_a_new_event_type_is_a_data_change():
    from kg.nlp.lexicon import load_lexicon

    graph = load_ontology()
    cls = URIRef(NS + "Evacuation")
    graph.add((cls, RDFS.subClassOf, DIP.Event))
    graph.add((cls, DIP.triggerVerb, Literal("evacuate")))
    lexicon = load_lexicon(graph)
    assert lexicon.verbs["evacuate"][0].event_type == "Evacuation"
