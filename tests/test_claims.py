"""Claims a document makes about a person (kg/extract/claims.py) and the dated reference roles.

The sentences are written for these tests; each shows one pattern, with negative cases.
"""
from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.nlp.gazetteer import load_gazetteer
from kg.nlp.roles import date_bounds, read_roles_file, role_from_json, summarise
from kg.records import Role


def claims_of(rec, key):
    return [(c.kind, c.tenure, c.title, c.of_key, c.span.text) for c in rec.claims if c.actor_key == key]


# ---------------------------------------------------------------- reading claims (the model)
@pytest.mark.slow
def test_a_former_title_with_its_country_and_words(read):
    text = "Seoul, March 3 2023 — Former U.S. President Donald Trump said he would visit Seoul."
    rec = read(text)
    claim = next(c for c in rec.claims if c.actor_key == "donald_trump")
    assert (claim.kind, claim.tenure, claim.title, claim.of_key) == ("title", "former", "President", "united_states")
    assert text[claim.span.start:claim.span.end] == claim.span.text == "Former U.S. President Donald Trump"
    assert rec.sentences[claim.sentence].start <= claim.span.start < rec.sentences[claim.sentence].end


@pytest.mark.slow
def test_a_current_title_and_none_for_an_honorific(read):
    rec = read("Beijing, May 2 2024 — Foreign Minister Wang Yi met Dr. Ellen Park, an analyst, in Beijing.")
    assert claims_of(rec, "wang_yi") == [("title", "current", "Foreign Minister", None, "Foreign Minister Wang Yi")]
    park = next(a.key for a in rec.actors if a.label == "Ellen Park")
    assert claims_of(rec, park) == []


@pytest.mark.slow
def test_a_relative_named_through_a_possessive(read):
    rec = read("Seoul, May 2 2024 — Kim Jong Un inspected a factory. Kim's sister Kim Yo Jong warned Seoul on Friday.")
    assert ("relation", "current", "sister", "kim_jong_un", "Kim's sister Kim Yo Jong") in claims_of(rec, "kim_yo_jong")
    assert not [c for c in claims_of(rec, "kim_jong_un") if c[0] == "relation"]


@pytest.mark.slow
def test_elect_and_then_place_the_title_off_the_documents_date(read):
    rec = read("Washington, Dec 2 2024 — President-elect Donald Trump praised then-President Barack Obama's envoy.")
    assert ("title", "elect", "President") == claims_of(rec, "donald_trump")[0][:3]
    assert ("title", "then", "President") == claims_of(rec, "barack_obama")[0][:3]


@pytest.mark.slow
def test_an_administration_takes_its_time_from_the_verb(read):
    rec = read("Washington, June 2 2024 — The Biden administration has kept its sanctions on Iran. "
               "The Obama administration imposed them in 2012. Critics of the former Trump administration disagree.")
    assert [c[:2] for c in claims_of(rec, "joe_biden")] == [("administration", "current")]
    assert [c[:2] for c in claims_of(rec, "barack_obama")] == [("administration", "then")]
    assert [c[:2] for c in claims_of(rec, "donald_trump")] == [("administration", "former")]


@pytest.mark.slow
def test_claims_are_mapped_into_the_documents_graph_with_their_offsets(read):
    from rdflib import Literal
    from kg.rdf.mapping import document_graph
    from kg.vocab import DIP

    text = "Tokyo, May 2 2024 — Japanese Prime Minister Fumio Kishida called Former U.S. President Donald Trump."
    g = document_graph(read(text))
    claims = {str(g.value(c, DIP.text)): c for c in g.subjects(DIP.claimedTitle, None)}
    trump = claims["Former U.S. President Donald Trump"]
    assert g.value(trump, DIP.tenure) == DIP.FormerHolder
    start, end = int(g.value(trump, DIP.charStart)), int(g.value(trump, DIP.charEnd))
    assert text[start:end] == "Former U.S. President Donald Trump"
    assert (claims["Japanese Prime Minister Fumio Kishida"], DIP.tenure, DIP.Incumbent) in g
    assert (None, DIP.claimedTitle, Literal("Prime Minister")) in g
    # the reference roles are the gazetteer's dated terms, each its own node with its sources
    terms = {(str(g.value(r, DIP.roleStart)), str(g.value(r, DIP.roleEnd))) for r in g.objects(None, DIP.holdsRole)
             if str(g.value(r, DIP.title)) == "President" and g.value(r, DIP.roleStart) is not None}
    assert ("2017-01-20", "2021-01-20") in terms and ("2025-01-20", "None") in terms


# ---------------------------------------------------------------- reference roles (no model)
def test_the_gazetteer_gives_each_term_its_dates_and_sources():
    trump = load_gazetteer().get("donald_trump")
    first, second = [r for r in trump.reference_roles if r.title == "President"]
    assert (first.start, first.end, second.start, second.end) == ("2017-01-20", "2021-01-20", "2025-01-20", None)
    assert all(s.startswith("https://") for r in (first, second) for s in r.sources)
    assert trump.roles == (("President", "united_states", False),)  # one office, not ended


def test_a_role_entry_is_checked():
    with pytest.raises(InputError, match="not a date"):
        role_from_json({"title": "President", "start": "2017-13-01"}, "x")
    with pytest.raises(InputError, match="ends .* before it starts"):
        role_from_json({"title": "President", "start": "2021", "end": "2017-01-20"}, "x")
    with pytest.raises(InputError, match="unknown role field"):
        role_from_json({"title": "President", "since": "2021"}, "x")
    with pytest.raises(InputError, match="needs a title"):
        role_from_json({"of": "x"}, "x")
    assert role_from_json({"title": "King", "start": "2022-09"}, "x").start == "2022-09"


def test_summary_of_terms_is_former_only_when_every_term_ended():
    assert summarise([Role("PM", "x", end="2001"), Role("PM", "x", start="2010", former=True)]) == (("PM", "x", True),)
    assert summarise([Role("PM", "x", end="2001"), Role("PM", "x")]) == (("PM", "x", False),)


def test_date_bounds_of_each_precision():
    assert [str(d) for d in date_bounds("2023-02")] == ["2023-02-01", "2023-02-28"]
    with pytest.raises(ValueError):
        date_bounds("2023-02-30")


def test_a_users_roles_file(tmp_path):
    path = tmp_path / "roles.json"
    path.write_text('[{"name": "Jane Roe", "aliases": ["Roe"], "roles": [{"title": "Mayor", "start": "2020"}]}]')
    (person,) = read_roles_file(path)
    assert person.names == ("Jane Roe", "Roe") and person.roles[0].start == "2020"
    path.write_text('{"name": "Jane Roe"}')
    with pytest.raises(InputError, match="list of people"):
        read_roles_file(path)
    path.write_text('[{"roles": [{"title": "Mayor"}]}]')
    with pytest.raises(InputError, match="id .* or a name"):
        read_roles_file(path)
    with pytest.raises(InputError, match="cannot read"):
        read_roles_file(tmp_path / "missing.json")
