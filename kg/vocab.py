"""RDF vocabulary of the project: the ``dip:`` terms declared in ``ontologies/diplomacy.ttl``.

``DIP`` is a closed namespace (``_fail = True``): a misspelt term raises ``AttributeError``
instead of quietly minting a new IRI; a test checks that every term here is declared in the
ontology with a label and a comment. The event classes (``dip:Summit``...) are not listed here:
they are data, read from the ontology (``kg.rdf.ontology.read_event_classes``), so that adding
one to the ontology needs no code change.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.prefixes import ID, NS, ONTOLOGY, PREFIXES

__all__ = ["DIP", "ENTITY_CLASSES", "ID", "NS", "ONTOLOGY_IRI", "PREFIXES", "SCHEMA", "SEM", "WD", "bind_prefixes"]

ONTOLOGY_IRI = URIRef(ONTOLOGY)
SCHEMA = Namespace(PREFIXES["schema"])
SEM = Namespace(PREFIXES["sem"])
WD = Namespace(PREFIXES["wd"])

ENTITY_CLASSES = ("Person", "Organization", "Country", "Group", "City", "Place")


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
    UnlinkedEntity: URIRef
    Document: URIRef
    Sentence: URIRef
    Mention: URIRef
    EventMention: URIRef
    Role: URIRef
    RoleClaim: URIRef
    TitleClaim: URIRef
    RelationClaim: URIRef
    AdministrationClaim: URIRef
    Tenure: URIRef
    Extraction: URIRef
    ActorDescription: URIRef
    QuadClass: URIRef
    Factuality: URIRef
    DateBasis: URIRef
    # individuals
    Asserted: URIRef
    Negated: URIRef
    Hypothetical: URIRef
    Incumbent: URIRef
    FormerHolder: URIRef
    ElectHolder: URIRef
    HolderThen: URIRef
    StatedDate: URIRef
    ContextDate: URIRef
    DocumentDate: URIRef
    KnownEventDate: URIRef
    VerbalCooperation: URIRef
    MaterialCooperation: URIRef
    VerbalConflict: URIRef
    MaterialConflict: URIRef
    # annotation properties
    ploverCategory: URIRef
    cameoCode: URIRef
    ploverQuadClass: URIRef
    quadClass: URIRef
    triggerVerb: URIRef
    triggerNoun: URIRef
    symmetric: URIRef
    # event properties
    agent: URIRef
    target: URIRef
    participant: URIRef
    host: URIRef
    mediator: URIRef
    witness: URIRef
    place: URIRef
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    timeText: URIRef
    dateBasis: URIRef
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
    mention: URIRef
    mentionCount: URIRef
    statedFactuality: URIRef
    firstReported: URIRef
    disputed: URIRef
    mergeNote: URIRef
    statedDate: URIRef
    statedPlace: URIRef
    statedCount: URIRef
    statedClass: URIRef
    # the store's bookkeeping for event graphs (kg.store.events)
    reportData: URIRef
    identityKey: URIRef
    metonymic: URIRef
    standsFor: URIRef
    extractorVersion: URIRef
    model: URIRef
    contentHash: URIRef
    datelinePlace: URIRef
    credit: URIRef
    # actors
    holdsRole: URIRef
    title: URIRef
    roleOf: URIRef
    former: URIRef
    roleStart: URIRef
    roleEnd: URIRef
    heldOn: URIRef
    affiliatedWith: URIRef
    # claims a document makes about a person
    claimAbout: URIRef
    claimedTitle: URIRef
    claimedRoleOf: URIRef
    tenure: URIRef
    locatedIn: URIRef
    # the store's bookkeeping for actor description graphs (kg.store.descriptions)
    givesDescription: URIRef
    descriptionOf: URIRef
    descriptionText: URIRef


def bind_prefixes(graph):
    """Bind the project's prefixes (``kg.prefixes.PREFIXES``) on an rdflib graph; return it."""
    for name, iri in PREFIXES.items():
        graph.bind(name, Namespace(iri), override=True)
    return graph
