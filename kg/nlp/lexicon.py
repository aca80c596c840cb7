"""The trigger vocabulary (read from the ontology) and the cue words extraction relies on.

Adding an event type is a data change: declare the class in ``ontologies/diplomacy.ttl`` with
``dip:triggerVerb`` / ``dip:triggerNoun`` values and the extractor picks it up from here.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from kg import resources
from kg.vocab import DIP, NS


@dataclass(frozen=True)
class Trigger:
    """One entry of the vocabulary: ``lemma`` (head) plus ``extra`` lemmas among its dependents."""

    event_type: str
    lemma: str
    extra: tuple[str, ...] = ()
    negated_only: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Trigger vocabulary by head lemma, plus the cue word lists of ``kg/data/lexicon/cues.json``."""

    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    symmetric: frozenset[str]
    parents: dict[str, str]
    cues: dict[str, frozenset[str]] = field(default_factory=dict)

    def cue(self, name: str) -> frozenset[str]:
        """Return the cue word set ``name`` (empty when the data file has none)."""
        return self.cues.get(name, frozenset())


def _parse_trigger(event_type: str, text: str, *, noun: bool) -> Trigger:
    words = text.lower().split()
    negated_only = words[0] == "not"
    if negated_only:
        words = words[1:]
    if noun:  # "missile test": head is the last word, modifiers before it
        return Trigger(event_type, words[-1], tuple(words[:-1]), negated_only)
    return Trigger(event_type, words[0], tuple(words[1:]), negated_only)


def _title_cues() -> dict[str, frozenset[str]]:
    """Return title words (for stripping and roles) and leader titles (for summits)."""
    titles = resources.read_json("lexicon", "titles.json")
    words = {w.lower() for t in titles.get("person_titles", ()) for w in t.split()}
    words |= {h.lower() for h in titles.get("honorifics", ())}
    words -= {"of", "the", "and", "for", "on", "to", "at", "in", "with", "a"}
    return {
        "honorifics": frozenset(h.lower() for h in titles.get("honorifics", ())),
        "title_words": frozenset(words),
        "titles": frozenset(t.lower() for t in titles.get("person_titles", ())),
        "leader_titles": frozenset(t.lower() for t in titles.get("leader_titles", ())),
    }


def load_lexicon(ontology: Graph | None = None) -> Lexicon:
    """Read the trigger vocabulary from the ontology and the cue lists from the data files.

    Args:
        ontology: the parsed ontology; parsed from the packaged file when omitted.
    Returns:
        A ``Lexicon`` whose entries are sorted so that longer (more specific) triggers come first.
    """
    if ontology is None:
        ontology = Graph().parse(data=resources.ontology_text(), format="turtle")
    verbs: dict[str, list[Trigger]] = defaultdict(list)
    nouns: dict[str, list[Trigger]] = defaultdict(list)
    symmetric, parents = set(), {}
    for cls in ontology.subjects(RDFS.subClassOf, None):
        if not isinstance(cls, URIRef) or not str(cls).startswith(NS):
            continue
        name = str(cls)[len(NS):]
        for parent in ontology.objects(cls, RDFS.subClassOf):
            if str(parent).startswith(NS):
                parents[name] = str(parent)[len(NS):]
        for value in ontology.objects(cls, DIP.triggerVerb):
            trig = _parse_trigger(name, str(value), noun=False)
            verbs[trig.lemma].append(trig)
        for value in ontology.objects(cls, DIP.triggerNoun):
            trig = _parse_trigger(name, str(value), noun=True)
            nouns[trig.lemma].append(trig)
        if any(str(v).lower() == "true" for v in ontology.objects(cls, DIP.symmetric)):
            symmetric.add(name)

    def ordered(table):
        return {k: tuple(sorted(v, key=lambda t: (-len(t.extra), t.event_type))) for k, v in table.items()}

    cues = {name: frozenset(w.lower() for w in words)
            for name, words in resources.read_json("lexicon", "cues.json").items()
            if not name.startswith("_")}
    cues.update(_title_cues())
    return Lexicon(ordered(verbs), ordered(nouns), frozenset(symmetric), parents, cues)
