"""Title claims the reference roles contradict at the document's date.

* "former President Trump" in a story dated while he held the office (a ``former`` claim, or an
  ``elect`` one, about an office a reference term surely covers on the document's date);
* "President Biden" after his term (a ``current`` claim whose every reference term for that
  office surely does not cover the date), and "the Biden administration has" the same for a
  leader's office.

A sentence that speaks of another time keeps its title: when the sentence names a year, or
reports an event dated when the claim would be right, the claim is not judged at the document's
date. ``then`` claims, relations and claims about offices the reference does not date are never
findings: unknown is not a contradiction.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from kg.check.findings import Finding, Side
from kg.check.read import select
from kg.check.reference import References, Term, Titles, covers
from kg.nlp.roles import date_bounds

_CLAIMS = """
SELECT ?claim ?class ?person ?label ?title ?of ?ofLabel ?tenure ?text ?start ?end ?docId ?docDate ?sentence ?sentText WHERE {
  ?claim a ?class ; dip:claimAbout ?person ; dip:claimedTitle ?title ; dip:tenure ?tenure ; dip:text ?text ;
         dip:charStart ?start ; dip:charEnd ?end ; dip:inDocument ?doc .
  FILTER(?class IN (dip:TitleClaim, dip:AdministrationClaim))
  ?doc dcterms:identifier ?docId .
  OPTIONAL { ?person rdfs:label ?label }
  OPTIONAL { ?doc dcterms:date ?docDate }
  OPTIONAL { ?claim dip:claimedRoleOf ?of OPTIONAL { ?of rdfs:label ?ofLabel } }
  OPTIONAL { ?claim dip:evidence ?sentence . ?sentence dip:text ?sentText }
}"""
_SENTENCE_TIMES = """
SELECT DISTINCT ?sentence ?date WHERE {
  ?event dip:mention ?m . ?m dip:evidence ?sentence .
  { ?event dip:date ?date } UNION { ?event dip:startDate ?date }
}"""
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_TENURE_WORDS = {"Incumbent": "current", "FormerHolder": "former", "ElectHolder": "elect", "HolderThen": "then"}


@dataclass(frozen=True)
class Claim:
    """One claim as the check reads it from the store."""

    node: str
    administration: bool
    person: str
    label: str
    title: str
    of: Optional[str]
    of_label: Optional[str]
    tenure: str  # current | former | elect | then
    text: str
    start: int
    end: int
    doc_id: str
    doc_date: Optional[str]
    sentence: Optional[str]
    sentence_text: Optional[str]


def read_claims(store) -> list[Claim]:
    """Return the title and administration claims of every document in the store."""
    claims = {}
    for row in select(store, _CLAIMS):  # one claim per node, even where a value is given twice
        if row["claim"] in claims:
            continue
        claims[row["claim"]] = (Claim(row["claim"], row["class"].endswith("AdministrationClaim"), row["person"],
                            row["label"] or row["person"], row["title"], row["of"], row["ofLabel"],
                            _TENURE_WORDS.get(row["tenure"].rpartition("#")[2], "then"), row["text"],
                            int(row["start"]), int(row["end"]), row["docId"], row["docDate"], row["sentence"],
                            row["sentText"]))
    return sorted(claims.values(), key=lambda c: (c.doc_id, c.start, c.node))


def _office_terms(claim: Claim, refs: References, titles: Titles) -> list[Term]:
    terms = refs.of(claim.person)
    if claim.administration:
        return [t for t in terms if titles.is_leader(t.title)]
    want = titles.key(claim.title)
    return [t for t in terms if titles.key(t.title) == want and (claim.of is None or t.of is None or t.of == claim.of)]


def _sentence_times(claim: Claim, event_times: dict[str, set[str]]) -> set[str]:
    times = set(_YEAR.findall(claim.sentence_text or ""))
    return times | event_times.get(claim.sentence or "", set())


def _verdict(claim: Claim, terms: list[Term], times: set[str]) -> Optional[Term]:
    """Return the reference term the claim contradicts at its document's date, or None."""
    if not claim.doc_date or not terms or claim.tenure == "then" or (claim.administration and claim.tenure != "current"):
        return None
    day = claim.doc_date
    if claim.tenure in ("former", "elect"):
        held = next((t for t in terms if covers(t, day) is True), None)
        fits_another_time = any(all(covers(t, when) is False for t in terms) for when in times)
        return None if held is None or fits_another_time else held
    if all(covers(t, day) is False for t in terms):
        if any(any(covers(t, when) is not False for t in terms) for when in times):
            return None  # the sentence speaks of a time the title fits
        return _nearest(terms, day)
    return None


def _nearest(terms: list[Term], day: str) -> Term:
    target = date_bounds(day)[0]

    def distance(t: Term) -> int:
        edges = [date_bounds(v)[0] for v in (t.start, t.end, t.held_on) if v]
        return min((abs((e - target).days) for e in edges), default=10 ** 6)
    return min(terms, key=distance)


def title_findings(store, refs: References, titles: Titles) -> tuple[list[Finding], int]:
    """Return the findings on title claims, and how many claims were checked."""
    claims = read_claims(store)
    event_times: dict[str, set[str]] = {}
    for row in select(store, _SENTENCE_TIMES):
        event_times.setdefault(row["sentence"], set()).add(row["date"])
    verdicts = {c.node: _verdict(c, _office_terms(c, refs, titles), _sentence_times(c, event_times)) for c in claims}
    findings = [_finding(c, verdicts[c.node], claims, verdicts, refs, titles) for c in claims if verdicts[c.node]]
    return findings, len(claims)


def _others(claim: Claim, claims: list[Claim], verdicts: dict, titles: Titles) -> tuple[int, int]:
    """Count other documents within a month that make a claim on the same office: (agreeing with the reference, not)."""
    if not claim.doc_date:
        return 0, 0
    day = date_bounds(claim.doc_date)[0]
    agree, disagree = set(), set()
    for other in claims:
        if other.doc_id == claim.doc_id or other.person != claim.person or not other.doc_date:
            continue
        if (other.administration, titles.key(other.title)) != (claim.administration, titles.key(claim.title)):
            continue
        if abs(date_bounds(other.doc_date)[0] - day) <= dt.timedelta(days=31):
            (disagree if verdicts.get(other.node) else agree).add(other.doc_id)
    return len(agree), len(disagree)


def _finding(claim: Claim, term: Term, claims: list[Claim], verdicts: dict, refs: References,
             titles: Titles) -> Finding:
    office = f"{term.title}{' of ' + claim.of_label if claim.of_label else ''}"
    state = "held" if covers(term, claim.doc_date) else "did not hold"
    what = "the head of a government" if claim.administration else f"{claim.tenure} {claim.title}"
    document = Side(claim.doc_id, f'calls {claim.label} "{claim.text}" ({what})', claim.doc_date,
                    claim.sentence_text, claim.start, claim.end, claim.node)
    source = f"the roles file {refs.from_file}" if term.node is None else "the reference roles"
    reference = Side("reference roles", f"{claim.label}: {term.describe()}", None, None, None, None, term.node,
                     term.sources)
    agree, disagree = _others(claim, claims, verdicts, titles)
    why = (f"{source.capitalize()} ({', '.join(term.sources) or 'no source given'}) say {claim.label} "
           f"{state} {term.title} on {claim.doc_date}, the document's date; a title in a news text is often "
           f"carried over from an earlier report. Other documents within a month: {agree} agree with the "
           f"reference, {disagree} with this document.")
    summary = (f"{claim.doc_id} ({claim.doc_date}) calls {claim.label} \"{claim.text}\", but the reference "
               f"roles say {claim.label} {'was' if state == 'held' else 'was not'} {office} on that date")
    return Finding("title-contradicted", claim.label, claim.person, summary, (document, reference), 1, why)
