"""RDF vocabulary of the project: the ``dip:`` terms declared in ``ontologies/diplomacy.ttl``.

``DIP`` is a closed namespace (``_fail = True``): a misspelt term raises ``AttributeError``
instead of quietly minting a new IRI; a test checks that every term here is declared in the
ontology with a label and a comment.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

NS = "https://w3id.org/diplokg/ontology#"
ID = "https://w3id.org/diplokg/id/"
ONTOLOGY_IRI = URIRef("https://w3id.org/diplokg/ontology")

SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")

EVENT_CLASSES = (
    "OfferOfTalks", "Appeal", "Endorsement", "Agreement", "Meeting", "Summit", "Talks", "Visit",
    "Criticism", "Rejection", "Warning", "MissileTest", "MilitaryExercise", "Sanction",
    "Concession", "Aid", "Attack", "Protest", "Statement",
    "Demand", "ReduceRelations", "Expulsion", "Investigation", "Coercion", "Cooperation", "Mobilization",
)
ENTITY_CLASSES = ("Person", "Organization", "Country", "Group", "City", "Place")
MEETING_FAMILY = frozenset({"Meeting", "Summit", "Talks", "Visit"})


class DIP(DefinedNamespace):
    """The diplomacy ontology's terms."""

    _fail = True
    _NS = Namespace(NS)

    # classes
    Event: URIRef
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    Country: URIRef
    Group: URIRef
    Place: URIRef
    City: URIRef
    Document: URIRef
    Sentence: URIRef
    Mention: URIRef
    Role: URIRef
    Extraction: URIRef
    ActorDescription: URIRef
    QuadClass: URIRef
    Factuality: URIRef
    OfferOfTalks: URIRef
    Appeal: URIRef
    Endorsement: URIRef
    Agreement: URIRef
    Meeting: URIRef
    Summit: URIRef
    Talks: URIRef
    Visit: URIRef
    Criticism: URIRef
    Rejection: URIRef
    Warning: URIRef
    MissileTest: URIRef
    MilitaryExercise: URIRef
    Sanction: URIRef
    Concession: URIRef
    Aid: URIRef
    Attack: URIRef
    Protest: URIRef
    Statement: URIRef
    Demand: URIRef
    ReduceRelations: URIRef
    Expulsion: URIRef
    Investigation: URIRef
    Coercion: URIRef
    Cooperation: URIRef
    Mobilization: URIRef
    # individuals
    Asserted: URIRef
    Negated: URIRef
    Hypothetical: URIRef
    VerbalCooperation: URIRef
    MaterialCooperation: URIRef
    VerbalConflict: URIRef
    MaterialConflict: URIRef
    # annotation properties
    ploverCategory: URIRef
    cameoCode: URIRef
    quadClass: URIRef
    ploverQuadClass: URIRef
    triggerVerb: URIRef
    triggerNoun: URIRef
    symmetric: URIRef
    # event properties
    agent: URIRef
    target: URIRef
    participant: URIRef
    place: URIRef
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    timeText: URIRef
    factuality: URIRef
    count: URIRef
    quote: URIRef
    onBehalfOf: URIRef
    # provenance
    evidence: URIRef
    inDocument: URIRef
    text: URIRef
    charStart: URIRef
    charEnd: URIRef
    triggerText: URIRef
    triggerStart: URIRef
    triggerEnd: URIRef
    rule: URIRef
    confidence: URIRef
    mentionOf: URIRef
    metonymic: URIRef
    standsFor: URIRef
    extractorVersion: URIRef
    model: URIRef
    contentHash: URIRef
    datelinePlace: URIRef
    # actors
    holdsRole: URIRef
    title: URIRef
    roleOf: URIRef
    former: URIRef
    affiliatedWith: URIRef
    locatedIn: URIRef
    # the store's bookkeeping for actor description graphs (kg.store.descriptions)
    givesDescription: URIRef
    descriptionOf: URIRef
    descriptionText: URIRef
