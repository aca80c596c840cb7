"""Organisations: whose body a name is, its canonical name, and short names of bodies named before.

``Japan's National Security Council`` is not the United States' one the gazetteer knows by that
name: the owner named before a body decides which entry it is (``China's Defense Ministry`` is the
gazetteer's ``Chinese Defense Ministry``), or makes a new body of that country. A company's legal
designators do not make it another company (``Lukoil OAO`` is ``Lukoil``), and a body's short
name resolves to the body named before in the document (``the Security Council`` after ``the UN
Security Council``).
"""
from __future__ import annotations

from typing import Optional

from kg.extract.state import DocState
from kg.nlp.gazetteer import Entry, name_key

_POSSESSIVE = {"'s", "’s", "'", "’"}


def owner_before(state: DocState, start: int) -> Optional[str]:
    """Return the country named right before a body: ``Japan's``, ``Japanese``, ``U.S.``, ``Beijing's``."""
    tokens = state.tokens
    j = start - 1
    if j >= 0 and tokens[j].text in _POSSESSIVE:
        j -= 1
    if j < 0 or j not in state.token_actor:
        return None
    return state.country_of_actor(state.country_for(state.token_actor[j]))


def owned_entry(state: DocState, entry: Optional[Entry], label: str, owner: Optional[str]) -> Optional[Entry]:
    """Return the gazetteer body that ``label`` of ``owner`` names, or None for a body it does not know.

    ``entry`` is what the name alone matched; it stands when it belongs to ``owner`` (or to nobody).
    """
    if owner is None or (entry is not None and entry.kind != "Organization"):
        return entry
    if entry is not None and entry.country in (None, owner):
        return entry
    country = state.gazetteer.get(owner)
    if country is None:
        return None
    bare = _without_owner(label, country)
    for form in (*(f"{d} {bare}" for d in country.demonyms), f"{country.name}'s {bare}", f"{country.name} {bare}"):
        found = state.gazetteer.lookup(form)
        if found is not None and found.kind == "Organization" and found.country == owner:
            return found
    return None


def _without_owner(label: str, country: Entry) -> str:
    for prefix in (*country.demonyms, *country.names):
        for form in (f"{prefix}'s ", f"{prefix}’s ", f"{prefix} "):
            if label.startswith(form):
                return label[len(form):]
    return label


def owned_label(state: DocState, label: str, owner: str) -> tuple[str, str]:
    """Return ``(label, key)`` of a body of ``owner`` the gazetteer does not know.

    The key is the owner and the body's own name, so ``U.S. Embassy``, ``US Embassy`` and
    ``American Embassy`` are one node; the label keeps the owner as written, or puts its demonym
    first when the text named the owner apart (``Pakistan's Foreign Office`` -> ``Pakistani Foreign Office``).
    """
    country = state.gazetteer.get(owner)
    if country is None:
        return label, f"organization:{name_key(label)}"
    bare = _without_owner(label, country)
    key = f"organization:{owner}:{name_key(bare)}"
    if bare != label:
        return label, key
    return (f"{country.demonyms[0]} {bare}" if country.demonyms else f"{country.name} {bare}"), key


def canonical_name(label: str, state: DocState) -> str:
    """Drop a company's legal designators: ``Rosneft Oil Company PJSC`` -> ``Rosneft``, ``Lukoil OAO`` -> ``Lukoil``."""
    words = state.gazetteer.word_list
    parts = label.split()
    dropped = False
    while len(parts) > 1 and parts[-1] in words("corporate_designators"):
        parts.pop()
        dropped = True
    if dropped and len(parts) == 2 and parts[-1] in words("industry_words"):
        parts.pop()  # a one-word brand before its trade: "Rosneft Oil Company"
    return " ".join(parts)


def org_named_before(state: DocState, label: str, before: int, exclude: Optional[str] = None) -> Optional[str]:
    """Return the organisation mentioned before whose name contains ``label`` as whole words.

    ``the Defense Ministry`` after ``China's Defense Ministry``; ``the Joint Chiefs of Staff`` after
    ``South Korea's Joint Chiefs of Staff``. The nearest such body wins.
    """
    words = name_key(label).split()
    if not words:
        return None
    seen = set()
    for _, key in state.mentions_before(before):
        draft = state.actors[key]
        if key in seen or key == exclude or draft.kind != "Organization":
            continue
        seen.add(key)
        for form in (draft.label, *draft.alt_labels):
            known = name_key(form).split()
            if len(known) > len(words) and any(known[i:i + len(words)] == words for i in range(len(known))):
                return key
    return None
