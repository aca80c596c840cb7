"""When an event happened: the time expressions that belong to it by syntax.

A DATE or TIME entity belongs to the nearest verb it hangs from; an event takes those of
its own clause and of the clauses it hangs from (``signed a deal on Friday, capping a summit``
dates the signing and the summit), plus:

- a nominal trigger's own modifiers: ``Thursday's launch``, ``the 2018 summit``, ``last year's
  talks``, ``the talks on Monday``;
- a clause that describes the event noun without naming another event: ``the accord signed on
  March 3``, ``talks, which were held on Monday``, and for a verb, its content named that way:
  ``agreed to a truce taking effect on Sunday``;
- a clause that describes a date is at that date: ``in 2002, when the talks broke down``;
- a speech act reported in the present or future takes the reporting verb's date (the saying
  is the offer, the appeal, the warning): ``said on Wednesday it is ready to resume talks``; so
  does a pledge (``said on Wednesday that Russia would help``: the promise is dated, not the help).

Not given: the reporting verb's date to a reported past event, nor a clause's date to an event
named in an ``after``/``before`` adjunct (``said Tuesday after meeting his counterpart``: Tuesday
is the saying's). Expressions that bound a span rather than name a time (``since 2015``,
``until 1867``, ``by the end of the month``) date nothing. What the text does not date is left
to ``kg.extract.events.context``, which reads the rest of the story.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from kg.extract import time as timex
from kg.extract.state import DocState
from kg.extract.events.corefer import narrower, times_agree
from kg.extract.events.syntax import NOUN_POS, is_future
from kg.records import TimeValue

# prepositions that bound a span or order events rather than date one
BOUNDING = frozenset({"since", "until", "till", "by", "before", "after", "following", "prior", "ahead",
                      "through", "throughout", "within"})
ORDERING = frozenset({"after", "before", "following", "since", "until", "prior", "ahead"})
SPEECH_ACTS = frozenset({"OfferOfTalks", "Appeal", "Warning", "Criticism", "Rejection", "Endorsement"})
_DESCRIBING = ("acl", "relcl")
_PLEDGE_MODALS = frozenset({"would", "will", "'ll", "shall"})
_RELATIVE_RE = re.compile(r"earlier|later|before|after")
# "welcomed Wednesday's accord", "the March 4 attack": a date that qualifies a noun dates that noun,
# not the verb above it
_NOUN_DATING = frozenset({"poss", "compound", "nmod"})
# verbs of an event's course: "the summit that opens in Washington", "talks that ended on Friday"
_COURSE_VERBS = frozenset({"open", "begin", "start", "end", "close", "conclude", "convene", "resume", "run",
                           "continue", "wrap"})
_TIME_NOUNS = frozenset({"morning", "afternoon", "evening", "night", "noon", "midnight", "hours", "weekend"})  # "Thursday morning"


def _nearest_verb(root, indices: set[int]) -> int:
    verb = root
    while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX") and verb.i not in indices:
        verb = verb.head
    return verb.i


def time_expressions(tokens, state: DocState) -> list[str]:
    """Return the date expressions of the tokens' clauses: DATE/TIME entities whose nearest verb is one.

    The expressions come in the order of ``tokens``; ``on``/``in`` before a date are kept
    (``on Friday``); an expression that bounds a span (``since 2015``) is left out.
    """
    chain = [t for t in tokens if t is not None]
    if not chain:
        return []
    indices = {t.i for t in chain}
    dates = []  # (root, text, the index of its nearest verb or clause token), once, not per anchor
    for root, text in state.time_entities[state.sentence_of(chain[0].i)]:
        head = root.head
        if head.dep_ in ("prep", "mark") and head.lower_ in BOUNDING and head.i != root.i:
            continue
        owner = head.i if (root.dep_ in _NOUN_DATING and head.pos_ in NOUN_POS and head.i != root.i
                           and not head.ent_type_ and head.lower_ not in _TIME_NOUNS) else None
        dates.append((root, text, owner if owner is not None else _nearest_verb(root, indices)))
    found: list[str] = []
    for anchor in chain:
        for root, text, verb_index in dates:
            if verb_index == anchor.i:
                head = root.head
                prefix = head.lower_ + " " if head.dep_ == "prep" and head.lower_ in ("on", "in") else ""
                found.append(prefix + text)
    return found


def describes(verb, event_type: str, state: DocState) -> bool:
    """``held``, ``signed``, ``taking effect``: a describing clause's verb that names no other event.

    A verb of the same family names the same event (``talks hosted in Doha``: hosting is a meeting),
    and so does a verb of its course (``the summit that opens on Tuesday``, ``talks that ended``).
    """
    lemma = verb.lemma_.lower()
    if lemma in _COURSE_VERBS:
        return True
    family = _family(event_type, state)
    return all(t.event_type in (event_type, "Statement") or _family(t.event_type, state) & family
               for t in state.lexicon.verbs.get(lemma, ()))


def _family(event_type: str, state: DocState) -> set:
    """The meeting family an event class is in (``Talks``, ``Summit``: ``{"Meeting"}``), else none."""
    return {"Meeting"} & set(state.lexicon.classes.ancestors(event_type))


def _content_nouns(verb, event_type: str, state: DocState) -> list:
    """``agreed to a truce``, ``offered talks``: the content an agreement, offer or appeal takes."""
    if event_type.lower() not in state.lexicon.cue("content_heads"):
        return []
    found = []
    for child in verb.children:
        if child.dep_ in ("dobj", "attr"):
            found.append(child)
        elif child.dep_ == "prep":
            found += [c for c in child.children if c.dep_ == "pobj"]
    return [t for t in found if t.pos_ in NOUN_POS]


def _ordered(tok) -> bool:
    """``after the drills ended``, ``before meeting Kim``: a clause placed in time by another."""
    return any(c.dep_ == "mark" and c.lower_ in ORDERING for c in tok.children) or (
        tok.dep_ in ("pcomp", "pobj") and tok.head.lower_ in ORDERING)


def own_clauses(tok, clause: list) -> list:
    """The trigger and the clauses above it up to one that another clause places in time.

    ``fired a missile on Thursday, a day after the allies ended their drills``: Thursday is the
    firing's; the drills' clause is ordered by ``after`` and does not climb past it.
    """
    chain = []
    for t in [tok, *(t for t in clause if t is not None and t is not tok)]:
        chain.append(t)
        if _ordered(t):
            break
    return chain


def time_anchors(tok, clause: list, event_type: str, state: DocState) -> list:
    """Return the tokens whose time expressions date the event, nearest first."""
    anchors = own_clauses(tok, clause)
    nouns = [tok] if tok.pos_ in NOUN_POS else _content_nouns(tok, event_type, state)
    for noun in nouns:
        anchors += [c for c in noun.children if c.dep_ in _DESCRIBING and describes(c, event_type, state)]
    return anchors


def _dated_by_clause_head(anchors, state: DocState) -> list[str]:
    """``most recently in 2002, when the president broke off talks``: a clause describing a date is at it."""
    for anchor in anchors:
        if anchor.dep_ != "relcl" or anchor.head.ent_type_ not in ("DATE", "TIME"):
            continue
        for root, text in state.time_entities[state.sentence_of(anchor.i)]:
            if root.i == anchor.head.i:
                prep = root.head
                return [(prep.lower_ + " " if prep.dep_ == "prep" and prep.lower_ in ("on", "in") else "") + text]
    return []


def _reporting_verb(top, state: DocState):
    """The reporting verb a clause is the content of (``said ... it is ready``), if any."""
    if top.dep_ in ("ccomp", "xcomp") and top.head.lemma_.lower() in state.lexicon.cue("reporting_verbs"):
        return top.head
    return None


def _past(verb) -> bool:
    """``rejected``, ``had rejected``: the clause reports an act before the saying.

    A state in the past after a past reporting verb is the speaker's present (``said Moscow was
    ready to talk``), so ``was``/``were`` do not count.
    """
    return (verb.tag_ in ("VBD", "VBN") and verb.lemma_ != "be") or any(
        c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _pledged(verb) -> bool:
    """``said Russia would help``, ``said it will send``: the saying is the pledge, dated with it."""
    return any(c.dep_ == "aux" and c.lower_ in _PLEDGE_MODALS for c in verb.children)


def _is_future(anchors, state: DocState) -> bool:
    heads = state.lexicon.cue("future_heads")
    return any(is_future(t) for t in anchors) or any(
        t.dep_ in ("xcomp", "acl") and t.head.lemma_.lower() in heads for t in anchors)


def previous_day(state: DocState) -> Optional[dt.date]:
    """The day of the latest dated event read so far (``a day earlier``, ``hours later`` count from it)."""
    for event in reversed(state.events):
        if event.time is not None and event.time.precision == "day" and event.time.value:
            return dt.date.fromisoformat(event.time.value)
    return None


def resolve_first(expressions: list[str], state: DocState, *, future: bool) -> Optional[TimeValue]:
    """Resolve the first expression that can be, against the document's date."""
    for expr in expressions:
        previous = previous_day(state) if _RELATIVE_RE.search(expr) else None
        when = timex.resolve(expr, state.doc_date, future=future, previous=previous)
        if when is not None:
            return when
    return None


def event_time(tok, clause: list, event_type: str, state: DocState) -> Optional[TimeValue]:
    """Return the time the text states for an event, by syntax; None when its clauses state none.

    Args:
        tok: the trigger's head token.
        clause: the governing verb and the clauses it hangs from (``syntax.clause_chain``).
        event_type: the event's class (its describing clauses must not name another kind of event).
        state: the document read so far (its date anchors relative expressions).
    """
    anchors = time_anchors(tok, clause, event_type, state)
    expressions = time_expressions(anchors, state) or _dated_by_clause_head(anchors, state)
    when = resolve_first(expressions, state, future=bool(expressions) and _is_future(anchors, state))
    top = clause[-1] if clause else tok
    stated = event_type in SPEECH_ACTS or _pledged(top)
    if when is not None or not stated or tok.pos_ in NOUN_POS or _past(top):
        return when
    reporter = _reporting_verb(top, state)
    if reporter is None:
        return None
    expressions = time_expressions([reporter], state)
    return resolve_first(expressions, state, future=False)


def compatible(a: TimeValue, b: TimeValue) -> bool:
    """True when two dates, at their precisions, can name the same day (``corefer.times_agree``).

    >>> compatible(TimeValue("2025-06-11"), TimeValue("2025-06", "month"))
    True
    >>> compatible(TimeValue("2025-06-11"), TimeValue("2025-06-12"))
    False
    """
    return times_agree(a, b)


def more_specific(current: Optional[TimeValue], other: Optional[TimeValue]) -> Optional[TimeValue]:
    """Return the date two mentions of one event give it, keeping how it was found.

    Any date the story gives beats the document's own date; of two compatible dates the narrower
    wins (``corefer.narrower``: a day beats a span, a month, a year); two dates that cannot be the
    same day leave ``current`` as it is (a source disagrees, or they are not one event).

    >>> more_specific(TimeValue("2025-06", "month"), TimeValue("2025-06-11")).value
    '2025-06-11'
    >>> more_specific(TimeValue("2025-06-12", basis="document"), TimeValue("2025-06-11")).value
    '2025-06-11'
    """
    if current is None or other is None:
        return current or other
    if current.basis == "document" and other.basis != "document":
        return other
    if not times_agree(current, other):
        return current
    return narrower(current, other)
