"""CAMEO and PLOVER coding of the event classes: complete, consistent, sourced, and the table in docs/."""
import re
from pathlib import Path

import pytest

from kg.rdf.ontology import read_event_classes
from kg.nlp.coding import coverage_table, load_coding

DOCS_TABLE = Path(__file__).resolve().parents[1] / "docs" / "event-coding.md"


@pytest.fixture(scope="module")
def coding():
    return load_coding(read_event_classes())


def _out_of_scope(coding, code):
    return any(code[:end] in coding.data["out_of_scope"] for end in range(2, len(code) + 1))


def test_every_cameo_root_and_code_maps_to_a_class_or_is_out_of_scope_with_a_reason(coding):
    assert len(coding.data["cameo_roots"]) == 20 and len(coding.data["cameo_codes"]) > 140
    for root in coding.data["cameo_roots"]:
        under = [c for c in coding.data["cameo_codes"] if c.startswith(root)]
        assert any(coding.route(c) for c in under), f"no class takes any code of CAMEO root {root}"
    for code in coding.data["cameo_codes"]:
        assert coding.route(code) or _out_of_scope(coding, code), f"CAMEO {code} neither mapped nor out of scope"
    for code, why in coding.data["out_of_scope"].items():
        assert code in coding.data["cameo_codes"] and len(why) > 30, code


def test_no_code_is_claimed_twice_and_every_claim_is_a_cameo_code(coding):
    seen = {}
    known = set(coding.data["cameo_roots"]) | set(coding.data["cameo_codes"])
    for cls in coding.classes:
        for code in cls.cameo:
            assert code not in seen, f"{code} claimed by {seen.get(code)} and {cls.name}"
            assert code in known and code not in coding.data["out_of_scope"], code
            seen[code] = cls.name


def test_the_longest_claimed_prefix_decides(coding):
    assert coding.route("016") == "Rejection" and coding.route("012") == "Statement"
    assert coding.route("0256") == "Appeal" and coding.route("1056") == "Demand"
    assert coding.route("1661") == "Expulsion" and coding.route("161") == "ReduceRelations"
    assert coding.route("163") == "Sanction" and coding.route("195") == "Attack"
    assert coding.route("031") is None and coding.route("0311") is None and coding.route("050") is None


def test_every_plover_type_maps_to_a_class(coding):
    assert len(coding.data["plover_types"]) == 16
    for name in coding.data["plover_types"]:
        classes = [c.name for c in coding.classes if name in c.plover]
        assert classes or coding.data.get("plover_out_of_scope", {}).get(name), name
    for cls in coding.classes:
        assert set(cls.plover) <= set(coding.data["plover_types"]), cls.name


def test_quad_classes_follow_each_coding(coding):
    """``dip:quadClass`` is that of a CAMEO root the class takes; ``dip:ploverQuadClass`` that of its PLOVER types."""
    for cls in coding.classes:
        codes = coding.codes_of(cls.name)
        assert coding.classes.quad_class(cls.name) in {coding.cameo_quad(c) for c in codes}, cls.name
        plover = {coding.data["plover_types"][t]["quad"] for t in cls.plover}
        assert set(cls.plover_quad) == plover, cls.name


def test_quad_classes_differ_where_the_codings_differ(coding):
    """Meetings are verbal cooperation in both codings; an appeal is verbal conflict for PLOVER."""
    assert coding.classes["Meeting"].quad_class == "VerbalCooperation" == coding.classes["Visit"].quad_class
    appeal = coding.classes["Appeal"]
    assert appeal.quad_class == "VerbalCooperation" and appeal.plover_quad == ("VerbalConflict",)
    assert set(coding.classes["Concession"].plover_quad) == {"VerbalCooperation", "MaterialCooperation"}


def test_the_ways_diplomacy_reduces_relations_and_uses_force_have_classes(coding):
    assert coding.classes["ReduceRelations"].parent == "Sanction" == coding.classes["Expulsion"].parent
    assert coding.classes["Demand"].parent == "Appeal"
    assert {"18", "19", "20"} <= set(coding.classes["Attack"].cameo)


def test_every_source_is_named_with_repository_path_and_commit(coding):
    for source in coding.sources.values():
        if "url" in source:
            assert source["url"].startswith("https://")
        else:
            assert re.fullmatch(r"[0-9a-f]{40}", source["commit"]) and source["repo"] and source["path"]


def test_the_committed_coverage_table_matches_the_data(coding, lexicon):
    """docs/event-coding.md is generated (python -m kg.rdf.coding table): regenerate it after a change."""
    assert DOCS_TABLE.read_text(encoding="utf-8") == coverage_table(coding, lexicon)
