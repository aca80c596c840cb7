"""The extraction targets of the project hold on the dev set, and `kg eval` agrees with the reference scorer."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluate import evaluate, normalise_label

GOLD = Path(__file__).resolve().parent / "gold"
SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
# A ratchet: the scores measured on main (commit in the note), each floor 0.001 under its measurement,
# so losing a single entity, event, date, place or factuality fails. When extraction improves, raise
# the floors to the new measurement; lowering one needs a reason in the commit that does it.
MEASURED = "main at 2b11142"
DEV_FLOORS = {("entity", "f1"): 1.0, ("entity", "wikidata_accuracy"): 1.0, ("entity", "type_accuracy"): 1.0,
              ("entity", "cross_document_identity"): 1.0, ("event", "f1"): 1.0, ("event", "date_accuracy"): 1.0,
              ("event", "place_accuracy"): 1.0, ("event", "factuality_accuracy"): 1.0}
# type 0.994: issue #17 asks that an unknown GPE be a Place unless the text says it is a city; the held-out
# gold types "In Muzaffarabad, ..." a City with no such cue (x-ents lowered it; "the town of Kotli" stays a City)
# h9-h12 and h13-h16 (session 7) were written before the extractor ran on them (first scores: h9-h12
# see tests/gold_heldout/README.md; h13-h16 event F1 0.451). Measured on h1-h16 after the session's
# rule fixes of both helpers (wire: names, dates, places; events: triggers, sides, factuality)
# Session 8 added h21-h24 (four real events no rule had seen; first event F1 0.581 on them alone) and
# h17-h20 (first event F1 0.690, date 0.5, place 0.333; see tests/gold_heldout/README.md): the floors are the
# measurement on h1-h24 (x-time merged with main at 85c7d20). They are under the h1-h16 ones only because
# the set grew by harder articles, not because extraction got worse: on h1-h16 + h21-h24 the same code
# measures entity F1 0.987, type 0.99, identity 0.967, event F1 0.783, date 0.914, place 0.826, factuality
# 0.981, at or above main's floors for that set.
# Then raised with the events helper's rules (event F1 0.809, factuality 0.984); date 0.875 and place 0.788
# are under 0.909 / 0.816 only because newly matched events (a background visit "in August last year", an
# offer told again a day later, counter-sanctions in an undated sentence) have no date or place read yet:
# the wrong-attribute list is otherwise the same (no date or place that was right was lost).
# Raised with wire's time and place rules merged (h1-h24: entity F1 0.99, date 0.903, place 0.827).
HELDOUT_FLOORS = {("entity", "f1"): 0.99, ("entity", "wikidata_accuracy"): 1.0, ("entity", "type_accuracy"): 0.989,
                  ("entity", "cross_document_identity"): 0.973, ("event", "f1"): 0.809,
                  ("event", "date_accuracy"): 0.903, ("event", "place_accuracy"): 0.827,
                  ("event", "factuality_accuracy"): 0.984}
MARGIN = 0.001  # under the rounding step of the report: no real regression fits in it


def below_floor(report: dict, floors: dict) -> dict:
    """Return ``{measure: (score, floor)}`` for every score under its floor."""
    return {key: (report[key[0]][key[1]], floor) for key, floor in floors.items()
            if report[key[0]][key[1]] is None or report[key[0]][key[1]] < floor - MARGIN}


@pytest.fixture(scope="module")
def report(example_store):
    from kg.rdf.export import store_as_rdflib
    from kg.store.local import open_store

    with open_store(example_store, read_only=True) as store:
        graph = store_as_rdflib(store, with_ontology=True)
    return evaluate(graph, GOLD)


@pytest.mark.slow
def test_dev_set_scores_do_not_drop(report):
    assert not below_floor(report, DEV_FLOORS), (below_floor(report, DEV_FLOORS), report["missed_events"],
                                                 report["spurious_events"])


def test_the_ratchet_catches_one_lost_item():
    """One event fewer on the held-out set (193 of 252 found today, 32 spurious) is caught; the measurement passes."""
    def report(tp, fp, fn):
        p, r = tp / (tp + fp), tp / (tp + fn)
        scores = {section: {measure: floor for (s, measure), floor in HELDOUT_FLOORS.items() if s == section}
                  for section in ("entity", "event")}
        scores["event"]["f1"] = round(2 * p * r / (p + r), 3)
        return scores
    assert below_floor(report(193, 32, 59), HELDOUT_FLOORS) == {}
    assert set(below_floor(report(192, 32, 60), HELDOUT_FLOORS)) == {("event", "f1")}


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the reference scorer is not beside the project")
def test_kg_eval_agrees_with_the_reference_scorer(report, example_store, tmp_path):
    from kg.rdf.export import export_store
    from kg.store.local import open_store

    with open_store(example_store, read_only=True) as store:
        export_store(store, tmp_path / "dev.trig", with_ontology=True)
    out = tmp_path / "ref.json"
    subprocess.run([sys.executable, str(SHARED_SCORER), str(tmp_path / "dev.trig"), "--gold", str(GOLD),
                    "--json", str(out)], check=True, capture_output=True)
    ref = json.loads(out.read_text())
    for section in ("entity", "event"):
        for key in ("tp", "fp", "fn", "f1"):
            assert report[section][key] == ref[section][key], (section, key)


def test_kg_eval_counts_misses_and_spurious(tmp_path):
    from rdflib import Graph

    from kg.rdf.ontology import load_ontology

    graph = load_ontology()  # an empty extraction: everything required is missed
    report = evaluate(graph, GOLD)
    assert report["entity"]["tp"] == 0 and report["entity"]["fn"] > 50
    assert report["event"]["fn"] > 20 and report["event"]["f1"] == 0.0
    assert isinstance(graph, Graph)


def test_label_normalisation():
    assert normalise_label("The White House") == normalise_label("white house") == "white house"
    assert normalise_label("Kim Jong-un") == normalise_label("Kim Jong Un")
    assert normalise_label("Trump’s") == "trump"


HELDOUT = Path(__file__).resolve().parent / "gold_heldout"


@pytest.mark.slow
def test_heldout_articles_stay_close_to_the_dev_scores(reader, tmp_path):
    """Articles written separately from the rules (tests/gold_heldout): a regression guard."""
    from kg.pipeline.build import build_graph
    from kg.rdf.export import store_as_rdflib
    from kg.store.local import open_store

    with open_store(tmp_path / "heldout") as store:
        build_graph([str(HELDOUT / "articles")], store=store, reader=reader)
    with open_store(tmp_path / "heldout", read_only=True) as store:
        graph = store_as_rdflib(store, with_ontology=True)
    report = evaluate(graph, HELDOUT / "gold")
    assert not below_floor(report, HELDOUT_FLOORS), (below_floor(report, HELDOUT_FLOORS), report["missed_events"])
