"""The trigger vocabulary and the cue words extraction relies on.

Triggers come from two places, read here into one ``Lexicon``:

- the ontology's event classes (``dip:triggerVerb`` / ``dip:triggerNoun``, read by
  ``kg.rdf.ontology.read_event_classes``): the project's own curated list; adding an event class
  with triggers is a data change. This module does not parse RDF, so extraction never imports
  rdflib;
- the extract of PETRARCH2's CAMEO verb dictionary (``kg/data/lexicon/petrarch_verbs.tsv``), each
  verb or pattern routed to the class that claims its CAMEO code (``kg.nlp.coding``) and filtered
  as ``coding.json`` says: a verb's bare form is read when the dictionary's coders named it (not a
  WordNet synonym added in bulk, unless reviewed and kept) and it is not a reporting, light or
  listed ambiguous verb; otherwise only its patterns (a complement that fixes the sense, as
  ``ask`` + ``support``) are. A pattern never recodes a verb whose bare form codes an event
  (PETRARCH2 codes some from the target's side: ``denounce`` + ``sanctions`` is 053, support
  for the sanctioned), and the ontology's own triggers of a verb decide its classes.

Trigger syntax (the same in the ontology and in the extract)::

    welcome                      a lemma
    express concern|alarm        the head lemma, then words among its complements (``|``: any of,
                                 in the head too: "practice|rehearse bombing")
    call (for)                   a prepositional phrase under the head (or under its object)
    call (for ceasefire|truce)   ... with these words inside it
    ask ~to                      an infinitival complement ("asked Kim to visit")
    not respond                  only when the trigger is negated
    missile test                 (nouns) the last bare word is the head, earlier ones its modifiers

The most specific trigger of a word wins (most constraints; the ontology's before PETRARCH2's).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional

from kg import resources
from kg.event_classes import EventClasses
from kg.nlp.coding import Coding, load_coding

Slot = frozenset  # acceptable lemmas for one word of a trigger
PETRARCH_FILE = "petrarch_verbs.tsv"


@dataclass(frozen=True)
class Trigger:
    """One entry of the vocabulary: a head ``lemma`` and the complements it needs.

    ``words``: slots that must each be filled by a lemma among the head's complements (for a
    noun: among the modifiers before it); ``preps``: prepositional phrases ``(prep slots, word
    slots)``; ``frame``: ``"to"`` for an infinitival complement. ``code`` and ``source`` say
    where the entry came from (a CAMEO code; ``ontology`` or ``petrarch``).
    """

    event_type: str
    lemma: str
    words: tuple[Slot, ...] = ()
    negated_only: bool = False
    preps: tuple[tuple[Slot, tuple[Slot, ...]], ...] = ()
    frame: str = ""
    code: str = ""
    source: str = "ontology"

    @property
    def specificity(self) -> int:
        return len(self.words) + sum(1 + len(w) for _, w in self.preps) + bool(self.frame) + self.negated_only

    @property
    def extra(self) -> tuple[Slot, ...]:
        """The complement word slots (kept for callers that only check for their presence)."""
        return self.words


@dataclass(frozen=True)
class Lexicon:
    """Trigger vocabulary by head lemma, the event classes it came from, and the cue word lists.

    ``classes`` answers class questions (symmetric, parent, a class and its subclasses); the cue
    lists come from ``kg/data/lexicon/cues.json``, ``arguments.json``, ``titles.json`` and the opinion
    lexicon; ``epithets`` (descriptive names of countries) from ``epithets.json``.
    """

    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    classes: EventClasses
    cues: dict[str, frozenset[str]] = field(default_factory=dict)
    epithets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "hermit kingdom" -> country ids

    @property
    def symmetric(self) -> frozenset[str]:
        """Return the event classes whose sides are interchangeable."""
        return self.classes.symmetric

    def cue(self, name: str) -> frozenset[str]:
        """Return the cue word set ``name`` (empty when the data file has none)."""
        return self.cues.get(name, frozenset())

    def nearest(self, event_type: str, names) -> str:
        """Return ``event_type`` or its nearest ancestor among ``names`` (itself when none is)."""
        for name in self.classes.ancestors(event_type):
            if name in names:
                return name
        return event_type

    def is_a(self, event_type: str, ancestor: str) -> bool:
        """True when ``event_type`` is ``ancestor`` or one of its subclasses."""
        return ancestor in self.classes.ancestors(event_type)


_PREP = re.compile(r"\(([^)]*)\)")


def _slot(word: str, synsets: dict[str, frozenset[str]]) -> Slot:
    if word.startswith("&"):
        return synsets.get(word, frozenset())
    return frozenset(w for w in word.split("|") if w)


def parse_trigger(event_type: str, text: str, *, noun: bool = False, code: str = "", source: str = "ontology",
                  synsets: Optional[dict[str, frozenset[str]]] = None) -> Trigger:
    """Parse one trigger in the syntax above.

    >>> t = parse_trigger("Appeal", "call (for ceasefire|truce)")
    >>> t.lemma, sorted(t.preps[0][0]), sorted(t.preps[0][1][0])
    ('call', ['for'], ['ceasefire', 'truce'])
    >>> parse_trigger("MissileTest", "missile test", noun=True).lemma
    'test'
    """
    synsets = synsets or {}
    text = text.lower().strip()
    preps = []
    for inner in _PREP.findall(text):
        parts = inner.split()
        if parts:
            preps.append((_slot(parts[0], synsets), tuple(_slot(w, synsets) for w in parts[1:])))
    words = _PREP.sub(" ", text).split()
    negated_only = bool(words) and words[0] == "not"
    words = words[1:] if negated_only else words
    frame = next((w[1:] for w in words if w.startswith("~")), "")
    words = [w for w in words if not w.startswith("~")]
    if noun:  # "missile test": head is the last word, modifiers before it
        head, rest = words[-1], words[:-1]
    else:
        head, rest = words[0], words[1:]
    return Trigger(event_type, head, tuple(_slot(w, synsets) for w in rest), negated_only, tuple(preps), frame,
                   code, source)


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


def _curated_triggers(classes: EventClasses) -> Iterable[tuple[Trigger, bool]]:
    """Yield ``(trigger, is_noun)`` for every ``dip:triggerVerb`` / ``dip:triggerNoun`` of the classes."""
    for cls in sorted(classes, key=lambda c: c.name):
        for value in sorted(cls.verbs):
            trig = parse_trigger(cls.name, value)
            yield from ((replace(trig, lemma=head), False) for head in trig.lemma.split("|"))
        for value in sorted(cls.nouns):
            trig = parse_trigger(cls.name, value, noun=True)
            yield from ((replace(trig, lemma=head), True) for head in trig.lemma.split("|"))


def read_petrarch(lines: Iterable[str], coding: Coding, cues: dict[str, frozenset[str]],
                  curated: dict[str, set[str]]) -> list[Trigger]:
    """Return the verb triggers of the PETRARCH2 extract that route to a class and pass the filters.

    ``curated``: verb lemma -> the classes the ontology's own triggers give it. A verb with a
    bare curated trigger takes nothing from PETRARCH2; one with curated phrases takes only
    patterns of those classes (PETRARCH2 adds complements, not classes, to a curated verb).
    """
    rules = coding.data["petrarch"]
    recoded = {(r["block"], r["pattern"], r["code"]): r["as"] for r in rules.get("recoded_patterns", ())}
    synsets, verbs, patterns = {}, defaultdict(list), defaultdict(list)
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        kind, *cols = line.rstrip("\n").split("\t")
        if kind == "synset":
            synsets[cols[0]] = frozenset(cols[1].split("|"))
        elif kind == "verb":
            verbs[cols[1]].append((cols[0], cols[2], len(cols) < 4 or cols[3] == "named"))
        elif kind == "pattern":
            code = recoded.get((cols[0], cols[1], cols[2]), cols[2])  # a reviewed recoding (coding.json)
            patterns[cols[0]].append((cols[1], code, set(cols[3].split("|")) if len(cols) > 3 else None))
    light = cues.get("light_verbs", frozenset())
    no_bare = {v for group in rules["bare_verbs"] for v in group["verbs"]} | light | cues.get("reporting_verbs", frozenset())
    no_patterns = {v for group in rules["no_patterns"] for v in group["verbs"]} | light
    reviewed = {v for group in rules["wordnet_synonyms_kept"] for v in group["verbs"]}
    out = []
    for block, entries in verbs.items():
        parsed = [(parse_trigger(cls, f"_ {pattern}", code=code, source="petrarch", synsets=synsets), applies)
                  for pattern, code, applies in patterns.get(block, ()) if (cls := coding.route(code))]
        for verb, code, named in entries:
            head = parse_trigger("", verb, code=code, source="petrarch")
            if not named and head.lemma not in reviewed:
                code = "---"  # a WordNet synonym PETRARCH2 added in bulk: its patterns only
            classes = curated.get(head.lemma)
            if classes is not None and "" in classes:
                continue  # the ontology's own bare reading of the verb wins
            cls = coding.route(code) if code != "---" else None
            if cls and classes is None and head.lemma not in no_bare and cls not in rules["patterns_only_classes"]:
                out.append(replace(head, event_type=cls))
                continue  # a pattern never recodes a verb whose bare form codes an event
            if head.lemma in no_patterns:
                continue
            for trig, applies in parsed:
                if applies is not None and head.lemma not in applies:
                    continue  # a pattern is read for the verbs the CAMEO coders wrote it for
                if classes is not None and trig.event_type not in classes:
                    continue
                out.append(replace(trig, lemma=head.lemma, preps=head.preps + trig.preps))
    return out


def _word_list(name: str) -> frozenset[str]:
    """A word per line, ``;`` comment lines skipped (the opinion lexicon's format)."""
    lines = resources.read_text("lexicon", name).splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith(";"))


def _epithets() -> dict[str, tuple[str, ...]]:
    """Return the descriptive names of countries: phrase -> gazetteer ids, most usual first."""
    entries = resources.read_json("lexicon", "epithets.json").get("epithets", ())
    return {e["phrase"].lower(): tuple(e["refers_to"]) for e in entries}


def _cue_lists() -> dict[str, frozenset[str]]:
    cues = {name: frozenset(w.lower() for w in words)
            for data in ("cues.json", "arguments.json")
            for name, words in resources.read_json("lexicon", data).items()
            if not name.startswith("_")}
    cues.update(_title_cues())
    cues.update({name: frozenset(w.lower() for w in words)  # claims.json: the word lists, not the title table
                 for name, words in resources.read_json("lexicon", "claims.json").items()
                 if not name.startswith("_") and all(isinstance(w, str) for w in words)})
    cues["opinion_negative"] = _word_list("opinion-negative.txt")
    cues["opinion_positive"] = _word_list("opinion-positive.txt")
    return cues


def load_lexicon(classes: EventClasses) -> Lexicon:
    """Build the trigger vocabulary (the classes' own triggers and PETRARCH2's) and read the cue lists.

    Args:
        classes: the ontology's event classes (``kg.rdf.ontology.read_event_classes``).
    Returns:
        A ``Lexicon`` whose entries per lemma are sorted most specific first, the ontology's
        before PETRARCH2's at equal specificity.

    >>> from kg.event_classes import EventClass
    >>> lexicon = load_lexicon(EventClasses((EventClass("Evacuation", verbs=("evacuate",)),)))
    >>> lexicon.verbs["evacuate"][0].event_type
    'Evacuation'
    """
    coding = load_coding(classes)
    cues = _cue_lists()
    verbs: dict[str, list[Trigger]] = defaultdict(list)
    nouns: dict[str, list[Trigger]] = defaultdict(list)
    for trig, is_noun in _curated_triggers(classes):
        (nouns if is_noun else verbs)[trig.lemma].append(trig)
    curated = {lemma: {t.event_type for t in entries} | ({""} if any(t.specificity == 0 for t in entries) else set())
               for lemma, entries in verbs.items()}
    petrarch = resources.read_text("lexicon", PETRARCH_FILE).splitlines()
    for trig in read_petrarch(petrarch, coding, cues, curated):
        verbs[trig.lemma].append(trig)

    def ordered(table):
        out = {}
        for lemma, entries in table.items():
            seen, kept = set(), []
            for trig in sorted(entries, key=lambda t: (-t.specificity, t.source != "ontology")):
                key = (trig.words, trig.preps, trig.frame, trig.negated_only)
                if key not in seen:  # the same pattern twice: the first (curated) one counts
                    seen.add(key)
                    kept.append(trig)
            out[lemma] = tuple(kept)
        return out

    return Lexicon(ordered(verbs), ordered(nouns), classes, cues, _epithets())
