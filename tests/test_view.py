"""Tests of kg.view without a browser: records, filters, actor network, the written HTML."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.errors import InputError
from kg.prefixes import PREFIXES
from kg.view import ViewOptions, actor_network, read_view_data, select, write_html
from kg.view.select import cut_to, filter_events, find_entity
from kg.view.payload import expand_meta

DIP, ID, SCHEMA = (Namespace(PREFIXES[name]) for name in ("dip", "kgid", "schema"))  # open: any class
# bound one by one: pytest probes module attributes, and XSD (a closed namespace) warns on that
XSD_DATE, XSD_MONTH, XSD_YEAR = namespace.XSD.date, namespace.XSD.gYearMonth, namespace.XSD.gYear
EVIL_NAME = "<img src=x onerror=window.__pwned=1>"
EVIL_SENTENCE = "</script><script>window.__pwned=2</script> said the spokesman."

QUADS = {
    "Statement": "VerbalCooperation", "OfferOfTalks": "VerbalCooperation",
    "Meeting": "MaterialCooperation", "Summit": "MaterialCooperation",
    "Visit": "MaterialCooperation", "Criticism": "VerbalConflict",
    "MissileTest": "MaterialConflict", "Sanction": "MaterialConflict", "Oddity": None,
}


def small_ontology() -> Graph:
    """Return the few ontology triples the view reads: labels, quad classes, subclasses."""
    g = Graph()
    for cls in ("Person", "Organization", "Country", "Group"):
        g.add((DIP[cls], RDFS.subClassOf, DIP.Actor))
    g.add((DIP.City, RDFS.subClassOf, DIP.Place))
    g.add((DIP.Event, RDF.type, OWL.Class))
    for name, quad in QUADS.items():
        parent = DIP.Meeting if name in ("Summit", "Visit") else DIP.Event
        g.add((DIP[name], RDF.type, OWL.Class))
        g.add((DIP[name], RDFS.subClassOf, parent))
        g.add((DIP[name], RDFS.label, Literal(name.lower(), lang="en")))
        if quad:
            g.add((DIP[name], DIP.quadClass, DIP[quad]))
    return g


def _actor(g: Graph, key: str, cls: str, label: str, *, qid: str | None = None,
           alt: tuple[str, ...] = ()) -> URIRef:
    iri = ID[f"actor/{key}"]
    g.add((iri, RDF.type, DIP[cls]))
    g.add((iri, RDFS.label, Literal(label)))
    for name in alt:
        g.add((iri, SKOS.altLabel, Literal(name)))
    if qid:
        g.add((iri, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{qid}")))
    return iri


def _doc(g: Graph, doc_id: str, date: str, title: str | None = None) -> URIRef:
    iri = ID[f"doc/{doc_id}"]
    g.add((iri, RDF.type, DIP.Document))
    g.add((iri, DCTERMS.identifier, Literal(doc_id)))
    g.add((iri, DCTERMS.date, Literal(date, datatype=XSD_DATE)))
    if title:
        g.add((iri, DCTERMS.title, Literal(title)))
    return iri


def _event(g: Graph, key: str, cls: str, label: str, doc: URIRef, *, agent=(), target=(),
           participant=(), place=(), date=None, factuality=None, sentence=None) -> URIRef:
    iri = ID[f"event/{key}"]
    g.add((iri, RDF.type, DIP[cls]))
    g.add((iri, RDFS.label, Literal(label)))
    g.add((iri, PROV.wasDerivedFrom, doc))
    for prop, values in ((DIP.agent, agent), (DIP.target, target),
                         (DIP.participant, participant), (DIP.place, place)):
        for value in values:
            g.add((iri, prop, value))
    if date:
        g.add((iri, DIP.date, date))
    if factuality:
        g.add((iri, DIP.factuality, DIP[factuality]))
    if sentence:
        s = ID[f"sentence/{key}"]
        g.add((iri, DIP.evidence, s))
        g.add((s, DIP.text, Literal(sentence)))
        g.add((s, DIP.inDocument, doc))
    g.add((iri, DIP.triggerText, Literal(cls.lower())))
    return iri


def small_graph() -> Graph:
    """Return a hand-made graph: 6 actors, 2 places, 7 events in 2 documents, one hostile name."""
    g = Graph()
    putin = _actor(g, "putin", "Person", "Vladimir Putin", qid="Q7747", alt=("Putin",))
    kim = _actor(g, "kim", "Person", "Kim Jong Un", qid="Q56226")
    russia = _actor(g, "russia", "Country", "Russia", qid="Q159")
    nk = _actor(g, "nk", "Country", "North Korea", alt=("DPRK",))
    un = _actor(g, "un", "Organization", "United Nations")
    evil = _actor(g, "evil", "Group", EVIL_NAME)
    pyongyang = _actor(g, "pyongyang", "City", "Pyongyang")
    _actor(g, "moscow", "City", "Moscow")
    d1 = _doc(g, "d1_putin_pyongyang", "2024-06-19", "Putin visits Pyongyang")
    d2 = _doc(g, "d2_sanctions", "2024-09-02")
    for doc in (d1, d2):
        for a in (putin, kim, russia):
            g.add((doc, SCHEMA.mentions, a))
    _event(g, "visit", "Visit", "Putin visits Pyongyang", d1, agent=[putin], target=[nk],
           place=[pyongyang], date=Literal("2024-06-19", datatype=XSD_DATE),
           sentence="Putin arrived in Pyongyang on Wednesday.")
    _event(g, "summit", "Summit", "Putin–Kim summit", d1, participant=[putin, kim],
           place=[pyongyang], date=Literal("2024-06-19", datatype=XSD_DATE),
           sentence="Putin and Kim held a summit.")
    _event(g, "test", "MissileTest", "North Korea tests a missile", d2, agent=[nk],
           date=Literal("2024-09", datatype=XSD_MONTH))
    _event(g, "sanction", "Sanction", "UN sanctions North Korea", d2, agent=[un], target=[nk],
           factuality="Hypothetical", date=Literal("2024", datatype=XSD_YEAR))
    _event(g, "criticism", "Criticism", "Russia criticises the UN", d2, agent=[russia],
           target=[un], factuality="Negated", sentence="Russia did not criticise the UN.")
    _event(g, "evil", "Statement", "A statement", d2, agent=[evil], target=[kim],
           date=Literal("2024-09-01", datatype=XSD_DATE), sentence=EVIL_SENTENCE)
    _event(g, "odd", "Oddity", "Something odd", d2, agent=[kim],
           date=Literal("2024-09-03", datatype=XSD_DATE))
    return g


@pytest.fixture()
def data():
    return read_view_data(small_graph(), ontology=small_ontology())


def _iri(kind: str, key: str) -> str:
    return str(ID[f"{kind}/{key}"])


def test_records_read_entities_with_kinds_labels_and_wikidata(data):
    entities = data.entity_map()
    putin = entities[_iri("actor", "putin")]
    assert (putin.label, putin.kind, putin.alt_labels) == ("Vladimir Putin", "person", ("Putin",))
    assert putin.wikidata == "https://www.wikidata.org/wiki/Q7747"
    assert entities[_iri("actor", "nk")].kind == "country"
    assert entities[_iri("actor", "un")].kind == "organisation"
    assert entities[_iri("actor", "pyongyang")].kind == "city"
    assert not entities[_iri("actor", "pyongyang")].is_actor
    assert len(data.entities) == 8


def test_records_read_events_with_classes_dates_factuality_and_evidence(data):
    events = data.event_map()
    visit = events[_iri("event", "visit")]
    assert (visit.cls, visit.types, visit.quad) == ("Visit", ("Visit", "Meeting", "Event"), "MaterialCooperation")
    assert (visit.start, visit.end, visit.date_text) == ("2024-06-19", "2024-06-19", "2024-06-19")
    assert visit.evidence[0].text == "Putin arrived in Pyongyang on Wednesday."
    assert visit.evidence[0].doc.doc_id == "d1_putin_pyongyang"
    assert visit.evidence[0].doc.title == "Putin visits Pyongyang"
    test = events[_iri("event", "test")]
    assert (test.start, test.end) == ("2024-09-01", "2024-09-30")
    sanction = events[_iri("event", "sanction")]
    assert (sanction.start, sanction.end, sanction.factuality) == ("2024-01-01", "2024-12-31", "hypothetical")
    criticism = events[_iri("event", "criticism")]
    assert criticism.factuality == "negated"
    assert (criticism.start, criticism.date_text) == ("2024-09-02", None)  # the document's date
    assert events[_iri("event", "odd")].quad == "other"
    assert events[_iri("event", "summit")].trigger == "summit"
    roles = {(l.role, l.entity) for l in data.links if l.event == _iri("event", "visit")}
    assert roles == {("agent", _iri("actor", "putin")), ("target", _iri("actor", "nk")),
                     ("place", _iri("actor", "pyongyang"))}


def test_event_classes_come_from_the_ontology(data):
    names = {c.name: c.quad for c in data.event_classes}
    assert names["Summit"] == "MaterialCooperation"
    assert names["Oddity"] == "other"


def test_filter_by_type_includes_subclasses(data):
    chosen = filter_events(data, types=("Meeting",))
    assert {e.cls for e in chosen.events} == {"Visit", "Summit"}
    assert {e.label for e in chosen.entities} == {"Vladimir Putin", "Kim Jong Un", "North Korea", "Pyongyang"}


def test_filter_by_type_name_is_case_insensitive_and_checked(data):
    assert {e.cls for e in filter_events(data, types=("missiletest",)).events} == {"MissileTest"}
    with pytest.raises(InputError, match="unknown event type Banquet"):
        filter_events(data, types=("Banquet",))


def test_filter_by_dates_keeps_overlapping_events(data):
    chosen = filter_events(data, since="2024-09-02")
    assert {e.cls for e in chosen.events} == {"MissileTest", "Sanction", "Criticism", "Oddity"}
    chosen = filter_events(data, since="2024-06", until="2024-06")
    assert {e.cls for e in chosen.events} == {"Visit", "Summit", "Sanction"}
    chosen = filter_events(data, until="2024-06-18")
    assert {e.cls for e in chosen.events} == {"Sanction"}


def test_focus_and_hops(data):
    one = select(data, ViewOptions(focus="putin", hops=1)).data
    assert {e.cls for e in one.events} == {"Visit", "Summit"}
    assert {e.label for e in one.entities} == {"Vladimir Putin", "Kim Jong Un", "North Korea", "Pyongyang"}
    two = select(data, ViewOptions(focus="Vladimir Putin", hops=2)).data
    assert {"MissileTest", "Sanction", "Statement", "Oddity"} <= {e.cls for e in two.events}
    assert "Criticism" not in {e.cls for e in two.events}  # Russia is three hops away
    zero = select(data, ViewOptions(focus="DPRK", hops=0))
    assert [e.label for e in zero.data.entities] == ["North Korea"] and not zero.data.events
    assert zero.focus == _iri("actor", "nk")


def test_focus_must_name_one_entity(data):
    with pytest.raises(InputError, match="no actor"):
        find_entity(data, "Atlantis")
    with pytest.raises(InputError, match="several"):
        find_entity(data, "o")  # Pyongyang, Moscow, North Korea...
    assert find_entity(data, _iri("actor", "un")).label == "United Nations"


def test_max_nodes_keeps_most_central_actors_and_reports(data):
    putin = _iri("actor", "putin")
    selection = select(data, ViewOptions(max_nodes=4, focus=putin, hops=2))  # a focus: cut to size
    kept = selection.data
    assert kept.node_count() == 4
    assert selection.truncated and not selection.aggregated
    assert kept.entities[0].iri == putin or putin in {e.iri for e in kept.entities}
    events = {e.iri for e in kept.events}
    assert all(link.event in events and link.entity in {e.iri for e in kept.entities}
               for link in kept.links)
    # North Korea and Kim take part in 4 and 3 events: the two most central actors come first
    names = [e.label for e in cut_to(data, 6).entities]
    assert "North Korea" in names and "Kim Jong Un" in names
    assert not select(data, ViewOptions(max_nodes=1000)).truncated


def test_above_max_nodes_nothing_is_dropped_the_page_aggregates(data):
    selection = select(data, ViewOptions(max_nodes=6))
    assert selection.aggregated and selection.truncated
    assert selection.data == data  # every event stays: listed in the table and the timeline
    assert selection.dropped_nodes == data.node_count() - 3  # drawn: the 3 most connected entities


def test_cut_keeps_focus_first(data):
    kept = cut_to(data, 3, pinned=_iri("actor", "un"))
    assert kept.entities[0].label == "United Nations" or "United Nations" in {e.label for e in kept.entities}


def test_actor_network_weights(data):
    net = actor_network(data)
    assert net.edges[_iri("actor", "putin"), _iri("actor", "kim")]["weight"] == 1
    assert net.edges[_iri("actor", "un"), _iri("actor", "nk")]["weight"] == 1
    assert _iri("actor", "pyongyang") not in net  # places are not actors
    g = small_graph()
    d = _doc(g, "d3", "2024-10-01")
    _event(g, "talks2", "Meeting", "Putin meets Kim again", d, participant=[ID["actor/putin"], ID["actor/kim"]])
    net = actor_network(read_view_data(g, ontology=small_ontology()))
    edge = net.edges[_iri("actor", "putin"), _iri("actor", "kim")]
    assert edge["weight"] == 2 and len(edge["events"]) == 2


def test_view_options_validate():
    with pytest.raises(InputError):
        ViewOptions(mode="map")
    with pytest.raises(InputError):
        ViewOptions(since="June 2024")
    with pytest.raises(InputError):
        ViewOptions(since="2024-07", until="2024-06")
    with pytest.raises(InputError):
        ViewOptions(max_nodes=0)


@pytest.fixture()
def html_file(tmp_path: Path):
    path = tmp_path / "view.html"
    report = write_html(small_graph(), path, ontology=small_ontology(),
                        options=ViewOptions(title="Talks <b>& sanctions</b>"))
    return path, report


def test_write_html_reports(html_file):
    path, report = html_file
    assert report.path == path and path.exists()
    assert (report.nodes, report.edges, report.dropped_nodes, report.truncated) == (15, 14, 0, False)
    assert str(path) in report.message


def test_html_loads_nothing_from_the_network(html_file):
    html = html_file[0].read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"<link\b", html, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html, re.I)
    for host in ("jsdelivr", "cdnjs", "unpkg", "bootstrapcdn", "googleapis"):
        assert host not in html.lower()
    assert "default-src 'none'" in html.replace("&#39;", "'")
    assert "vis-network" in html and len(html) > 400_000  # vis-network is inline


def test_html_data_is_json_escaped(html_file):
    html = html_file[0].read_text(encoding="utf-8")
    assert "<img src=x" not in html
    assert "</script><script>window.__pwned" not in html
    assert "\\u003cimg src=x onerror=window.__pwned=1\\u003e" in html
    assert "Talks &lt;b&gt;&amp; sanctions&lt;/b&gt;" in html
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    data = _expanded(json.loads(block.group(1)))
    names = {m["name"] for m in data["meta"].values()}
    assert EVIL_NAME in names
    wikidata = {m.get("wd") for m in data["meta"].values()} - {None}
    assert wikidata == {"https://www.wikidata.org/wiki/Q7747", "https://www.wikidata.org/wiki/Q56226",
                        "https://www.wikidata.org/wiki/Q159"}
    for url in re.findall(r"https?://[^\s\"'<>\\]+", block.group(1)):
        assert url.startswith(("https://w3id.org/diplokg/", "https://www.wikidata.org/wiki/")), url


def test_html_visual_grammar(html_file):
    html = html_file[0].read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', html, re.S).group(1))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[_iri("actor", "putin")]["shape"] == "dot"
    assert nodes[_iri("actor", "russia")]["shape"] == "square"
    assert nodes[_iri("actor", "un")]["shape"] == "triangle"
    assert nodes[_iri("actor", "pyongyang")]["shape"] == "star"
    assert nodes[_iri("event", "visit")]["shape"] == "diamond"
    assert nodes[_iri("event", "visit")]["shapeProperties"]["borderDashes"] is False
    assert nodes[_iri("event", "sanction")]["shapeProperties"]["borderDashes"]
    assert "0.22" in nodes[_iri("event", "criticism")]["color"]["background"]
    labels = {e["label"] for e in data["edges"]}
    assert labels == {"agent", "target", "participant", "place"}
    agent = next(e for e in data["edges"] if e["label"] == "agent" and e["from"] == _iri("actor", "putin"))
    assert agent["to"] == _iri("event", "visit") and agent["arrows"] == "to"
    assert "legend" in html.lower() and "material conflict" in html


def test_max_nodes_aggregates_and_says_so(tmp_path):
    path = tmp_path / "v.html"
    report = write_html(small_graph(), path, ontology=small_ontology(), options=ViewOptions(max_nodes=6))
    assert report.truncated and report.nodes == 3 and report.edges <= 3
    assert "7 events and 8 actors and places are too many to draw" in report.message
    data = _payload(path)
    assert data["aggregated"] and data["mode"] == "actors"
    assert {n["id"] for n in data["nodes"]} == {_iri("actor", k) for k in ("nk", "kim", "putin")}
    assert data["edges"] == [] and len(data["nodes"]) + len(data["ties"]) <= 6
    assert sum(1 for m in data["meta"].values() if m["t"] == "event") == 7  # every event reachable
    assert "too many to draw" in path.read_text(encoding="utf-8")


def test_actors_mode_reports_actor_network(tmp_path):
    report = write_html(small_graph(), tmp_path / "v.html", ontology=small_ontology(),
                        options=ViewOptions(mode="actors"))
    assert report.nodes == 6  # places left out
    assert report.edges == 5  # putin–nk, putin–kim, un–nk, russia–un, evil–kim


def test_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        write_html(small_graph(), tmp_path / "nope" / "v.html", ontology=small_ontology())


def test_empty_graph_writes_a_page(tmp_path):
    report = write_html(Graph(), tmp_path / "v.html", ontology=small_ontology())
    assert report.nodes == 0 and (tmp_path / "v.html").exists()


def _store_with(path: Path, graph: Graph):
    """Return a local store holding ``graph`` in one document graph (the store's layout)."""
    import pyoxigraph as ox

    from kg.store.local import open_store

    store = open_store(path)
    name = ox.NamedNode(str(ID["doc/d1_putin_pyongyang"]))
    triples = ox.parse(graph.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    store.load_triples(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
    return store


def test_records_read_from_a_store_with_sparql_never_copy_it(tmp_path, monkeypatch):
    from kg.store.local import Store

    store = _store_with(tmp_path / "store", small_graph())
    try:
        def refuse(*args, **kwargs):
            raise AssertionError("the view copied the whole store")
        monkeypatch.setattr(Store, "quads", refuse)
        monkeypatch.setattr(Store, "dump", refuse)
        from_store = read_view_data(store, ontology=small_ontology())
        report = write_html(store, tmp_path / "v.html", ontology=small_ontology())
    finally:
        store.close()
    assert from_store == read_view_data(small_graph(), ontology=small_ontology())
    assert (report.nodes, report.edges) == (15, 14)


def _strange_graph() -> Graph:
    g = small_graph()
    doc = ID["doc/d2_sanctions"]
    kim = ID["actor/kim"]
    rumour = _event(g, "rumour", "Summit", "A rumoured summit", doc, participant=[kim])
    g.add((rumour, DIP.factuality, DIP.Rumoured))  # not one of the ontology's three values
    odd = ID["event/parley"]
    g.add((odd, RDF.type, URIRef("http://example.org/vocab#Parley")))  # a class no ontology declares
    g.add((odd, DIP.agent, kim))
    g.add((odd, DIP.factuality, Literal("perhaps")))
    long_name = "Kim " + "Jong Un " * 1250  # 10,000 characters
    g.add((ID["actor/long"], RDF.type, DIP.Person))
    g.add((ID["actor/long"], RDFS.label, Literal(long_name)))
    _event(g, "long", "Statement", "L" * 10_000, doc, agent=[ID["actor/long"]], sentence="S" * 10_000)
    return g


def _payload(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    return _expanded(json.loads(re.search(r'id="kg-data">(.*?)</script>', html, re.S).group(1)))


def _expanded(data: dict) -> dict:
    """The page's data with ``meta`` (entities and events by IRI) as its script rebuilds it."""
    return {**data, "meta": expand_meta(data["tables"])}


def test_unknown_factuality_and_class_are_shown_as_such(tmp_path):
    path = tmp_path / "v.html"
    write_html(_strange_graph(), path, ontology=small_ontology())  # no KeyError
    meta = _payload(path)["meta"]
    rumour, parley = meta[_iri("event", "rumour")], meta[_iri("event", "parley")]
    assert rumour["fact"] == "rumoured"
    assert rumour["factLabel"] == "rumoured (not a known factuality value)"
    assert parley["factLabel"] == "perhaps (not a known factuality value)"
    assert (parley["cls"], parley["clsLabel"]) == ("Parley", "Parley (not in the ontology)")
    assert meta[_iri("event", "visit")]["factLabel"] == "asserted"


def test_long_labels_are_cut_everywhere(tmp_path):
    path = tmp_path / "v.html"
    write_html(_strange_graph(), path, ontology=small_ontology())
    data = _payload(path)
    nodes = {n["id"]: n for n in data["nodes"]}
    person, event = _iri("actor", "long"), _iri("event", "long")
    assert len(nodes[person]["label"]) <= 40 and nodes[person]["label"].endswith("…")
    assert len(nodes[event]["label"]) <= 40
    assert len(data["meta"][person]["name"]) <= 160
    assert len(data["meta"][event]["name"]) <= 160
    assert all(len(role[1]) <= 160 for role in data["meta"][event]["roles"])
    assert all(len(sentence[0]) <= 1000 for sentence in data["meta"][event]["ev"])
    assert path.stat().st_size < 1_000_000


@pytest.mark.slow
def test_kg_view_reads_the_built_store_without_copying_it(example_store, tmp_path, monkeypatch):
    from click.testing import CliRunner

    import kg.rdf.export
    from kg.cli import main
    from kg.store.local import Store

    def refuse(*args, **kwargs):
        raise AssertionError("kg view copied the whole store")
    monkeypatch.setattr(kg.rdf.export, "store_as_rdflib", refuse)
    monkeypatch.setattr(Store, "quads", refuse)
    path = tmp_path / "g.html"
    out = CliRunner().invoke(main, ["view", "--store", str(example_store), "--output", str(path)])
    assert out.exit_code == 0, out.output
    meta = _payload(path)["meta"]
    events = [m for m in meta.values() if m["t"] == "event"]
    assert events and any(m["ev"] for m in events) and any(m["roles"] for m in events)
    assert "Kim Jong Un" in {m["name"] for m in meta.values()}


ZERO_WIDTH_KIM = "Kim Jong\u200bUn"
BIDI_KIM = "Kim Jong Un\u202e"
CYRILLIC_KIM = "Kim J\u043eng Un"  # a Cyrillic o


def _lookalike_graph() -> Graph:
    g = small_graph()
    doc = ID["doc/d2_sanctions"]
    for key, name, qid in (("zw", ZERO_WIDTH_KIM, "Q56226"), ("bidi", BIDI_KIM, None), ("cyr", CYRILLIC_KIM, None)):
        fake = _actor(g, key, "Person", name, qid=qid)
        _event(g, f"fake-{key}", "Statement", f"{name} speaks", doc, agent=[fake])
    return g


def test_lookalike_names_are_flagged(tmp_path):
    path = tmp_path / "v.html"
    write_html(_lookalike_graph(), path, ontology=small_ontology())
    data = _payload(path)
    meta, nodes = data["meta"], {n["id"]: n for n in data["nodes"]}
    zw, bidi, cyr = (meta[_iri("actor", k)]["warn"] for k in ("zw", "bidi", "cyr"))
    assert any("invisible characters (U+200B ZERO WIDTH SPACE)" in w for w in zw)
    assert any("claims the same Wikidata id (Q56226) as «Kim Jong Un»" in w for w in zw)
    assert any("bidirectional controls (U+202E)" in w for w in bidi)
    assert any("reads the same as another entity's name «Kim Jong Un»" in w for w in bidi)
    assert any("mixes scripts in one word (CYRILLIC, LATIN)" in w for w in cyr)
    # the real one is told that others claim its name or id; plain names carry nothing
    assert any("Q56226" in w for w in meta[_iri("actor", "kim")]["warn"])
    assert meta[_iri("actor", "putin")]["warn"] == []
    assert nodes[_iri("actor", "zw")]["label"].startswith("⚠ Kim Jong⟨U+200B⟩Un")
    assert not nodes[_iri("actor", "putin")]["label"].startswith("⚠")


GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WORLD_ATLAS_SHA256 = "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8"


def _mapped_graph() -> Graph:
    """The small graph with GeoSPARQL points on two cities (test values, not project data)."""
    g = small_graph()
    for key, wkt in (("pyongyang", "POINT(125.75 39.02)"), ("moscow", "POINT(37.62 55.75)"), ("nk", "POINT(127.1 40.1)")):
        geometry = ID[f"geometry/{key}"]
        g.add((ID[f"actor/{key}"], GEO.hasGeometry, geometry))
        g.add((geometry, GEO.asWKT, Literal(wkt, datatype=GEO.wktLiteral)))
    return g


def test_places_carry_their_points_and_the_map_comes_only_with_them(tmp_path):
    path = tmp_path / "v.html"
    write_html(_mapped_graph(), path, ontology=small_ontology())
    data = _payload(path)
    assert data["hasMap"] and data["meta"][_iri("actor", "pyongyang")]["pt"] == [125.75, 39.02]
    assert data["meta"][_iri("actor", "putin")]["pt"] is None
    assert 'id="kg-world"' in path.read_text(encoding="utf-8")
    plain = tmp_path / "plain.html"
    write_html(small_graph(), plain, ontology=small_ontology())
    assert 'id="kg-world"' not in plain.read_text(encoding="utf-8") and not _payload(plain)["hasMap"]


def test_vendored_outlines_are_the_recorded_file():
    import hashlib
    from importlib import resources

    data = resources.files("kg.view").joinpath("templates").joinpath("countries-110m.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == WORLD_ATLAS_SHA256
    notes = resources.files("kg.view").joinpath("templates").joinpath("VENDORED.md").read_text(encoding="utf-8")
    assert WORLD_ATLAS_SHA256 in notes and "world-atlas" in notes and "2.0.2" in notes


def test_colours_meet_wcag_aa_contrast():
    from importlib import resources

    from kg.view.network import vis_options
    from kg.view.style import QUAD_COLOURS, ROLE_STYLES, TIE_COLOUR, border, contrast

    page = resources.files("kg.view").joinpath("templates").joinpath("page.html").read_text(encoding="utf-8")
    texts = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", page)
    options = vis_options(10)
    texts += [options["edges"]["font"]["color"], "#333333", "#666666"]  # edge labels, event labels
    assert texts and all(contrast(c) >= 4.5 for c in texts), [(c, round(contrast(c), 2)) for c in texts]
    graphics = [border(c) for c in QUAD_COLOURS.values()] + [c for c, _ in ROLE_STYLES.values()] + [TIE_COLOUR]
    assert all(contrast(c) >= 3 for c in graphics), [(c, round(contrast(c), 2)) for c in graphics]


def test_records_read_from_a_remote_store_equal_the_local_ones(tmp_path):
    import threading

    from kg.query.server import make_server
    from kg.store.local import open_store

    _store_with(tmp_path / "store", small_graph()).close()
    with open_store(tmp_path / "store", read_only=True) as local:
        expected = read_view_data(local, ontology=small_ontology())
        server = make_server(local, port=0, workers=0, timeout=None, quiet=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            host, port = server.server_address[:2]
            with open_store(f"http://{host}:{port}", read_only=True) as remote:
                assert read_view_data(remote, ontology=small_ontology()) == expected
        finally:
            server.shutdown()
            server.server_close()
    assert expected == read_view_data(small_graph(), ontology=small_ontology())


def _merged_graph() -> Graph:
    """The small graph plus one merged event whose two sources disagree on its date."""
    g = small_graph()
    event = _event(g, "merged", "Summit", "A summit two sources date differently", ID["doc/d2_sanctions"],
                   participant=[ID["actor/kim"]])
    g.add((event, DIP.disputed, DIP.date))
    g.add((event, DIP.mergeNote, Literal("date: the sources say 2024-09-04 and 2024-09-05; none kept")))
    g.add((event, DIP.firstReported, Literal("2024-09-05", datatype=XSD_DATE)))
    return g


def test_a_merged_event_shows_where_its_sources_disagree_and_when_it_was_first_reported(tmp_path):
    g = _merged_graph()
    event = ID["event/merged"]
    record = read_view_data(g, ontology=small_ontology()).event_map()[str(event)]
    assert (record.start, record.end, record.date_text) == ("2024-09-05", "2024-09-05", None)
    assert record.disputed == ("date: the sources say 2024-09-04 and 2024-09-05; none kept",)
    path = tmp_path / "v.html"
    write_html(g, path, ontology=small_ontology())
    assert _payload(path)["meta"][str(event)]["disputed"] == list(record.disputed)


def test_a_big_actor_network_is_drawn_as_its_most_connected_actors_and_their_strongest_ties(tmp_path):
    """Above a few hundred nodes the page draws at most AGGREGATE_ACTORS actors (places are on
    the map) and only ties among the TIES_EACH strongest of one of their ends; every event is
    still in the page's tables."""
    from kg.view.aggregate import AGGREGATE_ACTORS, TIES_EACH
    from kg.view.page import write_records
    from kg.view.records import Entity, EventClass, EventNode, Link, ViewData

    actors = [Entity(f"{ID}actor/a{i}", f"Actor {i}", "person") for i in range(150)]
    places = [Entity(f"{ID}place/p{i}", f"City {i}", "city", point=(i, i / 2)) for i in range(10)]
    events, links = [], []
    for i in range(1200):
        iri = f"{ID}event/e{i}"
        events.append(EventNode(iri, f"Event {i}", "Meeting", "meeting", ("Meeting",), "MaterialCooperation"))
        a, b = (i * 7) % 150, (i * 7 + 1 + i % 5) % 150  # heavier ties between near neighbours
        links += [Link(iri, actors[a].iri, "agent"), Link(iri, actors[b].iri, "target"),
                  Link(iri, places[i % 10].iri, "place")]
    data = ViewData(tuple(actors + places), tuple(events), tuple(links),
                    (EventClass("Meeting", "meeting", "MaterialCooperation"),))
    report = write_records(data, tmp_path / "v.html", options=ViewOptions(max_nodes=500))
    payload = _payload(tmp_path / "v.html")
    drawn = {n["id"] for n in payload["nodes"]}
    assert payload["aggregated"] and report.nodes == len(drawn) == AGGREGATE_ACTORS
    assert drawn <= {a.iri for a in actors}
    weights = {}
    for tie in payload["ties"]:
        weights[(tie["from"], tie["to"])] = len(payload["tieEvents"][tie["id"]])
    strongest = {}
    for (a, b), w in weights.items():
        for end in (a, b):
            strongest.setdefault(end, []).append(w)
    for (a, b), w in weights.items():  # each drawn tie is among the strongest drawn of one end
        assert any(w >= sorted(strongest[end], reverse=True)[min(TIES_EACH, len(strongest[end])) - 1]
                   for end in (a, b))
    assert len(payload["ties"]) <= TIES_EACH * len(drawn)
    assert sum(1 for m in payload["meta"].values() if m["t"] == "event") == 1200
