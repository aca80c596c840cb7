"""Dependency-parse helpers shared by the event rules: subjects, clauses, prepositions, negation."""
from __future__ import annotations

from kg.extract.state import DocState


SIDE_PREPS = {"with", "between", "among", "alongside"}
VERB_POS = {"VERB", "AUX", "ADJ"}


NOUN_POS = {"NOUN", "PROPN"}


_CLIMB_DEPS = {"conj", "xcomp", "advcl", "acl", "pcomp", "acomp", "oprd"}


def descendants(token, depth: int = 3):
    frontier = [token]
    for _ in range(depth):
        nxt = []
        for tok in frontier:
            for child in tok.children:
                if child.dep_ in ("ccomp", "relcl", "advcl") and tok.i != token.i:
                    continue
                if child.dep_ in ("nsubj", "csubj"):
                    continue  # a trigger's further words are among its complements, not its subject
                nxt.append(child)
                yield child
        frontier = nxt


def is_negated(token) -> bool:
    """Return True when the token or its auxiliaries carry a negation ("never denounced … nor called")."""
    if token.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "nor" for c in token.head.children):
        return True
    return any(c.dep_ == "neg" or c.lower_ in ("never",) for c in token.children)


def ancestors(token):
    while token.head.i != token.i:
        token = token.head
        yield token


_SPEECH = {"warn", "urge", "call", "say", "add", "accuse", "condemn", "criticize", "criticise", "insist",
           "reject", "welcome", "praise", "deny", "demand", "appeal", "threaten", "vow", "pledge"}


_SHARED_SUBJECT_PREPS = {"by", "without", "after", "before", "while", "since", "upon"}  # + a gerund


_CLAUSE_PREPS = {"after", "before", "since", "until", "till"}


def _stranded_subject(verb):
    """``suspended them after Nancy Pelosi, then speaker of the House, visited Taiwan``: the parser read
    the clause as a phrase (after + Pelosi) and took "visited" for a conjunct of "suspended" with no
    coordinator between them; the noun the phrase ends with is the conjunct's subject."""
    if verb.dep_ != "conj":
        return None
    doc = verb.doc
    if any(doc[i].dep_ == "cc" for i in range(verb.head.i + 1, verb.i)):
        return None
    j = verb.i - 1
    while j > verb.head.i and doc[j].is_punct:
        j -= 1
    tok = doc[j]
    for _ in range(8):
        if tok.dep_ == "pobj" and tok.head.lower_ in _CLAUSE_PREPS:
            return tok
        if tok.head.i == tok.i or tok.head.i <= verb.head.i:
            return None
        tok = tok.head
    return None


def subject_of(verb, depth: int = 0):
    head = verb.head
    if (verb.dep_ == "conj" and head.dep_ == "ccomp" and verb.lemma_.lower() in _SPEECH and head.head.i < head.i
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and depth < 4):
        # "said the shelling was a violation and warned that ...": the speaker warned (not in "A and B
        # spoke and condemned it, the ministry said", where the reporter only reports)
        return subject_of(head.head, depth + 1)
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child, False
        if child.dep_ == "nsubjpass":
            return child, True
    stranded = _stranded_subject(verb)
    if stranded is not None:
        return stranded, False
    if verb.dep_ == "pcomp" and verb.head.lower_ in _SHARED_SUBJECT_PREPS and verb.head.head.pos_ == "VERB" \
            and depth < 4:  # "retaliated by closing its embassy", "left without securing a deal"
        return subject_of(verb.head.head, depth + 1)[0], False
    holder = verb.head.head
    if (verb.dep_ == "pcomp" and verb.head.lower_ == "of" and holder.pos_ == "NOUN" and holder.dep_ == "dobj"
            and depth < 4):
        return subject_of(holder.head, depth + 1)[0], False  # "took the rare step of recalling its envoy"
    if verb.dep_ == "pcomp" and verb.head.lower_ == "of" and verb.head.head.pos_ == "VERB":
        obj = next((c for c in verb.head.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj, False  # "accused India of firing shells": India fired
    if (verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ") and verb.lemma_.lower() in _SPEECH
            and verb.head.tag_ == "VBN" and verb.head.dep_ == "xcomp" and verb.head.head.dep_ == "ccomp" and depth < 4):
        # "said Russia had to be held accountable and urged its partners to ...": a finite verb does not
        # go with the passive infinitive; it goes with the reporting verb, whose speaker urged
        return subject_of(verb.head.head.head, depth + 1)[0], False
    if verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.head.tag_ == "VB" \
            and verb.head.dep_ in ("xcomp", "ccomp") and depth < 4:
        # "urged Moscow to accept a truce and offered to host talks": "offered" goes with "urged"
        subject, _ = subject_of(verb.head.head, depth + 1)
        return subject, False
    holder = verb.head
    if verb.dep_ == "acl" and holder.pos_ == "NOUN" and holder.dep_ == "dobj" and depth < 4:
        return subject_of(holder.head, depth + 1)[0], False  # "issued a statement saying", "sent a letter urging"
    if verb.dep_ in _CLIMB_DEPS | {"ccomp"} and depth < 4 and verb.head.i != verb.i:
        if verb.dep_ in ("xcomp", "oprd", "ccomp", "acomp"):
            # object control: "invited Kim to visit", "declared Trump open to dialogue"
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj, False
        if verb.dep_ == "ccomp":
            return None, False
        subject, _ = subject_of(verb.head, depth + 1)
        if subject is None and verb.dep_ == "advcl":  # "described the talks as yielding X, while warning Y"
            subject = next((c for a in ancestors(verb) for c in a.children if c.dep_ == "nsubj"), None)
        return subject, False  # the head's subject acts; its passive voice is the head's own
    return None, False


def passive_agent(verb):
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def reporter_of(token, lexicon):
    """Return the subject of the reporting verb whose complement holds ``token``, if any."""
    for anc in ancestors(token):
        if anc.lemma_.lower() in lexicon.cue("reporting_verbs"):
            subj, _ = subject_of(anc)
            return subj
    return None


def prep_objects(token, preps: set[str]):
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    yield child.lower_, obj


_CLAUSES = {"relcl", "acl", "ccomp", "advcl", "xcomp", "conj", "parataxis"}


def phrase_tokens(token) -> list:
    """The tokens of a phrase without the clauses hanging off it (the head, then each dependent's
    phrase in turn, depth first)."""
    found, stack = [], [token]
    while stack:
        tok = stack.pop()
        found.append(tok)
        stack += reversed([child for child in tok.children
                           if child.dep_ not in _CLAUSES or (child.dep_ == "conj" and child.pos_ in NOUN_POS)])
    return found


_MANNER_PREPS = {"by", "without", "while", "upon"}  # "left on Friday without securing a deal": one time


def clause_chain(verb, limit: int = 4):
    chain = [verb]
    while verb is not None and verb.head.i != verb.i and len(chain) < limit:
        if verb.dep_ == "pcomp" and verb.head.lower_ in _MANNER_PREPS and verb.head.head.i != verb.head.i:
            verb = verb.head.head  # through the preposition to the clause it qualifies
        elif verb.dep_ in _CLIMB_DEPS:
            verb = verb.head
        else:
            break
        chain.append(verb)
    return chain


def is_future(verb) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in verb.children)


def is_collective(tok, state: DocState) -> bool:
    left = " ".join(t.lower_ for t in tok.lefts if t.dep_ in ("det", "nummod", "predet", "amod"))
    phrase = f"{left} {tok.lower_}".strip()
    return phrase in state.lexicon.cue("collective_countries") or phrase in state.lexicon.cue("collective_people")


def has_with(tok) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in SIDE_PREPS for c in tok.children)
