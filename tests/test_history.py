"""Well-known past events (kg/data/events) and linking the story's mentions of them (#18).

The sentences are the team's own; each shows a pattern news uses to recall a past summit or accord.
"""
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from kg.nlp.known_events import KnownEvent, KnownEvents, alias_words, load_known_events

EVENTS = Path(__file__).parents[1] / "kg" / "data" / "events" / "events.json"
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FIELDS = {"id", "name", "aliases", "class", "start", "end", "place", "country", "sides", "sources"}


# ---------------------------------------------------------------- the data: every row sourced and consistent
@pytest.fixture(scope="module")
def rows():
    return json.loads(EVENTS.read_text(encoding="utf-8"))


def test_every_row_is_complete_and_sourced(rows):
    assert len(rows) >= 40
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row) <= FIELDS and {"id", "name", "class", "start", "sides", "sources"} <= set(row), row["id"]
        assert row["sources"] and all(s["url"].startswith(("http://", "https://")) and s["what"]
                                      for s in row["sources"]), row["id"]
        assert ISO.match(row["start"]) and ISO.match(row.get("end", row["start"])), row["id"]
        assert row.get("end", row["start"]) >= row["start"], row["id"]


def test_classes_places_and_sides_are_the_projects_own(rows, gazetteer, lexicon):
    classes = {c.name for c in lexicon.classes.classes}
    for row in rows:
        assert row["class"] in classes, row["id"]
        assert row.get("place") is None or gazetteer.get(row["place"]) is not None, row["id"]
        for side in row["sides"]:
            assert gazetteer.get(side) is not None and gazetteer.get(side).kind in ("Country", "Organization"), \
                (row["id"], side)


def test_a_name_names_one_event(rows):
    """Two events under one alias could only be told apart by sides and dates: keep names distinct
    among events of the same class family and the same sides."""
    seen = {}
    for row in rows:
        for alias in (row["name"], *row["aliases"]):
            key = (alias_words(alias), row["class"], tuple(sorted(row["sides"])))
            assert seen.get(key, row["id"]) == row["id"], (row["id"], seen.get(key))
            seen[key] = row["id"]


def test_known_event_dates_keep_their_precision():
    day = KnownEvent("a", "A summit", "Summit", "2018-06-12")
    span = KnownEvent("b", "B summit", "Summit", "2019-02-27", end="2019-02-28")
    year = KnownEvent("c", "C accord", "Agreement", "1998")
    assert (day.time().value, day.time().precision, day.time().basis) == ("2018-06-12", "day", "known")
    assert (span.time().start, span.time().end, span.time().precision) == ("2019-02-27", "2019-02-28", "span")
    assert (year.time().value, year.time().precision) == ("1998", "year")
    assert year.interval() == (dt.date(1998, 1, 1), dt.date(1998, 12, 31))


def test_index_by_place_country_and_first_word():
    known = KnownEvents.of((KnownEvent("b", "Hanoi summit", "Summit", "2019-02-27", place="hanoi",
                                       aliases=("Trump-Kim Hanoi summit",)),), {"hanoi": "vietnam"})
    assert known.by_place == {"hanoi": (0,)} and known.by_country == {"vietnam": (0,)}
    assert known.by_word["hanoi"] == ((("hanoi", "summit"), 0),)
    assert known.by_word["trump"] == ((("trump", "kim", "hanoi", "summit"), 0),)


def test_the_packaged_table_loads():
    known = load_known_events()
    assert {"Summit", "Agreement"} <= known.classes
    assert any(e.name == "Hanoi summit" and e.start == "2019-02-27" for e in known.events)


# ---------------------------------------------------------------- linking, with the model
def _meetings(record, family=("Meeting", "Summit", "Talks", "Visit")):
    return [e for e in record.events if e.event_type in family]


def _only(events):
    assert len(events) == 1, events
    return events[0]


@pytest.mark.slow
def test_a_named_past_summit_takes_its_known_dates(read):
    record = read("Seoul, March 3 2021 — Negotiations between Washington and Pyongyang have stalled since "
                  "the Hanoi summit's collapse, officials said on Wednesday.")
    summit = _only([e for e in record.events if e.event_type == "Summit"])
    assert (summit.time.start, summit.time.end, summit.time.basis) == ("2019-02-27", "2019-02-28", "known")
    assert summit.time.rule == "time.known_event" and summit.places == ("hanoi",)


@pytest.mark.slow
def test_a_year_and_the_sides_the_text_gives_must_agree(read):
    text = ("Tokyo, May 4 2022 — The {} Singapore summit between Donald Trump and Kim Jong Un produced only "
            "a vague statement, analysts said.")
    summit = _only([e for e in read(text.format(2018)).events if e.event_type == "Summit"])
    assert (summit.time.value, summit.time.precision, summit.time.basis) == ("2018-06-12", "day", "known")
    assert summit.places == ("singapore",) and set(summit.participants) == {"donald_trump", "kim_jong_un"}
    summit = _only([e for e in read(text.format(2016)).events if e.event_type == "Summit"])
    assert (summit.time.value, summit.time.basis) == ("2016", "stated")


@pytest.mark.slow
def test_a_past_meeting_known_by_its_place_and_sides(read):
    record = read("Seoul, October 2 2023 — Donald Trump said little about North Korea on Monday. His meetings "
                  "with Kim Jong Un in Singapore and Vietnam produced no lasting deal.")
    dated = {(e.places, e.time.value or e.time.start) for e in _meetings(record) if e.time and e.time.basis == "known"}
    assert dated == {(("singapore",), "2018-06-12"), (("hanoi",), "2019-02-27")}


@pytest.mark.slow
def test_other_sides_at_a_known_place_are_another_event(read):
    record = read("Pyongyang, June 19 2024 — Russian President Vladimir Putin held talks with Kim Jong Un on "
                  "Wednesday. Putin then flew to Hanoi for talks with Vietnamese leaders.")
    assert [e for e in record.events if e.time is not None and e.time.basis == "known"] == []
    assert any("hanoi" in e.places for e in _meetings(record))


@pytest.mark.slow
def test_a_name_with_sides_none_of_which_took_part_is_another_event(read):
    text = "Moscow, May 2 2023 — The Geneva summit between {} did little to ease tensions, officials said."
    summit = _only([e for e in read(text.format("Joe Biden and Vladimir Putin")).events if e.event_type == "Summit"])
    assert (summit.time.value, summit.time.basis) == ("2021-06-16", "known")
    summit = _only([e for e in read(text.format("Reagan and Gorbachev")).events if e.event_type == "Summit"])
    assert summit.time is None or summit.time.basis != "known"


@pytest.mark.slow
def test_an_event_beside_the_named_one_is_not_it(read):
    record = read("Tokyo, July 9 2022 — Talks between the United States and North Korea never recovered after "
                  "the Hanoi summit ended without a deal, analysts said on Saturday.")
    assert [e.event_type for e in record.events if e.time is not None and e.time.basis == "known"] == ["Summit"]


@pytest.mark.slow
def test_two_articles_recalling_one_summit_give_one_event(reader, tmp_path):
    from kg.pipeline.build import build_graph
    from kg.query.run import result_rows, run_query
    from kg.store.local import open_store

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Seoul, March 3 2021 — Negotiations between Washington and Pyongyang have "
                                  "stalled since the Hanoi summit's collapse, officials said on Wednesday.\n")
    (folder / "b.txt").write_text("Tokyo, July 9 2022 — North Korea has shunned talks since the Hanoi summit "
                                  "between Donald Trump and Kim Jong Un, analysts said on Saturday.\n")
    with open_store(tmp_path / "store") as store:
        build_graph([str(folder)], store=store, reader=reader)
        rows = result_rows(run_query(store, """SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE {
            ?e a dip:Summit ; dip:startDate ?s ; dip:dateBasis dip:KnownEventDate ; prov:wasDerivedFrom ?d }
            GROUP BY ?e"""))[1]
    assert [r[1] for r in rows] == ["2"]


@pytest.mark.slow
def test_a_summit_still_to_come_is_not_the_known_one(read):
    record = read("Washington, May 10 2018 — Donald Trump said he will hold a summit with Kim Jong Un in "
                  "Singapore next month.")
    assert [e for e in record.events if e.time is not None and e.time.basis == "known"] == []
    record = read("Washington, January 8 2019 — The Hanoi summit between Donald Trump and Kim Jong Un will test "
                  "their rapport, officials said.")
    assert [e for e in record.events if e.event_type == "Summit"]
    assert [e for e in record.events if e.time is not None and e.time.basis == "known"] == []


@pytest.mark.slow
def test_a_named_accord_is_dated_by_its_signing(read):
    record = read("Jerusalem, August 1 2024 — Israel signed the Abraham Accords with the United Arab Emirates "
                  "and Bahrain, officials recalled on Thursday.")
    accord = _only([e for e in record.events if e.event_type == "Agreement"])
    assert (accord.time.value, accord.time.basis, accord.time.text) == ("2020-09-15", "known", "Abraham Accords")
    assert accord.places == ("washington",)  # where it was signed, not the dateline's Jerusalem


# ---------------------------------------------------------------- the bundled examples (make demo)
@pytest.mark.slow
def test_who_met_whom_lists_each_trump_kim_meeting_once_with_its_date(example_store):
    from click.testing import CliRunner

    from kg.cli import main

    out = CliRunner().invoke(main, ["query", "who-met-whom", "--store", str(example_store), "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = [line.split(",") for line in out.output.splitlines()[1:]]
    trump_kim = sorted((r[4], tuple(sorted(r[3].split("; ")))) for r in rows if r[:2] == ["Donald Trump", "Kim Jong Un"])
    assert trump_kim == [("2018-06-12", ("Singapore",)), ("2019-02-27/2019-02-28", ("Hanoi",)),
                         ("2019-06-30", ("Demilitarized Zone", "Freedom House", "North Korea"))]


@pytest.mark.slow
def test_a_known_date_says_where_it_came_from(run_query_on):
    rows = run_query_on("""SELECT ?text WHERE { ?e a dip:Summit ; dip:place/rdfs:label "Hanoi" ;
                           dip:dateBasis dip:KnownEventDate ; dip:timeText ?text }""")
    assert rows == [["Hanoi summit"]]
