"""Across documents: which reports are one real event (kg.store.identity, kg.rdf.reports).

Reports are made by hand (IRIs shortened to names), so each test states one rule.
"""
from dataclasses import replace

from hypothesis import given, settings, strategies as st

from kg.rdf.reports import Report, event_graph, merge_reports
from kg.store.identity import evidence, identity_keys, lookup_keys, merged_event, partition

MEETING = ("Summit", "Meeting")
COUNTRY = (("trump", "us"), ("kim", "nk"), ("putin", "ru"), ("xi", "cn"), ("hanoi", "vn"), ("biden", "us"))


def report(doc, cls="Summit", *, chain=MEETING, symmetric=True, speech=False, date=None, doc_date="2019-02-28",
           sides=("trump", "kim"), agents=(), targets=(), places=(), factuality="Asserted", count=None, start=1):
    if symmetric:
        roles = {"participants": tuple(sides)}
    else:
        roles = {"agents": tuple(agents), "targets": tuple(targets)}
    return Report(f"{doc}|{start}-{start + 6}", f"doc/{doc}", doc_date, cls, chain, symmetric,
                  symmetric_classes=tuple(c for c in chain if c == "Meeting"), speech=speech,
                  factuality=factuality, places=tuple(places), date=date, count=count,
                  mentions=(f"m/{doc}/{start}",), countries=COUNTRY, **roles)


def groups_of(reports):
    return sorted(sorted(r.key for r in group) for group in partition(reports))


def test_three_outlets_report_one_summit():
    dated = report("ap", date="2019-02-27", places=("hanoi",))
    undated = report("reuters", doc_date="2019-02-28")
    countries = report("kcna", cls="Talks", chain=("Talks", "Meeting"), sides=("us", "nk"), date="2019-02-27")
    assert groups_of([dated, undated, countries]) == [["ap|1-7", "kcna|1-7", "reuters|1-7"]]


def test_two_launches_a_week_apart_are_two_events():
    kw = dict(cls="MissileTest", chain=("MissileTest",), symmetric=False, agents=("nk",))
    first, second = report("a", date="2022-10-04", **kw), report("b", date="2022-10-11", **kw)
    again = report("c", date="2022-10-04", **kw)
    assert groups_of([first, second, again]) == [["a|1-7", "c|1-7"], ["b|1-7"]]


def test_meetings_of_different_pairs_on_one_day_stay_apart():
    one = report("a", date="2023-11-15", sides=("biden", "xi"))
    other = report("b", date="2023-11-15", sides=("biden", "putin"))
    assert evidence(one, other) is None
    assert groups_of([one, other]) == [["a|1-7"], ["b|1-7"]]


def test_who_did_it_to_whom_matters_for_directed_events():
    kw = dict(cls="Criticism", chain=("Criticism",), symmetric=False, speech=True, date="2023-04-03")
    assert evidence(report("a", agents=("cn",), targets=("us",), **kw),
                    report("b", agents=("us",), targets=("cn",), **kw)) is None
    assert evidence(report("a", agents=("xi",), targets=("us",), **kw),
                    report("b", agents=("cn",), targets=("biden",), **kw)) == 3


def test_kinds_of_one_class_are_one_event_only_under_a_symmetric_class():
    summit, visit = report("a", date="2019-06-30"), report("b", cls="Visit", chain=("Visit", "Meeting"), date="2019-06-30")
    assert evidence(summit, visit) is not None  # a visit and a summit: both meetings
    kw = dict(symmetric=False, agents=("nk",), date="2022-10-04")
    launch = report("c", cls="MissileTest", chain=("MissileTest", "Mobilization"), **kw)
    drills = report("d", cls="MilitaryExercise", chain=("MilitaryExercise", "Mobilization"), **kw)
    posture = report("e", cls="Mobilization", chain=("Mobilization",), **kw)
    assert evidence(launch, drills) is None
    assert evidence(launch, posture) is not None  # the general reading of the launch


def test_words_need_a_shared_day_to_be_one_statement():
    kw = dict(cls="Endorsement", chain=("Endorsement",), symmetric=False, speech=True, agents=("kim",))
    assert evidence(report("a", date="2023-09-13", targets=("putin",), **kw),
                    report("b", date="2023-09-13", targets=("ru",), **kw)) == 3  # the same day: strong
    # undated praise of Putin by Kim in two outlets the same week: maybe one statement, maybe two
    assert evidence(report("a", targets=("putin",), **kw), report("b", targets=("putin",), **kw)) is None


def test_words_said_about_the_same_thing_are_one_remark_without_a_day():
    kw = dict(cls="Criticism", chain=("Criticism",), symmetric=False, speech=True, agents=("biden",),
              targets=("putin",))
    called = replace(report("a", **kw), words=("killer",))
    likened = replace(report("b", **kw), words=("dictator", "killer"))
    assert evidence(called, likened) == 3  # the week, both sides and the word
    assert evidence(called, replace(likened, words=("election",))) is None  # another remark, maybe
    assert evidence(called, replace(likened, words=("killer",), targets=("xi",))) is None


def test_an_undated_report_is_of_the_week_before_its_document():
    dated = report("a", date="2019-02-27")
    assert evidence(dated, report("b", doc_date="2019-03-01")) is not None
    assert evidence(dated, report("c", doc_date="2019-03-09")) is None  # eleven days later
    assert evidence(dated, report("d", doc_date="2019-02-20")) is None  # reported before it happened


def test_a_past_event_recalled_without_a_date_joins_the_one_event_it_can_be():
    kw = dict(cls="Agreement", chain=("Agreement",), sides=("moon", "kim"))
    signed = report("a", date="2018-04-27", doc_date="2018-04-27", **kw)
    recalled = replace(report("b", doc_date="2018-06-12", **kw), past=True)  # "the accord Moon and Kim signed"
    assert evidence(signed, recalled) == 2  # the sides, at no particular time of the year before
    assert groups_of([signed, recalled]) == [["a|1-7", "b|1-7"]]
    news = report("c", doc_date="2018-06-12", **kw)  # the same words told as the day's news: that week only
    assert evidence(signed, news) is None
    assert evidence(signed, replace(recalled, doc_date="2019-06-12")) is None  # more than a year later
    other = report("d", date="2017-09-01", doc_date="2017-09-01", **kw)  # a second accord of theirs that year
    assert groups_of([signed, recalled, other]) == [["a|1-7"], ["b|1-7"], ["d|1-7"]]
    # each finds the other by its lookup keys, whichever is stored first; only the past report
    # is stored under its years, not under every month of them
    assert lookup_keys(signed) & identity_keys(recalled) and lookup_keys(recalled) & identity_keys(signed)
    assert len(identity_keys(recalled)) < len(lookup_keys(recalled))


def test_places_in_different_countries_keep_events_apart():
    assert evidence(report("a", places=("hanoi",)), report("b", places=("singapore",))) is not None  # unknown country
    far = Report("b|1-7", "doc/b", "2019-02-28", "Summit", MEETING, True, participants=("trump", "kim"),
                 places=("singapore",), countries=COUNTRY + (("singapore", "singapore"),))
    assert evidence(report("a", places=("hanoi",)), far) is None


def test_a_dateline_city_does_not_keep_apart_what_happened_elsewhere():
    countries = COUNTRY + (("beijing", "cn"), ("riyadh", "sa"))
    kw = dict(cls="Agreement", chain=("Agreement",), participants=("ir", "sa"))
    there = Report("a|1-7", "doc/a", "2023-03-10", date="2023-03-10", places=("beijing",), countries=countries,
                   symmetric=True, **kw)
    filed = Report("b|1-7", "doc/b", "2023-03-11", places=("riyadh",), countries=countries, symmetric=True, **kw)
    assert evidence(there, filed) is None  # a stated place in another country: another event
    assert evidence(there, replace(filed, place_basis="dateline")) == 3  # only where the reporter filed from


def test_plans_denials_and_statements_are_not_linked():
    assert evidence(report("a", date="2025-08-15"), report("b", date="2025-08-15", factuality="Hypothetical")) is None
    said = dict(cls="Statement", chain=("Statement",), symmetric=False, agents=("trump",), date="2025-08-15")
    assert evidence(report("a", **said), report("b", **said)) is None
    assert identity_keys(report("c", factuality="Negated")) == frozenset()


def test_two_outlets_reporting_one_promise_are_one_planned_event():
    kw = dict(cls="Aid", chain=("Aid",), symmetric=False, agents=("ru",), targets=("nk",), factuality="Hypothetical")
    promise = report("a", date="2023-09-13", doc_date="2023-09-13", **kw)
    undated = report("b", doc_date="2023-09-14", **kw)  # "Moscow would give Pyongyang help", no day
    assert evidence(promise, undated) == 3
    assert groups_of([promise, undated]) == [["a|1-7", "b|1-7"]]
    done = report("c", date="2023-09-13", **{**kw, "factuality": "Asserted"})
    assert evidence(promise, done) is None  # the promise and the help given are two things
    assert groups_of([promise, undated, done]) == [["a|1-7", "b|1-7"], ["c|1-7"]]


def test_a_partial_report_joins_the_only_event_it_can_belong_to():
    full = report("a", date="2018-06-12")
    headline = report("b", sides=("trump",), doc_date="2018-06-12")  # "Trump summit", no date
    assert evidence(full, headline) == 2
    assert groups_of([full, headline]) == [["a|1-7", "b|1-7"]]
    other = report("c", date="2018-06-11", sides=("trump", "xi"))  # a second summit Trump had that week
    assert groups_of([full, headline, other]) == [["a|1-7"], ["b|1-7"], ["c|1-7"]]


def test_reports_of_one_document_are_never_merged_here():
    assert evidence(report("a", date="2019-02-27"), report("a", date="2019-02-27", start=50)) is None


def test_merged_values_and_disputes():
    a = report("a", date="2018-06-12", places=("hanoi",), cls="MissileTest", chain=("MissileTest",),
               symmetric=False, agents=("nk",), count=2)
    b = report("b", date="2018-06-11", places=("hanoi",), cls="MissileTest", chain=("MissileTest",),
               symmetric=False, agents=("kim", "nk"), count=3)
    c = report("c", date="2018-06-12", cls="MissileTest", chain=("MissileTest",), symmetric=False,
               agents=("nk",), count=3)
    merged = merge_reports([a, b, c])
    assert merged.time.value == "2018-06-12"  # two of the three reports that give a day
    assert merged.count == 3
    assert merged.agents == ("kim",)  # North Korea is Kim's country: the more precise side stays
    assert {d.prop for d in merged.disputes} == {"date", "count"}
    date = next(d for d in merged.disputes if d.prop == "date")
    assert dict(date.stated) == {"m/a/1": "2018-06-12", "m/b/1": "2018-06-11", "m/c/1": "2018-06-12"}
    text = event_graph(merged, [a, b, c])
    assert "<https://w3id.org/diplokg/ontology#disputed> <https://w3id.org/diplokg/ontology#date>" in text
    assert '<m/b/1> <https://w3id.org/diplokg/ontology#statedDate> "2018-06-11"' in text


def test_the_most_specific_class_wins_and_siblings_are_a_dispute():
    meeting = report("a", cls="Meeting", chain=("Meeting",), date="2019-06-30")
    summit = report("b", date="2019-06-30")
    visit = report("c", cls="Visit", chain=("Visit", "Meeting"), date="2019-06-30")
    assert merge_reports([meeting, summit]).cls == "Summit"
    merged = merge_reports([summit, visit, meeting])
    assert merged.cls == "Summit" and [d.prop for d in merged.disputes] == ["type"]


def test_a_report_round_trips_through_json():
    r = report("a", date="2019-02-27", places=("hanoi",), count=2)
    assert Report.from_json(r.to_json()) == r


REPORTS = [
    report("ap", date="2019-02-27", places=("hanoi",)), report("reuters", doc_date="2019-02-28"),
    report("kcna", cls="Talks", chain=("Talks", "Meeting"), sides=("us", "nk"), date="2019-02-27"),
    report("yonhap", sides=("trump",), doc_date="2019-03-01"),
    report("tass", date="2019-02-27", sides=("putin", "xi")),
    report("nhk", date="2019-02-26", sides=("trump", "kim"), places=("hanoi",)),
    report("bbc", cls="MissileTest", chain=("MissileTest",), symmetric=False, agents=("nk",), date="2019-02-27"),
    report("afp", cls="MissileTest", chain=("MissileTest",), symmetric=False, agents=("kim",), doc_date="2019-02-28"),
]


@settings(max_examples=60, deadline=None)
@given(st.permutations(REPORTS))
def test_the_events_do_not_depend_on_the_order_reports_come_in(order):
    def events(reports):
        return sorted((merged_event(g).iri, tuple(sorted(r.key for r in g))) for g in partition(reports))

    assert events(order) == events(REPORTS)


def test_a_date_that_is_only_the_documents_is_when_it_was_reported_not_when_it_happened():
    from dataclasses import replace

    # each outlet dates the summit by its own day only: one report a day later is the same summit
    first = replace(report("ap", date="2019-02-27", doc_date="2019-02-27"), date_basis="document")
    later = replace(report("kcna", date="2019-02-28", doc_date="2019-02-28"), date_basis="document")
    assert first.interval() is None and evidence(first, later) is not None
    assert groups_of([first, later]) == [["ap|1-7", "kcna|1-7"]]
    merged = merge_reports([first, later])
    assert merged.time.value == "2019-02-27" and merged.time.basis == "document"
    # the same days stated by the text are two days: one summit each
    assert evidence(report("ap", date="2019-02-27"), report("kcna", date="2019-02-28")) is None


def test_words_dated_only_by_their_story_are_not_one_event_for_sharing_its_day():
    from dataclasses import replace

    kw = dict(cls="Endorsement", chain=("Endorsement",), symmetric=False, speech=True, agents=("kim",),
              targets=("putin",), date="2023-09-13", doc_date="2023-09-13")
    # "Kim thanked Putin" and "Kim backed Moscow's fight", each in the story of that day's summit
    thanked, backed = (replace(report(doc, **kw), date_basis="context") for doc in ("reuters", "daily"))
    assert evidence(thanked, backed) is None
    assert groups_of([thanked, backed]) == [["daily|1-7"], ["reuters|1-7"]]
    # the same words with the day the text gives them are one event
    assert evidence(report("reuters", **kw), report("daily", **kw)) == 3


def test_reports_that_can_be_one_event_share_a_key_so_a_group_compares_only_those():
    kw = dict(cls="MissileTest", chain=("MissileTest",), symmetric=False, date="2022-10-04")
    launch = report("a", agents=("nk",), places=("hanoi",), **kw)
    unnamed = report("b", agents=(), places=("hanoi",), **kw)  # "a missile landed off Hanoi": no side named
    assert evidence(launch, unnamed) is not None
    assert identity_keys(launch) & identity_keys(unnamed)
    assert groups_of([launch, unnamed, report("c", agents=("cn",), **kw)]) == [["a|1-7", "b|1-7"], ["c|1-7"]]


_DAYS = st.sampled_from([None, "2019-02-20", "2019-02-27", "2019-02-28", "2019-03-01", "2019-03-09", "2019-03-20",
                         "2018-06-01", "2019-02", "2019"])
_DOC_DAYS = st.sampled_from([None, "2019-02-28", "2019-03-01", "2019-03-07", "2019-03-08", "2019-03-15", "2020-01-10"])


@st.composite
def _dated_reports(draw, doc):
    from dataclasses import replace

    made = report(doc, date=draw(_DAYS), doc_date=draw(_DOC_DAYS), sides=draw(st.sampled_from(
        [("trump", "kim"), ("us", "nk"), ("putin", "xi")])), places=draw(st.sampled_from([(), ("hanoi",)])))
    basis = draw(st.sampled_from(["", "document", "context"])) if made.date else ""
    return replace(made, date_basis=basis, speech=draw(st.booleans()), past=not made.date and draw(st.booleans()))


@settings(max_examples=300, deadline=None)
@given(_dated_reports("a"), _dated_reports("b"))
def test_reports_whose_time_spans_are_apart_have_no_time_points(r, s):
    from kg.store.identity import WINDOW, _time_points, time_span

    if _time_points(r, s) is not None:
        a, b = time_span(r), time_span(s)
        assert a is not None and b is not None
        assert max(a[0], b[0]) - min(a[1], b[1]) <= WINDOW.days


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(*(_dated_reports(doc) for doc in "abcdef")), min_size=1, max_size=8),
       _dated_reports("z"))
def test_the_frontier_finds_what_comparing_every_report_finds(frontier, stored):
    from kg.store.events import _Frontier

    assert _Frontier(frontier).any_evidence(stored) == any(evidence(stored, m) is not None for m in frontier)
