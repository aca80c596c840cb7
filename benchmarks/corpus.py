"""A generated corpus of diplomacy-style news articles, for benchmarks and scaling tests.

Articles are built from the bundled gazetteer (real people with their titles, countries,
capitals, organisations) and sentence templates covering the event types of the ontology
(summits, visits, missile tests, sanctions, agreements, warnings, offers of talks...), with
datelines, weekday and calendar dates, reported speech, negation and modals. The same
``(count, seed)`` always gives the same articles, so runs can be compared.

Run ``python benchmarks/corpus.py OUT_DIR --articles 2000`` to write ``.txt`` files.
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
from pathlib import Path
from typing import Iterator

_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Each template is one sentence. Slots: {P}/{P2} people (full name with title on first use,
# surname afterwards), {C}/{C2}/{C3} countries, {D} demonym of {C}, {K} capital of {C},
# {K2} capital of {C2}, {O} an organisation, {W} a weekday, {M} a month and day, {N} a number.
_TEMPLATES = [
    "{P} met {P2} in {K} on {W} to discuss security on the border.",
    "{P} held talks with {P2} on {W}, the {D} foreign ministry said.",
    "{P} arrived in {K2} on {W} for a three-day visit, the first by a {D} leader in a decade.",
    "{P} and {P2} agreed on {W} to resume negotiations on trade and energy.",
    "{C} fired two ballistic missiles into the sea on {W}, the {D2} military said.",
    "{C} launched a rocket on {M}, drawing condemnation from {C2} and {C3}.",
    "{C2} condemned the missile launch as a clear violation of {O} resolutions.",
    "The {O} imposed sanctions on {N} companies accused of helping {C} evade an oil embargo.",
    "{C2} imposed new tariffs on {D} steel on {M}, citing unfair trade practices.",
    "{P} warned that {C} would respond firmly to any provocation.",
    "{P} said {C} was ready to hold talks with {C2} without preconditions.",
    "{P} urged {C2} to return to the negotiating table, calling the dispute dangerous.",
    "{C} and {C2} signed a defence cooperation agreement in {K} on {M}.",
    "{P2} praised the agreement as a step toward lasting peace.",
    "{P} criticised the decision, saying it would undermine stability in the region.",
    "{P} rejected the proposal on {W}, calling it unacceptable.",
    "{C} has not responded to the offer of dialogue.",
    "{P} invited {P2} to a summit in {K} later this year.",
    "The {O} welcomed the ceasefire and called for humanitarian aid to reach civilians.",
    "{C} pledged aid worth {N} million dollars to {C2} after the floods.",
    "{D} and {D2} warships began a joint military exercise on {W}, the {D} navy said.",
    "Thousands of people rallied in {K} on {W} to protest against the treaty.",
    "{C} could lift sanctions on {C2} if talks make progress, {P} told reporters.",
    "{P} expressed concern over the buildup of troops along the border.",
    "{P} and {P2} shook hands at the start of the summit on {M}.",
    "Officials in {K} declined to comment on the report.",
    "{P} thanked {C2} for its support and said the two countries would deepen ties.",
    "{C} accused {C2} of violating the airspace of its neighbours on {W}.",
    "{P} visited {K2} on {M} and met the country's foreign minister.",
    "Analysts said the meeting in {K} was unlikely to change {D} policy toward {C2}.",
]


def _load(kind: str) -> list[dict]:
    from kg import resources

    return resources.read_json("gazetteer", f"{kind}.json")


class _Actors:
    """People with a title and a country, countries with a demonym and a capital, organisations."""

    def __init__(self):
        countries = {c["id"]: c for c in _load("countries")}
        cities = {c["id"]: c for c in _load("cities")}
        self.countries = [c for c in countries.values() if c.get("demonyms") and c.get("capital") in cities]
        self.capital = {c["id"]: cities[c["capital"]]["name"] for c in self.countries}
        self.people = []
        for p in _load("people"):
            role = next((r for r in p.get("roles", ()) if not r.get("former") and r.get("of") in countries), None)
            if role and p.get("short_names"):
                self.people.append((role["title"], p["name"], p["short_names"][0], countries[role["of"]]))
        self.orgs = [o["name"] for o in _load("organizations") if o.get("kind") == "igo"] or ["United Nations"]


class _Lazy(dict):
    def __missing__(self, key):
        raise KeyError(key)

    def __getitem__(self, key):
        return dict.__getitem__(self, key)()


def _country(entry: dict) -> str:
    name = entry["name"]
    return f"the {name}" if name.startswith(("United", "Philippines", "Netherlands")) else name


def _date_words(day: dt.date) -> str:
    return f"{day.strftime('%B')} {day.day}"


def make_article(index: int, actors: _Actors, rng: random.Random) -> tuple[str, str]:
    """Return ``(doc_id, text)`` of one article: a dateline and 6 to 16 sentences."""
    day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(3000))
    cast = rng.sample(actors.people, 3)
    countries = rng.sample(actors.countries, 3)
    seen: set[str] = set()

    def person(p) -> str:
        title, name, short, _ = p
        if name in seen:
            return short
        seen.add(name)
        return f"{title} {name}" if rng.random() < 0.8 else name

    home = cast[0][3] if cast[0][3]["id"] in actors.capital else countries[0]
    lines = []
    for n in range(rng.randint(6, 16)):
        template = rng.choice(_TEMPLATES)
        p, p2 = rng.sample(cast, 2)
        c, c2, c3 = rng.sample(countries, 3) if rng.random() < 0.5 else (p[3], p2[3], countries[2])
        if c["id"] not in actors.capital:
            c = home
        if c2["id"] not in actors.capital or c2["id"] == c["id"]:
            c2 = next(x for x in countries if x["id"] != c["id"])
        event_day = day - dt.timedelta(days=rng.randrange(0, 6))
        slots = {
            "P": lambda: person(p), "P2": lambda: person(p2), "C": lambda: _country(c),
            "C2": lambda: _country(c2), "C3": lambda: _country(c3), "D": lambda: c["demonyms"][0],
            "D2": lambda: c2["demonyms"][0], "K": lambda: actors.capital[c["id"]],
            "K2": lambda: actors.capital[c2["id"]], "O": lambda: rng.choice(actors.orgs),
            "W": lambda: _WEEKDAYS[event_day.weekday()], "M": lambda: _date_words(event_day),
            "N": lambda: rng.randint(2, 40)}
        # Slots are filled only when the template uses them, so a person's first mention is the
        # one with the full name and title.
        sentence = template.format_map(_Lazy(slots))
        lines.append(sentence[0].upper() + sentence[1:])
    place = actors.capital.get(home["id"], "Geneva")
    lines[0] = f"{place}, {_date_words(day)} {day.year} — {lines[0]}"
    # Paragraphs of one to three sentences, as wire stories are laid out.
    paragraphs, i = [], 0
    while i < len(lines):
        k = rng.randint(1, 3)
        paragraphs.append(" ".join(lines[i:i + k]))
        i += k
    return f"bench-{index:06d}", "\n".join(paragraphs) + "\n"


# Stories: one real event that several outlets report, each in its own words: with a weekday or
# a calendar date, or none; naming the leaders or their countries. Slots as above, plus {N} a
# number of missiles; {P}, {P2} are leaders of {C}, {C2}; {K} a capital of {C}.
_STORIES = {
    "summit": [
        "{P} met {P2} in {K} on {W}, their first meeting in two years.",
        "{P2} and {P} held a summit in {K} on {M}, the {D} foreign ministry said.",
        "{P} and {P2} held talks in {K}, officials said.",
    ],
    "missiles": [
        "{C} fired {N} ballistic missiles into the sea on {W}, the {D2} military said.",
        "{C} launched {N} ballistic missiles on {M}, drawing condemnation from {C2}.",
    ],
    "sanctions": [
        "{C2} imposed new sanctions on {C} on {W}, citing its weapons programme.",
        "{C2} imposed sanctions on {D} banks and shipping firms on {M}.",
    ],
    "agreement": [
        "{C} and {C2} signed a defence cooperation agreement in {K} on {M}.",
        "{P} and {P2} signed a defence agreement in {K} on {W}, the {D} government said.",
    ],
}


def make_story(index: int, actors: _Actors, rng: random.Random, outlets: int) -> list[tuple[str, str]]:
    """Return the articles of ``outlets`` outlets that each report one real event, with other news around it."""
    kind = rng.choice(sorted(_STORIES))
    day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(3000))
    (t1, name1, short1, c1), (t2, name2, short2, c2) = rng.sample(
        [p for p in actors.people if p[3]["id"] in actors.capital], 2)
    if c1["id"] == c2["id"]:
        c2 = next(c for c in actors.countries if c["id"] != c1["id"])
    count = rng.randint(2, 4)
    slots = {"P": f"{t1} {name1}", "P2": f"{t2} {name2}", "C": _country(c1), "C2": _country(c2),
             "D": c1["demonyms"][0], "D2": c2["demonyms"][0], "K": actors.capital[c1["id"]],
             "W": _WEEKDAYS[day.weekday()], "M": _date_words(day), "N": str(count)}
    articles = []
    for outlet in range(outlets):
        published = day + dt.timedelta(days=rng.randrange(0, 3))
        lead = rng.choice(_STORIES[kind]).format_map(slots)
        _, filler = make_article(index * 100 + outlet, actors, rng)
        body = filler.split(" — ", 1)[1].splitlines()[:2]
        place = actors.capital.get(c2["id"], "Geneva")
        text = f"{place}, {_date_words(published)} {published.year} — {lead}\n" + "\n".join(body) + "\n"
        articles.append((f"story-{index:05d}-{outlet}", text))
    return articles


def iter_articles(count: int, seed: int = 7, outlets: int = 1) -> Iterator[tuple[str, str]]:
    """Yield ``count`` articles as ``(doc_id, text)``, the same ones for the same seed.

    With ``outlets`` above 1, articles come in stories: each real event is reported by that
    many outlets (``make_story``), as wire copy is, so that events can be found across them.
    """
    actors = _Actors()
    rng = random.Random(seed)
    if outlets <= 1:
        for index in range(count):
            yield make_article(index, actors, rng)
        return
    made = 0
    for index in itertools.count():
        for article in make_story(index, actors, rng, outlets)[:count - made]:
            made += 1
            yield article
        if made >= count:
            return


def write_corpus(folder: Path, count: int, seed: int = 7, outlets: int = 1) -> int:
    """Write ``count`` articles as ``<doc_id>.txt`` into ``folder``; return the number of words."""
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for doc_id, text in iter_articles(count, seed, outlets):
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--outlets", type=int, default=1, help="outlets reporting each event (stories)")
    args = parser.parse_args()
    words = write_corpus(args.folder, args.articles, args.seed, args.outlets)
    print(f"wrote {args.articles} articles ({words} words) to {args.folder}")


if __name__ == "__main__":
    main()
