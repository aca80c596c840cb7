"""Where an event happened: the place phrases that belong to it by syntax.

A place preposition (``in``, ``at``, ``near``…; ``to`` after a verb of motion) on the trigger or
on the clauses it hangs from names the place: directly (``in Hanoi``), through the name that
qualifies its object (``at a Singapore resort``, ``at the Capella Singapore hotel``), further
down (``at a villa in Geneva``), or by a country's capital (``in the Chinese capital``, which
``find_capital_mentions`` reads as a mention of Beijing). An adverbial phrase that is not itself a
place holds one further down (``for 40 seconds at Vostochny``, ``on the sidelines of the UN
General Assembly in New York``), but one that orders events (``after talks in Beijing``) names
another event's place, not this one's. A seat of government is a building: ``at the White House``.
Places are places (cities, places, countries), never a person or another organisation.
"""
from __future__ import annotations

from kg.extract.actors import draft_for
from kg.extract.state import DocState
from kg.extract.events.syntax import NOUN_POS, phrase_tokens, prep_objects
from kg.extract.events.when import describes
from kg.records import Mention, Span

PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "off", "into", "around", "across", "along",
                         "through"})
# phrases that are not places but may hold one: "for an hour at the villa", "during talks in Oslo"
_ADVERBIAL_PREPS = frozenset({"for", "during", "on", "with", "amid", "as", "via"})
PLACE_KINDS = ("City", "Place", "Country")
_ACTORS = ("Person", "Organization", "Country", "Group")
_QUALIFIERS = ("compound", "amod", "nmod")
_CAPITAL_WORDS = frozenset({"capital"})
# "south of Jeju Island", "in parts of the West Bank", "off the coast of Somalia": spatial nouns
# whose "of" names a place; "at the invitation of Russia" names none
_SPATIAL = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                      "coast", "coasts", "shore", "shores", "waters", "outskirts", "border", "borders", "edge",
                      "centre", "center", "heart", "part", "parts", "region", "area", "areas", "suburbs", "city",
                      "town", "port", "island", "islands", "province", "vicinity", "territory", "streets"})


def _place_key(tok, state: DocState, *, seat_ok: bool = False, country_ok: bool = True):
    key = state.token_actor.get(tok.i)
    if key is None:
        return None
    kind = state.kind_of(key)
    if kind in PLACE_KINDS and (country_ok or kind != "Country"):
        return key
    entry = state.gazetteer.get(key)
    if seat_ok and kind == "Organization" and entry is not None and entry.org_kind == "seat":
        return key  # "at the White House", "at the Kremlin": the seat of government, a building
    return None


def _qualifying_places(obj, state: DocState) -> list[str]:
    """``a luxury Singapore resort``, ``the Vostochny Cosmodrome``: the place a name qualifies;
    ``Cartagena's old city``, ``Gaza's streets``: the place that owns a spatial noun."""
    found = []
    for child in obj.children:
        owner = child.dep_ == "poss" and obj.lower_ in _SPATIAL
        if (child.dep_ in _QUALIFIERS or owner) and child.i < obj.i:
            for tok in child.subtree:
                key = _place_key(tok, state)
                if key:
                    found.append(key)
    return found


def _nested_places(obj, state: DocState) -> list[str]:
    """``at a villa in Geneva``: a place phrase further down the object's own phrase."""
    found = []
    for tok in phrase_tokens(obj):
        prep = tok.head
        if tok is obj or tok.dep_ != "pobj":
            continue
        if prep.lower_ in PLACE_PREPS or (prep.lower_ == "of" and prep.head.lower_ in _SPATIAL):
            found += _phrase_places(tok, state, nested=False)
        elif prep.lower_ == "on":
            found += _phrase_places(tok, state, nested=False, surface=True)
    return found


def _phrase_places(obj, state: DocState, *, nested: bool = True, seat_ok: bool = False,
                   surface: bool = False) -> list[str]:
    """The places a place preposition's object names: itself, its conjuncts, its qualifiers.

    ``surface``: the preposition is ``on``, which names a place only for a city or place
    (``on Sentosa``, ``on a Singapore island``), not for a country (``sanctions on Iran``).
    """
    found = []
    appositions = [c for c in obj.children if c.dep_ == "appos"]  # "at the luxury, the X hotel"
    for sub in (obj, *obj.conjuncts, *appositions):
        key = _place_key(sub, state, seat_ok=seat_ok, country_ok=not surface)
        if key is None and surface and sub.lower_ not in _SPATIAL:
            continue
        found += [key] if key else _qualifying_places(sub, state)
    if nested and not found:
        found = _nested_places(obj, state)
    return found


_MOTION_PREPS = frozenset(PLACE_PREPS | {"to"})  # "flew to Beijing"
_PLACE_OR_ADVERBIAL = frozenset(PLACE_PREPS | _ADVERBIAL_PREPS)
_MOTION_OR_ADVERBIAL = frozenset(_MOTION_PREPS | _ADVERBIAL_PREPS)


def find_places(tokens, state: DocState, motion: bool, *, deep: bool = False) -> list[str]:
    """Return the places named by the place phrases of ``tokens`` (a trigger and its clauses).

    Args:
        tokens: the tokens whose prepositional phrases are read, nearest first (None skipped).
        motion: the event is a movement (``flew to Beijing``: ``to`` names the place too).
        deep: also read the phrases of the nouns inside a nominal trigger's phrase
            (``the summit with Putin in Helsinki``).
    """
    places = []
    preps, read = (_MOTION_PREPS, _MOTION_OR_ADVERBIAL) if motion else (PLACE_PREPS, _PLACE_OR_ADVERBIAL)
    for tok in tokens:
        if tok is None:
            continue
        holders = [t for t in phrase_tokens(tok) if t is tok or t.pos_ in NOUN_POS] if deep else [tok]
        for holder in holders:
            for prep, obj in prep_objects(holder, read):
                if prep in preps:
                    places += _phrase_places(obj, state, nested=prep != "to", seat_ok=prep == "at")
                elif holder is tok:
                    places += (_phrase_places(obj, state, nested=False, surface=True) if prep == "on" else []) \
                        or _nested_places(obj, state)
    return list(dict.fromkeys(places))


def _object_places(verb, event_type: str, state: DocState) -> list[str]:
    """``met Araghchi in Vienna``, ``signed the agreement in the Chinese capital``: a place phrase the
    parser hung on the object, when the object is the actor met or the event itself named again."""
    found = []
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "dative")):
        people = [t for t in phrase_tokens(obj) if state.kind_of(state.token_actor.get(t.i, "")) in _ACTORS]
        same = any(t.event_type == event_type for t in state.lexicon.nouns.get(obj.lemma_.lower(), ()))
        for holder in ([obj, *people] if people or same else []):
            for _, place_obj in prep_objects(holder, PLACE_PREPS):
                found += _phrase_places(place_obj, state)
    return found


_SPEAKING = frozenset({"speak", "address", "stand", "talk"})
_AUDIENCE_PREPS = frozenset({"to"})  # "speaking to reporters in Ottawa"


def _speaker_places(verb, state: DocState) -> list[str]:
    """``Abdelatty, speaking in Cairo, urged ...``: where the speaker was as it acted; also through
    the audience (``Speaking to reporters in Ottawa, Trudeau urged ...``)."""
    lex = state.lexicon
    words = _SPEAKING | lex.cue("reporting_verbs") | lex.cue("motion_verbs")
    holders = [c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG"]
    for subj in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
        holders += [c for c in subj.children if c.dep_ == "acl" and c.tag_ == "VBG"]
    found = []
    for clause in holders:
        if clause.lemma_.lower() in words:
            found += find_places([clause], state, False) or [
                p for _, audience in prep_objects(clause, _AUDIENCE_PREPS) for p in _nested_places(audience, state)]
    return found


def _host_places(top, state: DocState) -> list[str]:
    """``the ceremony in Washington that saw the signing``: the place of the noun a clause describes."""
    if top.dep_ not in ("relcl", "acl") or top.head.pos_ not in NOUN_POS:
        return []
    return find_places([top.head], state, False, deep=True)


def _content_places(verb, event_type: str, state: DocState) -> list[str]:
    """``offered to host a meeting in Istanbul``: an offer's or appeal's content names where."""
    if event_type.lower() not in state.lexicon.cue("content_heads"):
        return []
    found = []
    for clause in (c for c in verb.children if c.dep_ == "xcomp"):
        for obj in (c for c in clause.children if c.dep_ == "dobj"):
            found += find_places([obj], state, False)
    return found


def _activity_places(verb, state: DocState) -> list[str]:
    """``practised bombing a target in the Yellow Sea``, ``began shelling positions near Kotli``:
    the activity a verb names with a gerund happens where that activity's phrase says."""
    found = []
    for clause in (c for c in verb.children if c.dep_ in ("xcomp", "pcomp") and c.tag_ == "VBG"):
        found += find_places([clause], state, False)
        for obj in (c for c in clause.children if c.dep_ == "dobj"):
            found += find_places([obj], state, False)
    return found


def event_places(tok, clause: list, event_type: str, state: DocState, *, nominal: bool, motion: bool) -> list[str]:
    """Return the places of an event: its own place phrase, else the nearest clause's, else the
    places its object, its speaker or its content are said to be at.

    Args:
        tok: the trigger's head token; clause: its governing verb and the clauses above it.
        nominal: the trigger is a noun (its whole phrase is read, and ``the Hanoi summit`` names one).
        motion: a verb of motion (``flew to Beijing``).
    """
    describing = [c for c in tok.children if c.dep_ in ("acl", "relcl") and describes(c, event_type, state)]
    places = find_places([tok], state, motion, deep=nominal) or (find_places(describing, state, False) if nominal else [])
    for holder in clause:  # the nearest clause that names a place
        places = places or find_places([holder], state, motion)
    places += [k for child in tok.children if child.dep_ in ("compound", "nmod", "poss")
               for k in [state.token_actor.get(child.i)] if k and state.kind_of(k) in ("City", "Place")]
    verb = clause[0] if clause else None
    if not places and verb is not None:
        places = (_object_places(verb, event_type, state) or _speaker_places(clause[-1], state)
                  or _content_places(verb, event_type, state) or _activity_places(verb, state)
                  or _host_places(clause[-1], state))
    places = list(dict.fromkeys(places))
    return places + coordinated_places(tok, state, places)


def coordinated_places(tok, state: DocState, places: list[str]) -> list[str]:
    """``with Kim in Singapore and Vietnam``: a country coordinated right after a place is a place."""
    extra = []
    if not places:
        return extra  # nothing for a country to be coordinated with
    for sub in phrase_tokens(tok):
        key = state.token_actor.get(sub.i)
        if key is None or key in places or sub.dep_ != "conj" or state.kind_of(key) not in ("Country", "City"):
            continue
        if sub.i >= 2 and state.token_actor.get(sub.i - 2) in places:
            extra.append(key)
    return extra


def _capital(country: str, state: DocState):
    entry = state.gazetteer.get(country)
    if entry is None or entry.kind != "Country":
        return None
    return state.gazetteer.get(entry.capital)


def find_capital_mentions(state: DocState) -> None:
    """``the Chinese capital``, ``Russia's capital``: a mention of that country's capital city.

    Runs after the named mentions are found and before events are read, so that an event ``in
    the Chinese capital`` has Beijing for its place.
    """
    for tok in state.tokens:
        if tok.lower_ not in _CAPITAL_WORDS or tok.i in state.token_actor or tok.pos_ not in NOUN_POS:
            continue
        owners = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")
                  and state.kind_of(state.token_actor.get(c.i, "")) == "Country"]
        if len(owners) != 1 or any(c.dep_ == "amod" and c.lower_ in ("former", "old") for c in tok.children):
            continue
        city = _capital(state.token_actor[owners[0].i], state)
        if city is None:
            continue
        start = min([tok.i, *(c.i for c in tok.children if c.dep_ == "det")])
        first, last = state.tokens[start], tok
        span = Span(first.idx, last.idx + len(last), state.text[first.idx:last.idx + len(last)])
        state.mentions.append(Mention(city.id, span, state.sentence_of(tok.i), "actor.capital_of", 0.9))
        state.token_actor[tok.i] = city.id  # the country's word stays the country's
        draft_for(state, city, city.kind, city.name).mentioned = True
