"""``kg validate``: the SHACL shapes (ontologies/shapes.ttl) run with pySHACL over exports and stores.

Every export of the example articles conforms; a copy broken in several ways has each breakage
reported, with its node, property and message.
"""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.rdf.formats import EXPORT_FORMATS

pytestmark = pytest.mark.slow

EXTENSION = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "ntriples": "nt", "jsonld": "jsonld"}


def kg(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def exported(example_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    for fmt in EXPORT_FORMATS:
        out = kg("export", "--store", example_store, "--output", folder / f"examples.{EXTENSION[fmt]}")
        assert out.exit_code == 0, out.output
    return folder


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_export_of_the_examples_conforms(exported, fmt):
    out = kg("validate", exported / f"examples.{EXTENSION[fmt]}")
    assert out.exit_code == 0, out.output
    assert out.output.startswith("conforms to the shapes (")


def test_a_store_with_stored_findings_conforms(example_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(example_store, store)
    assert kg("check", "--store", store, "--write").exit_code == 1  # the seed's two stale titles
    out = kg("validate", "--store", store, "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["conforms"] and data["violations"] == [] and data["triples"] > 3000


def test_each_breakage_is_caught(exported, tmp_path):
    import rdflib
    from rdflib import OWL, RDF, XSD, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS

    dip = Namespace("https://w3id.org/diplokg/ontology#")
    g = rdflib.Graph().parse(exported / "examples.nt", format="nt")

    def short(node):
        return str(node).replace("https://w3id.org/diplokg/id/", "kgid:")

    broken = {}
    doc = next(g.subjects(RDF.type, dip.Document))
    g.remove((doc, DCTERMS.identifier, None))
    broken["no document id"] = (doc, "dcterms:identifier", "exactly one id")
    role = next(r for r in g.subjects(RDF.type, dip.Role) if g.value(r, dip.roleStart) and g.value(r, dip.roleEnd))
    g.set((role, dip.roleEnd, Literal("1900-01-01", datatype=XSD.date)))
    broken["term ends before it starts"] = (role, "dip:roleEnd", "ends before it starts")
    event = next(g.subjects(dip.factuality, dip.Asserted))
    g.set((event, dip.factuality, dip.Maybe))
    broken["unknown factuality"] = (event, "dip:factuality", "one factuality")
    sentence = next(g.subjects(RDF.type, dip.Sentence))
    g.set((sentence, dip.charStart, Literal(10 ** 6)))
    broken["offsets reversed"] = (sentence, "dip:charStart", "starts before it ends")
    actor = next(g.subjects(OWL.sameAs, None))
    g.add((actor, OWL.sameAs, URIRef("http://example.org/not-wikidata")))
    broken["not a Wikidata item"] = (actor, "owl:sameAs", "Wikidata item")
    claim = next(g.subjects(RDF.type, dip.TitleClaim))
    g.remove((claim, dip.claimAbout, None))
    broken["claim about no one"] = (claim, "dip:claimAbout", "about exactly one person")
    unmentioned = next(e for e in g.subjects(dip.mention, None) if e != event)
    g.remove((unmentioned, dip.mention, None))
    broken["event without evidence"] = (unmentioned, "dip:mention", "at least one mention")
    literal_agent = next(e for e in g.subjects(dip.agent, None) if e not in (event, unmentioned))
    g.add((literal_agent, dip.agent, Literal("Trump")))
    broken["agent that is a string"] = (literal_agent, "dip:agent|dip:target|dip:participant", "are actors")
    role_date = next(r for r in g.subjects(RDF.type, dip.Role) if r != role and g.value(r, dip.roleStart))
    g.set((role_date, dip.roleStart, Literal("20 January 2017")))
    broken["a date that is no date"] = (role_date, "dip:roleStart", "at most one start")
    path = tmp_path / "broken.nt"
    g.serialize(path, format="nt")

    out = kg("validate", path, "--format", "json")
    assert out.exit_code == 1
    found = {(v["focus"], v["path"]) : v["message"] for v in json.loads(out.output)["violations"]}
    for what, (node, prop, words) in broken.items():
        assert words in found.get((short(node), prop), ""), f"{what}: not reported ({node} {prop})"
    assert len(found) == len(broken)  # nothing else in the graph is reported
    table = kg("validate", path)
    assert table.exit_code == 1 and f"{len(broken)} violations of the shapes" in table.output


def test_unreadable_inputs_are_one_clear_error(tmp_path, example_store):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    for args in ((bad,), (tmp_path / "missing.nt",), (bad, "--store", example_store)):
        out = kg("validate", *args)
        assert out.exit_code != 0 and "error" in out.output.lower(), out.output
        assert "Traceback" not in out.output and out.exception is None or isinstance(out.exception, SystemExit)
