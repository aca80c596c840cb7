"""The reference roles a check compares claims with: the dated terms in the store, and a user's file.

The store holds the reference roles of every person it describes (the gazetteer's dated terms,
written by ``kg build`` into the actor graphs: ``dip:holdsRole`` → ``dip:Role`` with
``dip:roleStart``, ``dip:roleEnd``, ``dip:heldOn``, ``dcterms:source``). A user's roles file
(``kg.nlp.roles.read_roles_file``) adds terms; for an office it names, its terms replace the
store's for that person.

Time is compared at the precision each date has: a term *surely* covers a day when it began
before it and ends after it (or an open term was seen held on or after it); it *surely does not*
when it ended before the day or began after it; anything else is unknown, and unknown is never
a contradiction. The day a term ends is unknown (the handover day has two holders).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from kg import resources
from kg.check.read import select
from kg.iris import actor_iri, normalise_key
from kg.nlp.roles import PersonRoles, date_bounds, read_roles_file
from kg.records import Role

__all__ = ["Term", "References", "read_references", "Titles", "load_titles", "covers"]

_ROLES = """
SELECT ?person ?role ?title ?of ?start ?end ?heldOn ?former ?source WHERE {
  ?person dip:holdsRole ?role . ?role dip:title ?title .
  OPTIONAL { ?role dip:roleOf ?of }
  OPTIONAL { ?role dip:roleStart ?start }
  OPTIONAL { ?role dip:roleEnd ?end }
  OPTIONAL { ?role dip:heldOn ?heldOn }
  OPTIONAL { ?role dip:former ?former }
  OPTIONAL { ?role dcterms:source ?source }
}"""
_NAMES = """SELECT ?person ?name WHERE { ?person a dip:Person . { ?person rdfs:label ?name } UNION { ?person skos:altLabel ?name } }"""


@dataclass(frozen=True)
class Term:
    """One reference term of a person's office, as the check reads it."""

    title: str
    of: Optional[str]  # IRI of the country or body
    start: Optional[str] = None
    end: Optional[str] = None
    held_on: Optional[str] = None
    former: bool = False
    sources: tuple[str, ...] = ()
    node: Optional[str] = None  # the dip:Role IRI in the store; None for a user's file

    def describe(self) -> str:
        """Return ``President, 2017-01-20 to 2021-01-20`` (what the reference says of this term)."""
        span = f"from {self.start}" if self.start else "start unknown"
        if self.end:
            span += f" to {self.end}"
        elif self.held_on:
            span += f", still held on {self.held_on}"
        elif self.former:
            span += ", ended (date unknown)"
        return f"{self.title}, {span}"


def covers(term: Term, day: str) -> Optional[bool]:
    """Say whether ``term`` surely covers ``day`` (True), surely does not (False), or may (None).

    >>> t = Term("President", None, "2017-01-20", "2021-01-20")
    >>> covers(t, "2019-06-30"), covers(t, "2025-06-12"), covers(t, "2021-01-20"), covers(t, "2021")
    (True, False, None, None)
    >>> covers(Term("President", None, "2025-01-20", held_on="2025-08-15"), "2025-06-12")
    True
    """
    first, last = date_bounds(day)
    if term.start and last < date_bounds(term.start)[0]:
        return False
    if term.end and first > date_bounds(term.end)[1]:
        return False
    started = term.start is not None and date_bounds(term.start)[1] <= first
    going = (date_bounds(term.end)[0] > last) if term.end else (
        term.held_on is not None and date_bounds(term.held_on)[0] >= last)
    return True if started and going else None


@dataclass(frozen=True)
class Titles:
    """Which written titles name one office, and which are a leader's (head of state or government)."""

    canonical: dict[str, str]
    leaders: frozenset[str]

    def key(self, title: str) -> str:
        """Return the comparison form of a title: ``Pres.`` and ``president`` give the same key."""
        low = normalise_key(title).rstrip(".")
        return self.canonical.get(low, low)

    def is_leader(self, title: str) -> bool:
        return self.key(title) in self.leaders


def load_titles() -> Titles:
    """Read the title equivalences (``claims.json``) and the leader titles (``titles.json``)."""
    canonical: dict[str, str] = {}
    for group in resources.read_json("lexicon", "claims.json").get("title_equivalents", ()):
        head = normalise_key(group[0]).rstrip(".")
        for title in group:
            canonical[normalise_key(title).rstrip(".")] = head
    titles = Titles(canonical, frozenset())
    leaders = frozenset(titles.key(t) for t in resources.read_json("lexicon", "titles.json").get("leader_titles", ()))
    return Titles(canonical, leaders)


@dataclass
class References:
    """Every person's reference terms, by person IRI; where each office's terms came from."""

    terms: dict[str, list[Term]] = field(default_factory=dict)
    from_file: Optional[Path] = None

    def of(self, person: str) -> list[Term]:
        return self.terms.get(person, [])


def read_references(store, titles: Titles, roles_file: Optional[Path] = None) -> References:
    """Read the reference terms in ``store``, then apply a user's roles file (its offices replace the store's)."""
    grouped: dict[tuple[str, str], dict] = {}
    for row in select(store, _ROLES):
        entry = grouped.setdefault((row["person"], row["role"]), {"row": row, "sources": set()})
        if row["source"] is not None:
            entry["sources"].add(row["source"])
    refs = References()
    for (person, node), entry in sorted(grouped.items()):
        row = entry["row"]
        refs.terms.setdefault(person, []).append(Term(
            row["title"], row["of"], row["start"], row["end"], row["heldOn"], row["former"] == "true",
            tuple(sorted(entry["sources"])), node))
    if roles_file is not None:
        _apply_file(store, refs, titles, read_roles_file(roles_file))
        refs.from_file = Path(roles_file)
    return refs


def _apply_file(store, refs: References, titles: Titles, people: Iterable[PersonRoles]) -> None:
    by_name: dict[str, set[str]] = {}
    for row in select(store, _NAMES):
        by_name.setdefault(normalise_key(row["name"]), set()).add(row["person"])
    for person in people:
        iris = {actor_iri(person.person_id)} if person.person_id else set()
        for name in person.names:
            iris |= by_name.get(normalise_key(name), set())
        for iri in iris:
            _replace_offices(refs, iri, person.roles, titles)


def _replace_offices(refs: References, person: str, roles: tuple[Role, ...], titles: Titles) -> None:
    offices = {(titles.key(r.title), actor_iri(r.of_key) if r.of_key else None) for r in roles}
    kept = [t for t in refs.of(person) if (titles.key(t.title), t.of) not in offices]
    refs.terms[person] = kept + [Term(r.title, actor_iri(r.of_key) if r.of_key else None, r.start, r.end,
                                      r.held_on, r.former, r.sources) for r in roles]

