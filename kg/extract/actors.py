"""Actors: find the mentions of people, organisations, countries and places in a spaCy Doc.

Named entities (spaCy's NER, overruled by the gazetteer's entity ruler) become mentions with a
canonical name: possessives stripped, titles turned into roles, demonyms resolved to their
country, short names linked to the full name seen in the same document.
"""
from __future__ import annotations

from typing import Optional

from kg.extract import orgs
from kg.extract.name_links import link_acronyms, link_places_named_alike, merge_into
from kg.extract.names import Name, find_names
from kg.extract.state import ActorDraft, DocState
from kg.extract.titles import title_before
from kg.nlp.gazetteer import Entry, name_key
from kg.records import CREDIT_RULE, Mention, Span

ENTITY_LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
                 "FAC": "Place", "NORP": None, "CITY": "City"}  # an unknown GPE is a place, unless a city
_POSSESSIVE = {"'s", "’s", "'", "’"}
_TRAILING_DROP = _POSSESSIVE | {"-", "–", ","}
_LEADING_DROP = {"the", "a", "an"}


def title_words(state: DocState) -> frozenset[str]:
    """Return the lower-case words that make up titles and honorifics."""
    return state.lexicon.cue("title_words")


def _clean_bounds(tokens: list, start: int, end: int, titles: frozenset[str]) -> tuple[int, int, list[str]]:
    """Trim determiners, possessives and leading titles from a token range; return the titles.

    ``titles`` holds the title words both as written and without their final dots.
    """
    dropped = []
    while end > start and tokens[end - 1].text in _TRAILING_DROP:
        end -= 1
    while start < end and tokens[start].lower_ in _LEADING_DROP:
        start += 1
    while end - start > 1 and tokens[start].lower_.rstrip(".") in titles:
        dropped.append(tokens[start].text)
        start += 1
    return start, end, dropped


def _extend_person(tokens: list, start: int, end: int) -> int:
    """Extend a person's name over following capitalised name tokens the NER left out.

    ``Phumzile Mlambo-Ngcuka``: a hyphen joined without spaces to the next capitalised word
    carries the name on when that word is the head of the name the NER cut short.
    """
    while end < len(tokens):
        token = tokens[end]
        if (token.pos_ == "PROPN" and token.text[:1].isupper() and not token.ent_type_
                and start <= token.head.i <= end and not token.is_sent_start):
            end += 1
        elif _hyphenated_rest(tokens, start, end):
            end += 2
        else:
            break
    return end


def _hyphenated_rest(tokens: list, start: int, end: int) -> bool:
    if end + 1 >= len(tokens) or tokens[end].text not in ("-", "‑") or tokens[end - 1].whitespace_ \
            or tokens[end].whitespace_:
        return False
    rest = tokens[end + 1]
    return rest.is_alpha and rest.text[:1].isupper() and not rest.ent_type_ and \
        any(t.head.i == rest.i for t in tokens[start:end])


def _inside_title(state: DocState, ent, titles: frozenset[str]) -> bool:
    """``Secretary of State``, ``Chief Cabinet Secretary``: a name the NER found inside a title."""
    tokens = state.tokens
    name = state.span_text(ent.start, ent.end).lower()
    for title in titles:
        words = title.split()
        if len(words) < 2 or name not in words:
            continue
        for k in range(len(words)):
            start = ent.start - k
            if start < 0 or start + len(words) > len(tokens) or start + len(words) < ent.end:
                continue
            if [t.lower_ for t in tokens[start:start + len(words)]] == words:
                return True
    return False


def draft_for(state: DocState, entry: Optional[Entry], kind: str, label: str) -> ActorDraft:
    if entry is not None:
        key = entry.id
        if key not in state.actors:
            state.actors[key] = ActorDraft(key, entry.kind, entry.name, entry.qid, gender=entry.gender,
                                           affiliation_key=entry.country if entry.kind in ("Person", "Organization") else None,
                                           country_key=entry.country if entry.kind in ("City", "Place") else None,
                                           reference_roles=entry.reference_roles)
            for title, of, former in entry.roles:
                state.actors[key].roles.setdefault((title, of), former)
        return state.actors[key]
    key = f"{kind.lower()}:{name_key(label)}"
    if key not in state.actors:
        state.actors[key] = ActorDraft(key, kind, label)
    return state.actors[key]


def _person_by_part(state: DocState, part: str, before: int) -> Optional[str]:
    """Return the person already mentioned whose name contains ``part`` (nearest first)."""
    part = name_key(part)
    for _, key in state.mentions_before(before):
        draft = state.actors[key]
        if draft.kind == "Person" and part in name_key(draft.label).split() and name_key(draft.label) != part:
            return key
    return None


def _named_by_first_word(state: DocState, word: str, before: int) -> Optional[str]:
    """Return the place or body already mentioned whose name begins with ``word`` ("Vostochny")."""
    word = name_key(word)
    for _, key in state.mentions_before(before):
        draft = state.actors[key]
        words = name_key(draft.label).split()
        if draft.kind != "Person" and len(words) > 1 and words[0] == word:
            return key
    return None


def add_mention(state: DocState, start: int, end: int, key: str, rule: str, *,
                metonymic: bool = False, stands_for: Optional[str] = None, confidence: float = 1.0,
                index: bool = True) -> None:
    """Record a mention of ``key`` over tokens ``start:end`` (not empty) and index its tokens.

    ``index=False`` records the mention without giving its tokens to the actor: event arguments
    never resolve to it (the agency of a credit line).
    """
    first, last = state.tokens[start], state.tokens[end - 1]
    start_char, end_char = first.idx, last.idx + len(last)
    text = state.text[start_char:end_char]
    state.mentions.append(Mention(key, Span(start_char, end_char, text), state.sentence_of(start),
                                  rule, confidence, metonymic, stands_for))
    if index:
        for i in range(start, end):
            state.token_actor[i] = key
    draft = state.actors[key]
    draft.mentioned = True
    if text != draft.label:
        draft.alt_labels.add(text)


def find_mentions(doc, state: DocState) -> None:
    """Find every named actor and place in ``doc`` and record it in ``state``, in text order."""
    titles = title_words(state)
    title_forms = titles | {t.rstrip(".") for t in titles}  # "gen." is also read as "gen"
    for name in find_names(doc, state):
        if name.label in ENTITY_LABELS:
            _read_name(name, state, titles, title_forms)
    _link_late_short_names(state)
    _link_spelling_variants(state)
    link_places_named_alike(state)
    link_acronyms(state)


def _read_name(name: Name, state: DocState, titles: frozenset[str], title_forms: frozenset[str]) -> None:
    """Turn one name into a mention: of a gazetteer entry, of an actor named before, or of a new one."""
    tokens = state.tokens
    if not name.ent_id and name.label != "PERSON" and _inside_title(state, name, state.lexicon.cue("titles")):
        return
    if not name.ent_id and all(t.is_lower or not t.is_alpha for t in tokens[name.start:name.end]):
        return  # "ministry", "navy": a generic noun the NER took for a name
    start, end, dropped = _clean_bounds(tokens, name.start, name.end,
                                        title_forms if name.label == "PERSON" else frozenset())
    if start >= end:
        return
    if name.label == "PERSON":
        end = _extend_person(tokens, start, end)
    label = state.span_text(start, end)
    if name.source:
        _add_source(state, name, start, end, label)
        return
    entry = _entry_for(name, label, (start, end), state)
    if entry is None and name.label == "NORP":
        return  # a demonym of no known country ("Korean affairs") names nobody
    if entry is None and _read_country_anaphor(state, label, start, end):
        return
    kind = _kind_of(state, entry, name, start, end, titles)
    owner = None
    if kind == "Organization":
        owner = name.owner or orgs.owner_before(state, start)
        entry = orgs.owned_entry(state, entry, label, owner)
    known = _named_before(state, entry, kind, name, label, start, end)
    if known is not None:
        if known[0]:
            add_mention(state, start, end, known[0], known[1], confidence=0.9)
        return
    draft = _draft_of_name(state, entry, kind, label, owner)
    rule = "actor.gazetteer" if entry else f"actor.ner.{name.label.lower()}"
    add_mention(state, start, end, draft.key, rule, confidence=1.0 if entry else 0.8)
    if draft.kind == "Person":
        _read_roles(state, draft, start, dropped, titles)


def _entry_for(name: Name, label: str, bounds: tuple[int, int], state: DocState) -> Optional[Entry]:
    """The gazetteer entry a name matched whole, else the one its cleaned text names."""
    gaz = state.gazetteer
    if name.ent_id:
        return gaz.get(name.ent_id)
    return gaz.lookup(label) or (gaz.demonym(label) if name.label == "NORP" else None) or (
        _place_by_first_word(label, state) if name.label == "LOC" and " " not in label else None)


def _place_by_first_word(word: str, state: DocState) -> Optional[Entry]:
    """"the Pacific", "the Baltic": the one known sea or ocean (any place head) named by this word."""
    found = {e.id: e for head in state.gazetteer.word_list("place_heads")
             if (e := state.gazetteer.lookup(f"{word} {head}")) is not None and e.kind == "Place"}
    return next(iter(found.values())) if len(found) == 1 else None


def _read_country_anaphor(state: DocState, label: str, start: int, end: int) -> bool:
    """"the North", "the nuclear-armed North": the country named before, not a new place."""
    tokens = state.tokens
    if label.lower() not in ("north", "south") or end - start != 1:
        return False
    if not (start > 0 and tokens[start - 1].lower_ == "the") and not any(t.lower_ == "the" for t in tokens[start].lefts):
        return False
    from kg.extract.coref import country_anaphor

    key = country_anaphor(state, f"the {label.lower()}", start)
    if key is not None:
        first = start - 1 if tokens[start - 1].lower_ == "the" else start
        add_mention(state, first, end, key, "actor.country_anaphor", confidence=0.8)
    return True


def _kind_of(state: DocState, entry: Optional[Entry], name: Name, start: int, end: int,
             titles: frozenset[str]) -> str:
    """The gazetteer's kind, else the NER label's; a title before an unknown name makes it a person."""
    if entry is not None:
        return entry.kind
    tokens = state.tokens
    if name.label in ("ORG", "GPE") and start > 0 and tokens[start - 1].lower_ in titles \
            and end - start >= 2 and all(t.is_title for t in tokens[start:end]):
        return "Person"  # "spokeswoman Sadia Rehman"
    return ENTITY_LABELS[name.label]


def _named_before(state: DocState, entry: Optional[Entry], kind: str, name: Name, label: str,
                  start: int, end: int) -> Optional[tuple[Optional[str], str]]:
    """Return ``(key, rule)`` when the name is a short form of an actor named before.

    ``(None, rule)`` means the name is part of a person's name already known and is skipped.
    """
    length = end - start
    if kind == "Person" and length == 1 and (entry is None or (
            state.gazetteer.is_short_name(label) and entry.id not in state.actors)):
        same = _person_by_part(state, label, start)  # a surname: the person of that name named before
        if same is not None:
            return same, "actor.short_name"
    if kind == "Organization" and (entry is None or name_key(label) != name_key(entry.name)) \
            and (entry is None or entry.id not in state.actors):
        same = orgs.org_named_before(state, label, start, exclude=entry.id if entry else None)
        if same is not None:  # "the Security Council" after "the UN Security Council"
            return same, "actor.short_name"
    if entry is None and length == 1:
        same = _person_by_part(state, label, start) or _named_by_first_word(state, label, start)
        if same is not None:
            return same, "actor.short_name"
        if name.label != "PERSON" and any(d.kind == "Person" and name_key(label) in name_key(d.label).split()
                                          for d in state.actors.values()):
            return None, "skip"
    return None


def _draft_of_name(state: DocState, entry: Optional[Entry], kind: str, label: str,
                   owner: Optional[str]) -> ActorDraft:
    """The draft of a named actor; an organisation the gazetteer does not know gets a canonical key."""
    if entry is not None or kind != "Organization":
        return draft_for(state, entry, kind, label)
    canonical = orgs.canonical_name(label, state)
    if owner is None:
        return draft_for(state, None, kind, canonical)
    canonical, key = orgs.owned_label(state, canonical, owner)
    if key not in state.actors:
        state.actors[key] = ActorDraft(key, kind, canonical, affiliation_key=owner)
    return state.actors[key]


def _add_source(state: DocState, name: Name, start: int, end: int, label: str) -> None:
    """The agency of a credit line: mentioned by the document, never an event's argument."""
    entry = state.gazetteer.get(name.ent_id)
    draft = draft_for(state, entry, "Organization", label)
    add_mention(state, start, end, draft.key, CREDIT_RULE, index=False)


def _read_roles(state: DocState, draft: ActorDraft, start: int, dropped: list[str], titles: frozenset[str]) -> None:
    title, of_key, former, _ = title_before(state, start, titles)
    honorifics = state.lexicon.cue("honorifics")
    if not title and dropped:
        title = " ".join(w for w in dropped if w.lower() not in honorifics)
    if title:
        _add_role(draft, title, of_key, former)
        if of_key and draft.affiliation_key is None:
            draft.affiliation_key = state.country_for(of_key) if state.kind_of(of_key) == "City" else of_key


def _add_role(draft: ActorDraft, title: str, of_key: Optional[str], former: bool) -> None:
    """Record a role read from the text, merged with the same title already known."""
    for (known, known_of) in list(draft.roles):
        if known.lower() == title.lower() and (known_of == of_key or of_key is None or known_of is None):
            if known_of is None and of_key is not None:
                del draft.roles[(known, known_of)]
                break
            draft.roles[(known, known_of)] = former
            return
    draft.roles[(title, of_key or draft.affiliation_key)] = former


def _link_late_short_names(state: DocState) -> None:
    """Merge an actor first seen by a short name into the full name that appears later.

    A person's short name is any word of the full name (``Kim`` of ``Kim Song-ho``); a place's or
    a body's is its first word (``Vostochny`` of ``the Vostochny Cosmodrome``).
    """
    unknown = [d for d in state.actors.values() if ":" in d.key and " " not in d.label]
    for short in unknown:
        fulls = [d for d in state.actors.values() if d is not short and _short_form_of(short, d)]
        if len(fulls) != 1:
            continue
        merge_into(state, short, fulls[0])


def _short_form_of(short: ActorDraft, full: ActorDraft) -> bool:
    words = name_key(full.label).split()
    if short.kind == "Person" or full.kind == "Person":
        return short.kind == full.kind == "Person" and name_key(short.label) in words
    return len(words) > 1 and words[0] == name_key(short.label)


def _skeleton(word: str) -> str:
    """A word's consonants, doubled letters once: "Noor" and "Nur" both give "nr"."""
    out = ""
    for ch in word.lower():
        if ch.isalpha() and ch not in "aeiouy" and not out.endswith(ch):
            out += ch
    return out


def _spelling_variant(a: ActorDraft, b: ActorDraft) -> bool:
    """Two names of one thing spelt two ways: "Nur Khan Air Base" and "Noor Khan Air Base"."""
    wa, wb = a.label.split(), b.label.split()
    if a.kind != b.kind or len(wa) != len(wb) or len(wa) < 2:
        return False
    differ = [(x, y) for x, y in zip(wa, wb) if x.lower() != y.lower()]
    return len(differ) == 1 and differ[0][0][:1].lower() == differ[0][1][:1].lower() \
        and _skeleton(differ[0][0]) == _skeleton(differ[0][1]) != ""


def _link_spelling_variants(state: DocState) -> None:
    """Merge an actor the text spells two ways into the spelling it used first."""
    unknown = [d for d in state.actors.values() if ":" in d.key]
    for index, later in enumerate(unknown):
        first = next((d for d in unknown[:index] if d.key in state.actors and _spelling_variant(d, later)), None)
        if first is not None and later.key in state.actors:
            merge_into(state, later, first)
