"""Upgrading a store an older diplokg wrote: events move out of documents into event graphs,
and mentions become compact.

Store formats 2 and 3 kept each document's events in the document's own graph: one node per
event the document reports, ``prov:wasDerivedFrom`` the document, with its arguments, date and
``dip:mention`` links. Format 4 keeps one graph per real event, merged from every document's
report (``kg.store.events``). ``move_events`` reads each document's events back into reports
(``kg.rdf.reports.Report``), takes them out of the document's graph and links them as a build
would, ``BATCH`` documents per transaction. A store whose upgrade stopped half way is upgraded
again from where it stopped (the documents that still hold events), and since grouping reports
into events does not depend on their order, the result is the one a build gives from the same
reports. The event mentions (trigger, sentence, rule) stay in the document's graph, as a build
writes them.

Format 5 writes mentions compactly (``kg.rdf.mapping``): an actor mention held by its sentence
names neither its document nor its words (the sentence gives both), no mention states its
class (the domain of ``dip:mentionOf``, the range of ``dip:mention``), a confidence of 1 and an
asserted factuality are not written (none means them). ``compact_mentions`` deletes those
statements from an older store, which then holds what a build of the same articles writes.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Optional

import pyoxigraph as ox

from kg.prefixes import NS, PREFIXES, sparql_prologue
from kg.rdf.reports import Report
from kg.store.catalog import replace_graphs
from kg.store.events import plan_events

BATCH = 64  # documents per transaction
_ROLES = {"agent": "agents", "target": "targets", "participant": "participants", "place": "places",
          "onBehalfOf": "on_behalf_of", "host": "hosts", "mediator": "mediators", "witness": "witnesses"}
_VALUES = {"date": "date", "startDate": "start", "endDate": "end", "timeText": "time_text", "quote": "quote"}
_PROLOGUE = sparql_prologue({k: PREFIXES[k] for k in ("dip", "prov", "dcterms", "rdfs")})
# documents whose graphs still hold events (a format-4 document graph holds none)
_HOLDING = _PROLOGUE + ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a dip:Document . ?e prov:wasDerivedFrom ?g } } "
                        "ORDER BY ?g")
_EVENT_TRIPLES = _PROLOGUE + """SELECT ?g ?id ?day ?e ?p ?o WHERE {
  VALUES ?g { %s }
  GRAPH ?g { ?g dcterms:identifier ?id . OPTIONAL { ?g dcterms:date ?day } ?e prov:wasDerivedFrom ?g ; ?p ?o } }"""
_OFFSETS = _PROLOGUE + """SELECT ?m ?start ?end WHERE {
  VALUES ?g { %s }
  GRAPH ?g { ?e prov:wasDerivedFrom ?g ; dip:mention ?m . ?m dip:triggerStart ?start ; dip:triggerEnd ?end } }"""
# what the actor graphs say of the actors and places of these events: labels, whom they belong to, countries
_ACTORS = _PROLOGUE + """SELECT ?a ?label ?up ?country WHERE {
  VALUES ?a { %s }
  OPTIONAL { GRAPH ?x { ?a rdfs:label ?label } }
  OPTIONAL { GRAPH ?y { ?a dip:affiliatedWith|dip:locatedIn ?up } }
  OPTIONAL { GRAPH ?z { ?a a dip:Country } BIND(true AS ?country) } }"""
_DELETE = _PROLOGUE + """DELETE { GRAPH ?g { ?e ?p ?o } } WHERE {
  VALUES (?g ?e) { %s }
  GRAPH ?g { ?e ?p ?o } }"""


# what format 5 no longer writes: each DELETE is idempotent, so an upgrade that stopped half way is redone
_COMPACT = [_PROLOGUE + u for u in (
    "DELETE { GRAPH ?g { ?m a dip:Mention } } WHERE { GRAPH ?g { ?m a dip:Mention ; dip:mentionOf ?a } }",
    "DELETE { GRAPH ?g { ?m a dip:EventMention } } WHERE { GRAPH ?g { ?m a dip:EventMention ; dip:triggerStart ?t } }",
    """DELETE { GRAPH ?g { ?m dip:inDocument ?d ; dip:text ?t } } WHERE { GRAPH ?g {
  ?m dip:mentionOf ?a ; dip:evidence ?s ; dip:inDocument ?d ; dip:text ?t ; dip:charStart ?ms ; dip:charEnd ?me .
  ?s dip:charStart ?ss ; dip:charEnd ?se . FILTER(?ss <= ?ms && ?me <= ?se) } }""",
    "DELETE { GRAPH ?g { ?m dip:confidence ?c } } WHERE { GRAPH ?g { ?m dip:mentionOf ?a ; dip:confidence ?c "
    "FILTER(?c >= 1) } }",
    "DELETE { GRAPH ?g { ?m dip:statedFactuality dip:Asserted } } WHERE { GRAPH ?g { ?m dip:statedFactuality dip:Asserted } }",
)]


def compact_mentions(store) -> None:
    """Delete what format 5 no longer writes of mentions (see the module's text)."""
    for update in _COMPACT:
        store._update(update)


def compact_export(data: "ox.Store") -> None:
    """The same, in a plain Oxigraph store (an older kg export being restored, ``kg.store.restore``)."""
    for update in _COMPACT:
        data.update(update)


def move_events(store, classes=None) -> int:
    """Move the events of every document that still holds some into event graphs; return how many documents.

    Args:
        store: a store open for writing (its ``_select`` and ``_update``, and the event lookups).
        classes: the event classes (``kg.event_classes.EventClasses``); the packaged ontology's when omitted.
    """
    if classes is None:
        from kg.rdf.ontology import read_event_classes
        classes = read_event_classes()
    documents = [row["g"].value for row in store._select(_HOLDING)]
    for start in range(0, len(documents), BATCH):
        found = read_reports(store, " ".join(f"<{d}>" for d in documents[start:start + BATCH]), classes)
        if not found:
            continue
        plan = plan_events(store, list(found.values()))
        moved = " ".join(f"(<{found[e].document}> <{e}>)" for e in sorted(found))
        store._update(" ;\n".join(u for u in (_DELETE % moved, replace_graphs(plan.drops, plan.graphs)) if u))
    return len(documents)


def read_reports(store, documents: str, classes) -> dict[str, Report]:
    """Read the events of these documents (``<iri> <iri> …``), as formats 2 and 3 kept them: ``{event IRI: report}``.

    An event of a class the ontology does not declare is left where it is.
    """
    events: dict[str, dict] = {}
    for row in store._select(_EVENT_TRIPLES % documents):
        event = events.setdefault(row["e"].value, {"document": row["g"].value, "doc_id": row["id"].value,
                                                   "doc_date": row["day"].value if row["day"] is not None else None,
                                                   "values": defaultdict(list)})
        prop = row["p"].value
        name = prop[len(NS):] if prop.startswith(NS) else ("type" if prop == PREFIXES["rdf"] + "type" else None)
        if name:
            event["values"][name].append(row["o"].value)
    offsets = {row["m"].value: (int(row["start"].value), int(row["end"].value))
               for row in store._select(_OFFSETS % documents)}
    keys = {k for e in events.values() for role in _ROLES for k in e["values"].get(role, ())}
    labels, countries = _actors(store, keys)
    reports = {}
    for iri in sorted(events):
        report = _report(iri, events[iri], offsets, classes, labels, countries)
        if report is not None:
            reports[iri] = report
    return reports


def _actors(store, keys: set[str]) -> tuple[dict, dict]:
    """The label of each actor, and the country each belongs to (following affiliation and location)."""
    labels, up, is_country = {}, {}, set()
    asked, frontier = set(), set(keys)
    while frontier:
        asked |= frontier
        for row in store._select(_ACTORS % " ".join(f"<{k}>" for k in sorted(frontier))):
            actor = row["a"].value
            if row["label"] is not None:
                labels.setdefault(actor, row["label"].value)
            if row["country"] is not None:
                is_country.add(actor)
            if row["up"] is not None:
                up.setdefault(actor, row["up"].value)
        frontier = set(up.values()) - asked
    countries = {}
    for actor in keys:
        seen, current = {actor}, actor
        while current not in is_country and up.get(current) and up[current] not in seen:
            current = up[current]
            seen.add(current)
        if current in is_country and current != actor:
            countries[actor] = current
    return labels, countries


def _report(iri: str, event: dict, offsets: dict, classes, labels: dict, countries: dict) -> Optional[Report]:
    """The report of one stored event: named by its first mention, as a build names it, else by its old IRI."""
    values = event["values"]
    cls = next((t[len(NS):] for t in sorted(values.get("type", ())) if t.startswith(NS) and t[len(NS):] in classes),
               None)
    if cls is None:
        return None
    mentions = sorted((m for m in values.get("mention", ()) if m in offsets), key=lambda m: (offsets[m], m))
    chain = classes.ancestors(cls)
    symmetric = tuple(c for c in chain if c in classes.symmetric)
    quad = classes.quad_class(cls) or ""
    roles = {field: tuple(sorted(set(values.get(prop, ())))) for prop, field in _ROLES.items()}
    keys = {k for found in roles.values() for k in found}
    first = "%d-%d" % offsets[mentions[0]] if mentions else iri.rsplit("/", 1)[-1]
    factuality = next((f[len(NS):] for f in values.get("factuality", ()) if f.startswith(NS)), "Asserted")
    count = values.get("count")
    return Report(
        key=f"{event['doc_id']}|{first}", document=event["document"], doc_date=event["doc_date"],
        cls=cls, chain=chain, symmetric=bool(symmetric), symmetric_classes=symmetric,
        speech=quad.startswith("Verbal") and not symmetric, factuality=factuality, **roles,
        **{field: values[prop][0] for prop, field in _VALUES.items() if values.get(prop)},
        count=int(count[0]) if count else None, mentions=tuple(mentions),
        countries=tuple(sorted((k, countries[k]) for k in keys if k in countries)),
        names=tuple(sorted((k, labels[k]) for k in keys if k in labels)))
