"""Evaluate extraction against gold annotations (the format of ``shared/eval/README.md``).

A gold folder holds ``entities.json`` (id -> types, labels, Wikidata id) and one
``<document>.json`` per article (required and optional entities, events with their sides, date,
place, factuality). Entities match by normalised label; events match one to one by class
(the meeting family overlaps) and sides, preferring pairs whose date, place and factuality
agree. The numbers are the same as the project's reference scorer's.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.errors import InputError
from kg.vocab import DIP, NS, SCHEMA, WD

SCORED_EVENTS = ("OfferOfTalks", "Appeal", "Endorsement", "Agreement", "Meeting", "Summit", "Talks", "Visit",
                 "Criticism", "Rejection", "Warning", "MissileTest", "MilitaryExercise", "Sanction",
                 "Concession", "Aid", "Attack", "Protest")
# the reference scorer's rule (shared/eval/score.py), not the ontology's tree: any two of these match
GOLD_MEETING_FAMILY = frozenset({"Meeting", "Summit", "Talks", "Visit"})
ENTITY_KINDS = ("Person", "Organization", "Country", "City", "Place", "Group")
WIKIDATA = str(WD)


def normalise_label(label: str) -> str:
    """Return a label's comparison form: case, leading "the", possessive, dots, hyphens ignored.

    >>> normalise_label("The U.S.’s")
    'us'
    """
    s = label.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2010", "-").replace("\u2013", "-")
    s = re.sub(r"'s?$", "", s.strip())
    s = s.replace(".", "").replace("-", " ").replace(",", " ")
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass
class Score:
    """Counts and rates of one evaluation; ``as_dict`` gives the report."""

    entity: dict = field(default_factory=lambda: defaultdict(int))
    event: dict = field(default_factory=lambda: defaultdict(int))
    identity: dict = field(default_factory=lambda: defaultdict(set))
    missed_entities: list = field(default_factory=list)
    spurious_entities: list = field(default_factory=list)
    missed_events: list = field(default_factory=list)
    spurious_events: list = field(default_factory=list)

    @staticmethod
    def _prf(tp, fp, fn):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @staticmethod
    def _ratio(a, b):
        return round(a / b, 3) if b else None

    def as_dict(self, multi_doc: dict) -> dict:
        e, v = self.entity, self.event
        ep, er, ef = self._prf(e["tp"], e["fp"], e["fn"])
        vp, vr, vf = self._prf(v["tp"], v["fp"], v["fn"])
        consistent = sum(1 for gid in multi_doc if len(self.identity[gid]) == 1)
        return {
            "entity": {"precision": round(ep, 3), "recall": round(er, 3), "f1": round(ef, 3),
                       "tp": e["tp"], "fp": e["fp"], "fn": e["fn"],
                       "type_accuracy": self._ratio(e["type_ok"], e["type_n"]),
                       "wikidata_accuracy": self._ratio(e["qid_ok"], e["qid_n"]),
                       "cross_document_identity": self._ratio(consistent, len(multi_doc))},
            "event": {"precision": round(vp, 3), "recall": round(vr, 3), "f1": round(vf, 3),
                      "tp": v["tp"], "fp": v["fp"], "fn": v["fn"], "duplicates": v["dup"],
                      "date_accuracy": self._ratio(v["date_ok"], v["date_n"]),
                      "place_accuracy": self._ratio(v["place_ok"], v["place_n"]),
                      "factuality_accuracy": self._ratio(v["fact_ok"], v["fact_n"])},
            "missed_entities": self.missed_entities, "spurious_entities": self.spurious_entities,
            "missed_events": self.missed_events, "spurious_events": self.spurious_events,
        }


class _Graph:
    """Read access to the system graph: types with their superclasses, labels, Wikidata ids."""

    def __init__(self, graph: Graph):
        self.g = graph
        self.parents = defaultdict(set)
        for s, o in graph.subject_objects(RDFS.subClassOf):
            self.parents[s].add(o)

    def types(self, node) -> set:
        out = set()
        for cls in self.g.objects(node, RDF.type):
            out |= self.types_of_class(cls)
        return out

    def labels(self, node):
        return ([str(o) for o in self.g.objects(node, RDFS.label)],
                [str(o) for o in self.g.objects(node, SKOS.altLabel)])

    def qids(self, node) -> set:
        return {str(o)[len(WIKIDATA):] for o in self.g.objects(node, OWL.sameAs) if str(o).startswith(WIKIDATA)}

    def event_type(self, node):
        types = self.types(node)
        if DIP.Event not in types:
            return None
        found = [t for t in SCORED_EVENTS if URIRef(NS + t) in types]
        specific = [t for t in found
                    if not any(t != o and URIRef(NS + t) in self.types_of_class(URIRef(NS + o)) for o in found)]
        return specific[0] if specific else "Statement"

    def types_of_class(self, cls) -> set:
        out, stack = set(), [cls]
        while stack:
            t = stack.pop()
            if t not in out:
                out.add(t)
                stack.extend(self.parents.get(t, ()))
        return out


def load_gold(gold_dir: Path) -> tuple[dict, list[dict]]:
    """Return ``(entity registry, documents)`` of a gold folder."""
    registry_file = gold_dir / "entities.json"
    if not registry_file.exists():
        raise InputError(f"{gold_dir}: no entities.json (not a gold folder)")
    try:
        registry = json.loads(registry_file.read_text(encoding="utf-8"))
        docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))
                if p.name != "entities.json"]
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read gold in {gold_dir}: {exc}") from None
    return registry, docs


def evaluate(graph: Graph, gold_dir: Path) -> dict:
    """Score a system graph (documents, entities, events; with the ontology) against gold.

    Args:
        graph: the union of the store's graphs plus the ontology.
        gold_dir: a folder in the gold format.
    Returns:
        A report dict: entity and event precision/recall/F1 and accuracies, and the lists of
        missed and spurious items.
    """
    registry, docs = load_gold(Path(gold_dir))
    view = _Graph(graph)
    match = _Matcher(view, registry)
    doc_nodes = defaultdict(set)
    for node, ident in graph.subject_objects(DCTERMS.identifier):
        doc_nodes[str(ident)].add(node)
    score = Score()
    for doc in docs:
        nodes = doc_nodes.get(doc["document"], set())
        mapping = _score_entities(graph, view, doc, nodes, registry, match, score)
        allowed = set(doc["entities"]) | set(doc.get("optional_entities", []))
        _score_events(graph, view, doc, nodes, mapping, allowed, registry, match, score)
    multi = {gid for gid in score.identity if sum(1 for d in docs if gid in d["entities"]) > 1}
    return score.as_dict(multi)


class _Matcher:
    """Find the gold entity a system node names: canonical labels first, then other names."""

    def __init__(self, view: _Graph, registry: dict):
        self.view, self.registry = view, registry
        self.norm = {gid: {normalise_label(label) for label in e["labels"]} for gid, e in registry.items()}

    def __call__(self, node, candidates):
        canon, alt = self.view.labels(node)
        for pool in (canon, alt):
            pool_norm = {normalise_label(label) for label in pool}
            hits = sorted((gid for gid in candidates if pool_norm & self.norm[gid]),
                          key=lambda gid: (normalise_label(self.registry[gid]["labels"][0]) not in pool_norm, gid))
            if hits:
                return hits[0]
        return None


def _entity_roots() -> set:
    return {DIP.Actor, DIP.Place, *(DIP[k] for k in ENTITY_KINDS)}


def _score_entities(graph, view, doc, nodes, registry, match, score) -> dict:
    """Match one document's entities to its gold entities; return ``{system node: gold id}``."""
    name = doc["document"]
    required, optional = set(doc["entities"]), set(doc.get("optional_entities", []))
    allowed = required | optional
    mapping, matched, roots = {}, set(), _entity_roots()
    entities = {e for d in nodes for e in graph.objects(d, SCHEMA.mentions) if view.types(e) & roots}
    for node in sorted(entities, key=str):
        gid = match(node, allowed)
        if gid is None or gid in matched:
            if gid is None:
                score.entity["fp"] += 1
                score.spurious_entities.append(f"{name}: {view.labels(node)[0] or [str(node)]}")
            elif gid in required:
                score.entity["fp"] += 1
                score.spurious_entities.append(f"{name}: duplicate node for {gid}")
            mapping.setdefault(node, gid)
            continue
        mapping[node] = gid
        matched.add(gid)
        if gid in required:
            _count_found_entity(score, view, node, registry[gid], gid)
    for gid in sorted(required - matched):
        score.entity["fn"] += 1
        score.missed_entities.append(f"{name}: {gid}")
    return mapping


def _count_found_entity(score, view, node, gold: dict, gid: str) -> None:
    score.entity["tp"] += 1
    score.identity[gid].add(node)
    want = {DIP[t] for t in gold["type"] if t in ENTITY_KINDS}
    if want:
        score.entity["type_n"] += 1
        score.entity["type_ok"] += bool(view.types(node) & want)
    if gold.get("qid"):
        score.entity["qid_n"] += 1
        score.entity["qid_ok"] += gold["qid"] in view.qids(node)


def _score_events(graph, view, doc, nodes, mapping, allowed, registry, match, score) -> None:
    """Pair one document's system events with its gold events, one to one, and count."""
    events = []
    for e in sorted({e for d in nodes for e in graph.subjects(PROV.wasDerivedFrom, d)}, key=str):  # stable report
        etype = view.event_type(e)
        if etype and etype != "Statement":
            events.append((e, etype))

    def ids(objs):
        return {gid for n in objs if (gid := mapping.get(n) or match(n, allowed) or match(n, registry.keys()))}

    info = {e: _sides(graph, e, ids) for e, _ in events}
    pairs = sorted(((w, gi, str(e), e) for gi, gold in enumerate(doc["events"]) for e, et in events
                    if (w := _weight(gold, info[e], et)) is not None), key=lambda t: (-t[0], t[1], t[2]))
    used_gold, used_sys = {}, set()
    for _, gi, _, e in pairs:
        if gi not in used_gold and e not in used_sys:
            used_gold[gi] = e
            used_sys.add(e)
    _count_system_events(score, doc["document"], events, info, pairs, used_gold, used_sys)
    _count_gold_events(score, doc, info, used_gold)


def _sides(graph, e, ids) -> dict:
    """Return what the scorer compares of a system event: sides as gold ids, dates, factuality."""
    return {"agent": ids(graph.objects(e, DIP.agent)), "target": ids(graph.objects(e, DIP.target)),
            "part": ids(graph.objects(e, DIP.participant)), "place": ids(graph.objects(e, DIP.place)),
            "date": {str(o) for o in graph.objects(e, DIP.date)},
            "start": {str(o) for o in graph.objects(e, DIP.startDate)},
            "end": {str(o) for o in graph.objects(e, DIP.endDate)},
            "fact": {str(o).rsplit("#", 1)[-1].lower() for o in graph.objects(e, DIP.factuality)} or {"asserted"}}


def _date_ok(gold: dict, s: dict):
    want = gold.get("date")
    if not want:
        return None
    if "/" in want:
        a, b = want.split("/")
        return (a in s["start"] and b in s["end"]) or any(a <= d[:10] <= b and len(d) >= 10 for d in s["date"])
    return want in {d[:10] for d in s["date"]}


def _weight(gold: dict, s: dict, etype: str):
    """Return how well a system event fits a gold event (None: it cannot be that event)."""
    if gold["type"] != etype and not {gold["type"], etype} <= GOLD_MEETING_FAMILY:
        return None
    everyone = s["agent"] | s["target"] | s["part"]
    if gold.get("agent") and not (s["agent"] or s["part"]) & set(gold["agent"]):
        return None
    if gold.get("target") and not (s["target"] | s["part"]) & set(gold["target"]):
        return None
    slots = gold.get("participants") or []
    filled = sum(1 for slot in slots if everyone & set(slot))
    if slots and not filled:
        return None
    return (1.0 + (gold["type"] == etype) + (filled / len(slots) if slots else 1.0) + (_date_ok(gold, s) or 0)
            + (bool(s["place"] & set(gold["place"])) if gold.get("place") else 0)
            + ((gold["factuality"] in s["fact"]) if gold.get("factuality") else 0))


def _count_system_events(score, name, events, info, pairs, used_gold, used_sys) -> None:
    """Count a system event no gold event took: a duplicate of one that was matched, or spurious."""
    for e, etype in events:
        if e in used_sys:
            continue
        if any(gi in used_gold for _, gi, _, e2 in pairs if e2 == e):
            score.event["dup"] += 1
            continue
        score.event["fp"] += 1
        s = info[e]
        score.spurious_events.append(f"{name}: {etype} agent={sorted(s['agent'])} target={sorted(s['target'])} "
                                     f"part={sorted(s['part'])}")


def _count_gold_events(score, doc, info, used_gold) -> None:
    """Count each required gold event: missed, or found with its date, place and factuality checked."""
    for gi, gold in enumerate(doc["events"]):
        if gold.get("optional"):
            continue
        if gi not in used_gold:
            score.event["fn"] += 1
            score.missed_events.append(f"{doc['document']}: {gold['type']} — {gold.get('evidence', '')}")
            continue
        score.event["tp"] += 1
        s = info[used_gold[gi]]
        ok = _date_ok(gold, s)
        if ok is not None:
            score.event["date_n"] += 1
            score.event["date_ok"] += ok
        if gold.get("place"):
            score.event["place_n"] += 1
            score.event["place_ok"] += bool(s["place"] & set(gold["place"]))
        if gold.get("factuality"):
            score.event["fact_n"] += 1
            score.event["fact_ok"] += gold["factuality"] in s["fact"]
