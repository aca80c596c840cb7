"""Wire datelines and credit lines (``kg.nlp.dateline``), and the document date they give.

Every line here is written for the test in the shape of a wire style; none comes from an article.
"""
import datetime as dt

import pytest

from kg.extract.time import document_date
from kg.nlp.dateline import dateline_cuts, read_dateline, read_line


@pytest.mark.parametrize("line,places,region,date,credit,rest", [
    ("Washington D.C., June 12 2025 — Former envoys met", ["Washington D.C."], None, (2025, 6, 12), None, "Former"),
    ("Karachi, March 3, 2024: Officials said", ["Karachi"], None, (2024, 3, 3), None, "Officials"),
    ("JAKARTA, Indonesia, Feb 9 (Xinhua) -- Ministers agreed", ["JAKARTA"], "Indonesia", (None, 2, 9), "Xinhua", "Ministers"),
    ("New Delhi [India], June 2 : The ministry said", ["New Delhi"], "India", (None, 6, 2), None, "The"),
    ("LONDON, UK – Britain summoned", ["LONDON"], "UK", (None, None, None), None, "Britain"),
    ("MANILA, Philippines The coast guard said", ["MANILA"], "Philippines", (None, None, None), None, "The"),
    ("SEOUL, Oct. 4 (Yonhap) -- South Korea said", ["SEOUL"], None, (None, 10, 4), "Yonhap", "South"),
    ("WASHINGTON (AP) — The senator said", ["WASHINGTON"], None, (None, None, None), "AP", "The"),
    ("(KNA) ATHENS – Greece and Cyprus", ["ATHENS"], None, (None, None, None), "KNA", "Greece"),
    ("OSLO  (Nordic Daily/ANN)-  Norway hosted", ["OSLO"], None, (None, None, None), "Nordic Daily/ANN", "Norway"),
    ("DELHI/DHAKA (Reuters) – Both sides", ["DELHI", "DHAKA"], None, (None, None, None), "Reuters", "Both"),
    ("Nairobi, 4 May 2024 (KNA): Kenya said", ["Nairobi"], None, (2024, 5, 4), "KNA", "Kenya"),
    ("ST. GALLEN, Switzerland, Tuesday, June 3, 2025 — Envoys", ["ST. GALLEN"], "Switzerland", (2025, 6, 3), None, "Envoys"),
    ("GAZA CITY, Gaza Strip — Crowds", ["GAZA CITY"], "Gaza Strip", (None, None, None), None, "Crowds"),
    ("ISLAMABAD - Relief flights landed", ["ISLAMABAD"], None, (None, None, None), None, "Relief"),
    ("Panama City, Panama — The canal", ["Panama City"], "Panama", (None, None, None), None, "The"),
    # agency styles with the credit outside brackets (#17)
    ("HANOI, June 4 /VNA/ -- Vietnam and Laos", ["HANOI"], None, (None, 6, 4), "VNA", "Vietnam"),
    ("MINSK, Aug. 2. /BelTA/. Belarus said", ["MINSK"], None, (None, 8, 2), "BelTA", "Belarus"),
    ("Tbilisi. April 9. INTERFAX - Georgia recalled", ["Tbilisi"], None, (None, 4, 9), "INTERFAX", "Georgia"),
    ("Kyiv. Nov. 3, 2022. INTERFAX-UKRAINE - Envoys", ["Kyiv"], None, (2022, 11, 3), "INTERFAX-UKRAINE", "Envoys"),
    ("Nablus, Jan 8, WAFA – Dozens of", ["Nablus"], None, (None, 1, 8), "WAFA", "Dozens"),
    ("Minsk, 2 August, BelTA - The talks", ["Minsk"], None, (None, 8, 2), "BelTA", "The"),
])
def test_wire_styles(line, places, region, date, credit, rest):
    found = read_line(line)
    assert [p.text for p in found.places] == places
    assert (found.region.text if found.region else None) == region
    assert (found.year, found.month, found.day) == date
    assert (found.credit.text if found.credit else None) == credit
    assert line[found.end:].split()[0] == rest
    for span in (*found.places, found.region, found.credit):
        assert span is None or line[span.start:span.end] == span.text


@pytest.mark.parametrize("line", [
    "By Jane Roe | Reuters",
    "By JANE ROE, Associated Press",
])
def test_a_byline_gives_only_the_credit(line):
    found = read_line(line)
    assert found.places == () and found.credit.text in ("Reuters", "Associated Press")


@pytest.mark.parametrize("line", [
    "Leaders sign accord: what it means",
    "Trump-Kim summit: leaders sign a document",
    "Iran - Saudi talks: What we know",
    "North Korea - the hermit kingdom - fired again",
    "Russia, China and Iran held drills on Monday.",
    "Kim Jong Un: The man behind the missiles",
    "Beijing: the new broker",
    "EDITORS PICK | Ministers meet in Oslo",
    "Published Time: 08-16-2025, 11:45",
    "Putin Says Russia Will Help Build Satellites",
    "Hanoi, June 4, President Lam said the talks - a first - went well",  # a capitalised word after the date, no dash
    "Minsk. August 2 was the day the talks began.",
    "Geneva, March 5 / Talks resume",
])
def test_headlines_and_sentences_are_not_datelines(line):
    assert read_line(line) is None


def test_the_dateline_may_follow_a_headline_and_a_time_stamp():
    text = "Envoys meet in Oslo\n\n2:15 p.m.\n\nOSLO (AP) — Norway said talks would resume.\n"
    found = read_dateline(text)
    assert found.places[0].text == "OSLO" and text[found.end:].startswith("Norway")


def test_a_dateline_deep_in_the_story_is_not_the_documents():
    body = "Ministers met on Monday. " * 12
    assert read_dateline(body + "\nOSLO (AP) — Norway said.") is None


def test_every_dateline_of_a_live_blog_starts_a_sentence():
    text = "OSLO (AP) — Norway said.\n\n1:10 p.m.\n\nBERGEN (AP) — Officials said."
    assert [text[c:c + 6] for c in dateline_cuts(text)] == ["Norway", "Offici"]


@pytest.mark.parametrize("month_day,given,expected", [
    ((2024, 5, 4), None, "2024-05-04"),       # a full dateline
    ((2024, 5, 4), "2024-05-06", "2024-05-06"),  # a full date given with the document wins
    ((None, 9, 13), "2023", "2023-09-13"),     # the year from the metadata
    ((None, 9, 13), "2023-09", "2023-09-13"),
    ((None, 9, 13), None, None),               # no year anywhere: unknown, never guessed
    ((None, 9, 13), "2023-10", "2023-10"),     # a month that disagrees: keep what was given
    ((None, None, None), "2023-09-14", "2023-09-14"),
    ((None, 9, 26), "2016-09-27", "2016-09-26"),  # a page stamped the next day (UTC): the dateline's day
    ((None, 12, 31), "2026-01-01", "2025-12-31"),  # ... across the new year
    ((None, 9, 13), "2023-09-26", "2023-09-26"),  # two weeks apart: not the same day, the given date stands
])
def test_document_date(month_day, given, expected):
    from kg.records import Dateline

    year, month, day = month_day
    anchor, shown = document_date(Dateline(0, 1, year=year, month=month, day=day), given)
    assert shown == expected
    assert anchor == (dt.date.fromisoformat(expected) if expected and len(expected) == 10 else None)


@pytest.mark.parametrize("line,place", [
    ("Islamabad: Pakistan on Monday rejected the claim that its drones had crossed the border.", "Islamabad"),
    ("New Delhi: India and China on Monday agreed on patrolling arrangements along the frontier.", "New Delhi"),
    ("Beijing: The New Power", None),                                      # a headline: short, no full stop
    ("Update: Talks resumed on Monday after a two-day pause, officials said in a statement.", None),
    ("Analysis: Why the talks in Geneva failed to produce a deal between the two sides", None),
])
def test_a_mixed_case_place_and_a_colon_before_a_long_sentence_is_a_dateline(line, place):
    found = read_dateline(line)
    assert (found.places[0].text if found else None) == place


@pytest.mark.parametrize("text,date", [
    ("Envoys meet\nUpdated: Sep 19, 2023 22:15 IST\n\nNEW DELHI (PTI): India said on Tuesday.", (2023, 9, 19)),
    ("Envoys meet\nPublished 4 March 2024, 10:04 GMT\nLAGOS (AFP) - Nigeria said.", (2024, 3, 4)),
    ("Envoys meet\nPosted on Monday, January 1, 2024 at 9:30 a.m.\nHAVANA, Dec 31 (AP) - Cuba said.", (2023, 12, 31)),
    ("Envoys meet\nJune 9, 2025\nOSLO, June 8 (NTB) - Norway said.", (2025, 6, 8)),   # the dateline's own day
    ("Press release\n22 May 2024\n\n" + "The ministry welcomes the decision and thanks its partners. " * 5, (2024, 5, 22)),
    ("Envoys meet\nSep 19 22:15\nNEW DELHI (PTI): India said.", (None, None, None)),  # a stamp without a year
    ("Envoys meet\nOSLO (AP) - Norway said.\nUpdated: Sep 19, 2023 22:15", (None, None, None)),  # below the dateline
])
def test_a_time_stamp_above_the_dateline_dates_the_story(text, date):
    found = read_dateline(text)
    assert (found.year, found.month, found.day) == date


def test_a_stamp_dates_the_document_but_metadata_still_wins():
    found = read_dateline("Envoys meet\nUpdated: Sep 19, 2023 22:15 IST\nNEW DELHI (PTI): India said.")
    assert document_date(found, None)[1] == "2023-09-19"
    assert document_date(found, "2023-09-20")[1] == "2023-09-20"
