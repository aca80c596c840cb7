"""Validation of the bundled gazetteer and title lexicon data files."""

import json
import re
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "kg" / "data"
GAZ = DATA / "gazetteer"
FILES = ["countries", "cities", "organizations", "people", "places"]

QID_RE = re.compile(r"^Q[1-9][0-9]*$")
ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
ORG_KINDS = {
    "igo", "ministry", "agency", "office", "seat", "legislature", "military",
    "state_media", "media", "party", "think_tank", "ngo", "company",
}
PLACE_KINDS = {"region", "zone", "island", "sea", "strait", "building", "site", "territory"}

REQUIRED = {
    "countries": {"id", "name", "aliases", "demonyms"},
    "cities": {"id", "name", "aliases", "country", "capital"},
    "organizations": {"id", "name", "aliases", "kind"},
    "people": {"id", "name", "aliases", "short_names", "gender", "country", "roles"},
    "places": {"id", "name", "aliases", "kind"},
}
OPTIONAL = {
    "countries": {"qid", "qid_source", "capital", "seat"},
    "cities": {"qid", "qid_source"},
    "organizations": {"qid", "qid_source", "country", "stands_for"},
    "people": {"qid", "qid_source"},
    "places": {"qid", "qid_source", "country"},
}


def _load(name):
    with open(GAZ / f"{name}.json", encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def data():
    return {name: _load(name) for name in FILES}


@pytest.fixture(scope="module")
def all_ids(data):
    return {o["id"]: name for name in FILES for o in data[name]}


@pytest.mark.parametrize("name", FILES)
def test_file_is_sorted_list_with_schema(name):
    items = _load(name)
    assert isinstance(items, list) and items
    ids = [o["id"] for o in items]
    assert ids == sorted(ids), f"{name}.json not sorted by id"
    for o in items:
        keys = set(o)
        missing = REQUIRED[name] - keys
        extra = keys - REQUIRED[name] - OPTIONAL[name]
        assert not missing, f"{o['id']}: missing {missing}"
        assert not extra, f"{o['id']}: unexpected keys {extra}"
        assert ID_RE.match(o["id"]), o["id"]
        assert isinstance(o["name"], str) and o["name"].strip(), o["id"]
        for key in ("aliases", "short_names", "demonyms"):
            if key in o:
                assert isinstance(o[key], list), (o["id"], key)
                for a in o[key]:
                    assert isinstance(a, str) and a.strip() and a == a.strip(), (o["id"], key, a)
        if "qid" in o:
            assert QID_RE.match(o["qid"]), (o["id"], o["qid"])


def test_ids_unique_across_files(data):
    seen = {}
    for name in FILES:
        for o in data[name]:
            assert o["id"] not in seen, f"duplicate id {o['id']} in {name} and {seen[o['id']]}"
            seen[o["id"]] = name


def test_every_wikidata_id_names_the_source_it_was_checked_against(data):
    with open(GAZ / "qid_sources.json", encoding="utf-8") as f:
        sources = json.load(f)
    for key, source in sources.items():
        assert set(source) == {"repository", "file", "commit", "what"}, key
        # a GitHub repository, or the file id the search tools gave when they did not name its repository
        assert source["repository"].startswith(("https://github.com/", "read_file id ")), key
        assert source["what"].strip() and source["file"], key
    used = set()
    for name in FILES:
        for o in data[name]:
            assert ("qid" in o) == ("qid_source" in o), f"{o['id']}: a Wikidata id needs its source, a source its id"
            if "qid" in o:
                assert o["qid_source"] in sources, (o["id"], o["qid_source"])
                used.add(o["qid_source"])
    assert used == set(sources), f"sources nothing cites: {set(sources) - used}"


def test_qids_unique(data):
    seen = {}
    for name in FILES:
        for o in data[name]:
            if "qid" in o:
                assert o["qid"] not in seen, f"QID {o['qid']} on {o['id']} and {seen[o['qid']]}"
                seen[o["qid"]] = o["id"]


def test_references_resolve(data, all_ids):
    def ref(owner, value, allowed):
        assert value in all_ids, f"{owner}: unknown reference {value!r}"
        assert all_ids[value] in allowed, f"{owner}: {value!r} is a {all_ids[value]} entry"

    for c in data["countries"]:
        for key in ("capital", "seat"):
            if key in c:
                ref(c["id"], c[key], {"cities"})
    for c in data["cities"]:
        ref(c["id"], c["country"], {"countries"})
        assert isinstance(c["capital"], bool)
    for o in data["organizations"]:
        assert o["kind"] in ORG_KINDS, (o["id"], o["kind"])
        if "country" in o:
            ref(o["id"], o["country"], {"countries"})
        if "stands_for" in o:
            assert o["kind"] == "seat", o["id"]
            ref(o["id"], o["stands_for"], {"countries"})
    for p in data["places"]:
        assert p["kind"] in PLACE_KINDS, (p["id"], p["kind"])
        if "country" in p:
            ref(p["id"], p["country"], {"countries"})
    for p in data["people"]:
        assert p["gender"] in {"male", "female"}, p["id"]
        ref(p["id"], p["country"], {"countries"})
        for r in p["roles"]:
            assert set(r) <= {"title", "of", "former", "start", "end", "held_on", "source"}, (p["id"], r)
            assert r["title"].strip(), p["id"]
            ref(p["id"], r["of"], {"countries", "organizations", "cities", "places"})
            if "former" in r:
                assert r["former"] is True, p["id"]


def test_every_dated_role_names_a_listed_source(data):
    """A role's dates come from a public source that was read (role_sources.json), never from memory."""
    from kg import resources
    from kg.nlp.roles import role_from_json

    sources = resources.read_json("gazetteer", "role_sources.json")
    used = set()
    for p in data["people"]:
        for r in p["roles"]:
            role = role_from_json(r, p["id"])  # dates well formed, an end after the start
            if role.start or role.end or role.held_on:
                assert role.sources, f"{p['id']} {r['title']}: dates without a source"
            for key in role.sources:
                assert key in sources, f"{p['id']}: source {key!r} not in role_sources.json"
                used.add(key)
    for key, source in sources.items():
        assert source["urls"] and all(u.startswith(("https://", "http://")) for u in source["urls"]), key
        assert source["what"].strip(), key
    assert set(sources) == used, f"listed but unused: {sorted(set(sources) - used)}"


def test_terms_of_one_office_do_not_overlap(data):
    from kg.nlp.roles import date_bounds, role_from_json

    for p in data["people"]:
        terms = {}
        for r in p["roles"]:
            role = role_from_json(r, p["id"])
            if role.start:
                terms.setdefault((role.title, role.of_key), []).append(role)
        for office, held in terms.items():
            held.sort(key=lambda t: date_bounds(t.start)[0])
            for before, after in zip(held, held[1:]):
                assert before.end and date_bounds(before.end)[0] <= date_bounds(after.start)[1], (p["id"], office)


def test_capital_flags_consistent(data):
    capitals = {c["capital"] for c in data["countries"] if "capital" in c}
    for c in data["cities"]:
        if c["id"] in capitals:
            assert c["capital"] is True, c["id"]


def test_no_surface_form_points_to_two_ids(data):
    owner = {}
    for name in FILES:
        for o in data[name]:
            forms = [o["name"], *o.get("aliases", []), *o.get("short_names", []), *o.get("demonyms", [])]
            for form in forms:
                key = form.casefold()
                if key in owner:
                    assert owner[key] == o["id"], f"{form!r} used by {owner[key]} and {o['id']}"
                owner[key] = o["id"]


def test_people_short_names_are_single_surnames(data):
    for p in data["people"]:
        for s in p["short_names"]:
            assert s != p["name"], p["id"]
            assert s not in p["aliases"], p["id"]


def test_titles_lexicon():
    with open(DATA / "lexicon" / "titles.json", encoding="utf-8") as f:
        titles = json.load(f)
    assert set(titles) == {"person_titles", "honorifics", "leader_titles"}
    for key, values in titles.items():
        assert isinstance(values, list) and values, key
        assert all(isinstance(v, str) and v.strip() for v in values), key
        assert len(values) == len(set(values)), f"duplicates in {key}"
    lengths = [len(t.split()) for t in titles["person_titles"]]
    assert lengths == sorted(lengths, reverse=True), "person_titles must be ordered longest first"
    person = {t.casefold() for t in titles["person_titles"]}
    for t in titles["leader_titles"]:
        assert t.casefold() in person, f"leader title {t!r} missing from person_titles"
