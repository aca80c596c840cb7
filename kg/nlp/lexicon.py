"""The trigger vocabulary (from the ontology's event classes) and the cue words extraction relies on.

Adding an event type is a data change: declare the class in ``ontologies/diplomacy.ttl`` with
``dip:triggerVerb`` / ``dip:triggerNoun`` values; ``kg.rdf.ontology.read_event_classes`` reads it
and ``load_lexicon`` turns its triggers into the vocabulary here. This module does not parse RDF,
so extraction never imports rdflib.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg import resources
from kg.event_classes import EventClasses


@dataclass(frozen=True)
class Trigger:
    """One entry of the vocabulary: ``lemma`` (head) plus ``extra`` lemmas among its dependents."""

    event_type: str
    lemma: str
    extra: tuple[str, ...] = ()
    negated_only: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Trigger vocabulary by head lemma, the event classes it came from, and the cue word lists.

    ``classes`` answers class questions (symmetric, parent, a class and its subclasses); the cue
    lists come from ``kg/data/lexicon/cues.json`` and ``titles.json``.
    """

    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    classes: EventClasses
    cues: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def symmetric(self) -> frozenset[str]:
        """Return the event classes whose sides are interchangeable."""
        return self.classes.symmetric

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


def load_lexicon(classes: EventClasses) -> Lexicon:
    """Build the trigger vocabulary from the event classes and read the cue lists from the data files.

    Args:
        classes: the ontology's event classes (``kg.rdf.ontology.read_event_classes``).
    Returns:
        A ``Lexicon`` whose entries are sorted so that longer (more specific) triggers come first.

    >>> from kg.event_classes import EventClass
    >>> lexicon = load_lexicon(EventClasses((EventClass("Evacuation", verbs=("evacuate",)),)))
    >>> lexicon.verbs["evacuate"][0].event_type
    'Evacuation'
    """
    verbs: dict[str, list[Trigger]] = defaultdict(list)
    nouns: dict[str, list[Trigger]] = defaultdict(list)
    for cls in classes:
        for text in cls.verbs:
            trig = _parse_trigger(cls.name, text, noun=False)
            verbs[trig.lemma].append(trig)
        for text in cls.nouns:
            trig = _parse_trigger(cls.name, text, noun=True)
            nouns[trig.lemma].append(trig)

    def ordered(table):
        return {k: tuple(sorted(v, key=lambda t: (-len(t.extra), t.event_type))) for k, v in table.items()}

    cues = {name: frozenset(w.lower() for w in words)
            for name, words in resources.read_json("lexicon", "cues.json").items()
            if not name.startswith("_")}
    cues.update(_title_cues())
    return Lexicon(ordered(verbs), ordered(nouns), classes, cues)
