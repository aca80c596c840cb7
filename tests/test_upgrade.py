"""Stores written by an older diplokg (formats 2 and 3): their events move into event graphs (kg.store.upgrade).

The old stores are written by hand, in the shape formats 2 and 3 kept: each document's events in
the document's own graph, with ``dip:mention`` links to mentions that carry the trigger's offsets.
"""
from __future__ import annotations

import json

import pyoxigraph as ox

from kg.prefixes import PREFIXES
from kg.store.local import open_store
from kg.store.opening import FORMAT_VERSION

ID, DIP = PREFIXES["kgid"], PREFIXES["dip"]
PROV, DCT, RDFS = PREFIXES["prov"], PREFIXES["dcterms"], PREFIXES["rdfs"]
TYPE = PREFIXES["rdf"] + "type"
XSD_DATE = PREFIXES["xsd"] + "date"
SIDES = """SELECT ?e (COUNT(DISTINCT ?d) AS ?docs) (COUNT(DISTINCT ?m) AS ?mentions) WHERE {
  GRAPH ?e { ?e <%s> ?d ; <%s> ?m } } GROUP BY ?e""" % (PROV + "wasDerivedFrom", DIP + "mention")
IN_DOCUMENTS = "SELECT ?e WHERE { GRAPH ?g { ?g a <%s> . ?e <%s> ?g } }" % (DIP + "Document", PROV + "wasDerivedFrom")


def old_document(doc_id: str, day: str, events: list[dict]) -> list[str]:
    """N-Quads of one document as formats 2 and 3 stored it: its events and their mentions inside its graph."""
    doc = f"<{ID}doc/{doc_id}>"
    lines = [f"{doc} <{TYPE}> <{DIP}Document> {doc} .", f'{doc} <{DCT}identifier> "{doc_id}" {doc} .',
             f'{doc} <{DCT}date> "{day}"^^<{XSD_DATE}> {doc} .', f'{doc} <{DIP}contentHash> "{doc_id}" {doc} .']
    for n, event in enumerate(events):
        node = f"<{ID}event/{doc_id}-{n}>"
        lines += [f"{node} <{TYPE}> <{DIP}{event['cls']}> {doc} .", f"{node} <{PROV}wasDerivedFrom> {doc} {doc} ."]
        for role in ("participant", "agent", "target", "place"):
            lines += [f"{node} <{DIP}{role}> <{ID}actor/{k}> {doc} ." for k in event.get(role, ())]
        if event.get("date"):
            lines.append(f'{node} <{DIP}date> "{event["date"]}"^^<{XSD_DATE}> {doc} .')
        lines.append(f"{node} <{DIP}factuality> <{DIP}Asserted> {doc} .")
        for start in event.get("mentions", ()):
            mention = f"<{ID}eventmention/{doc_id}-{start}>"
            lines += [f"{node} <{DIP}mention> {mention} {doc} .", f"{mention} <{TYPE}> <{DIP}EventMention> {doc} .",
                      f'{mention} <{DIP}triggerStart> "{start}"^^<{PREFIXES["xsd"]}integer> {doc} .',
                      f'{mention} <{DIP}triggerEnd> "{start + 6}"^^<{PREFIXES["xsd"]}integer> {doc} .']
    return lines


def actors() -> list[str]:
    """Actor graphs: labels, each leader's country, a city in its country."""
    out = []
    for key, label, up in (("trump", "Donald Trump", "us"), ("kim", "Kim Jong Un", "nk"), ("us", "United States", None),
                           ("nk", "North Korea", None), ("hanoi", "Hanoi", "vn"), ("vn", "Vietnam", None)):
        node = f"<{ID}actor/{key}>"
        out.append(f'{node} <{RDFS}label> "{label}" {node} .')
        if up is None:
            out.append(f"{node} <{TYPE}> <{DIP}Country> {node} .")
        else:
            out.append(f"{node} <{DIP}{'locatedIn' if key == 'hanoi' else 'affiliatedWith'}> <{ID}actor/{up}> {node} .")
    return out


def old_store(path, version: int) -> None:
    """Write a store folder as an older diplokg left it: two outlets' summit, one talk of theirs, an unknown class."""
    summit = {"cls": "Summit", "participant": ("trump", "kim"), "place": ("hanoi",), "date": "2019-02-27"}
    quads = actors()
    quads += old_document("ap", "2019-02-28", [{**summit, "mentions": (10, 90)},
                                               {"cls": "Criticism", "agent": ("kim",), "target": ("us",), "mentions": (300,)}])
    quads += old_document("kcna", "2019-02-28", [{"cls": "Talks", "participant": ("us", "nk"), "date": "2019-02-27",
                                                  "mentions": (40,)}, {"cls": "NoSuchClass", "mentions": (70,)}])
    path.mkdir()
    data = ox.Store(str(path / "oxigraph"))
    data.bulk_load("\n".join(quads).encode(), format=ox.RdfFormat.N_QUADS)
    data.flush()
    del data
    (path / "kg-store.json").write_text(json.dumps({"format": version, "engine": "oxigraph"}))


def events(path) -> dict[str, tuple[int, int]]:
    with open_store(path, read_only=True) as store:
        return {row["e"].value: (int(row["docs"].value), int(row["mentions"].value))
                for row in store.query(SIDES, union=False)}


def test_a_format_3_store_is_upgraded_to_event_graphs(tmp_path):
    path = tmp_path / "old"
    old_store(path, 3)
    with open_store(path) as store:  # opening for writing upgrades it
        left = [row["e"].value for row in store.query(IN_DOCUMENTS, union=False)]
    assert json.loads((path / "kg-store.json").read_text())["format"] == FORMAT_VERSION
    assert left == [f"{ID}event/kcna-1"]  # a class the ontology does not declare stays where it was
    found = events(path)
    # the two outlets' summit is one event with three mentions; the criticism is an event of its own
    assert sorted(found.values()) == [(1, 1), (2, 3)]
    with open_store(path, read_only=True) as store:
        graph = next(e for e, (docs, _) in found.items() if docs == 2)
        kinds = {q.object.value for q in store.ox.quads_for_pattern(ox.NamedNode(graph), ox.NamedNode(TYPE), None,
                                                                    ox.NamedNode(graph))}
        dated = {q.object.value for q in store.ox.quads_for_pattern(ox.NamedNode(graph), ox.NamedNode(DIP + "date"),
                                                                    None, ox.NamedNode(graph))}
    assert kinds == {DIP + "Summit"} and dated == {"2019-02-27"}


def test_an_upgraded_store_is_what_removing_and_adding_keeps_right(tmp_path):
    path = tmp_path / "old"
    old_store(path, 2)
    with open_store(path) as store:
        store.remove_graph(f"{ID}doc/kcna")
    found = events(path)
    assert sorted(found.values()) == [(1, 1), (1, 2)]  # the summit now has one source, its two mentions
    with open_store(path) as store:  # nothing is upgraded twice
        assert not list(store.query(IN_DOCUMENTS, union=False))
    assert events(path) == found


def test_a_reader_of_an_old_store_with_no_writer_upgrades_it(tmp_path):
    path = tmp_path / "old"
    old_store(path, 3)
    assert sorted(events(path).values()) == [(1, 1), (2, 3)]
    assert json.loads((path / "kg-store.json").read_text())["format"] == FORMAT_VERSION


def test_a_format_4_store_gets_compact_mentions(tmp_path):
    """Format 5 writes no mention's class, no document or words its sentence gives, no confidence of 1
    and no asserted factuality: upgrading deletes exactly those, and keeps what a sentence cannot give."""
    doc, graph = f"<{ID}doc/ap>", f"<{ID}doc/ap>"
    sentence, integer, decimal = f"<{ID}sentence/ap-0>", PREFIXES["xsd"] + "integer", PREFIXES["xsd"] + "decimal"
    held, outside = f"<{ID}mention/ap-4-9>", f"<{ID}mention/ap-40-45>"
    asserted, negated = f"<{ID}eventmention/ap-10-16>", f"<{ID}eventmention/ap-20-26>"
    def offsets(node, start, end):
        return [f'{node} <{DIP}charStart> "{start}"^^<{integer}> {graph} .',
                f'{node} <{DIP}charEnd> "{end}"^^<{integer}> {graph} .']
    kept = [f"{doc} <{TYPE}> <{DIP}Document> {graph} .", f'{doc} <{DCT}identifier> "ap" {graph} .',
            f'{doc} <{DIP}contentHash> "h" {graph} .', f"{sentence} <{TYPE}> <{DIP}Sentence> {graph} .",
            f'{sentence} <{DIP}text> "The Kim summit." {graph} .', f"{sentence} <{DIP}inDocument> {doc} {graph} .",
            *offsets(sentence, 0, 15),
            f"{held} <{DIP}mentionOf> <{ID}actor/kim> {graph} .", f"{held} <{DIP}evidence> {sentence} {graph} .",
            *offsets(held, 4, 7), f'{held} <{DIP}rule> "actor.gazetteer" {graph} .',
            f"{outside} <{DIP}mentionOf> <{ID}actor/nk> {graph} .", f"{outside} <{DIP}inDocument> {doc} {graph} .",
            f'{outside} <{DIP}text> "PYONG" {graph} .', *offsets(outside, 40, 45),
            f'{outside} <{DIP}rule> "actor.dateline" {graph} .', f'{outside} <{DIP}confidence> "0.8"^^<{decimal}> {graph} .',
            f"{negated} <{DIP}statedFactuality> <{DIP}Negated> {graph} .",
            f"{asserted} <{DIP}triggerStart> \"10\"^^<{integer}> {graph} .",
            f"{negated} <{DIP}triggerStart> \"20\"^^<{integer}> {graph} ."]
    dropped = [f"{held} <{TYPE}> <{DIP}Mention> {graph} .", f"{outside} <{TYPE}> <{DIP}Mention> {graph} .",
               f"{held} <{DIP}inDocument> {doc} {graph} .", f'{held} <{DIP}text> "Kim" {graph} .',
               f'{held} <{DIP}confidence> "1.0"^^<{decimal}> {graph} .',
               f"{asserted} <{TYPE}> <{DIP}EventMention> {graph} .", f"{negated} <{TYPE}> <{DIP}EventMention> {graph} .",
               f"{asserted} <{DIP}statedFactuality> <{DIP}Asserted> {graph} ."]
    path = tmp_path / "store"
    path.mkdir()
    data = ox.Store(str(path / "oxigraph"))
    data.bulk_load("\n".join(kept + dropped).encode(), format=ox.RdfFormat.N_QUADS)
    data.flush()
    del data
    (path / "kg-store.json").write_text(json.dumps({"format": 4, "engine": "oxigraph"}))
    with open_store(path) as store:
        left = set(store.quads())
    assert left == set(ox.parse("\n".join(kept).encode(), format=ox.RdfFormat.N_QUADS))
    assert json.loads((path / "kg-store.json").read_text())["format"] == FORMAT_VERSION == 5
