"""Read PETRARCH2's CAMEO verb dictionary and write the part of it this project codes.

PETRARCH2 (github.com/openeventdata/petrarch2, ``petrarch2/data/dictionaries/CAMEO.2.0.txt``,
MIT licence) lists about 1,800 English verbs in synonym blocks, each block with a default CAMEO
code and patterns (``- * (FOR &CEASEFIRE) [0256]``) that code the verb by its complement. This
module parses that file and keeps only what maps onto the project's event classes: the verbs
and patterns whose CAMEO code one of the ontology's classes claims (``dip:cameoCode``, longest
prefix wins, see ``kg.nlp.coding``). The result is the packaged extract
``kg/data/lexicon/petrarch_verbs.tsv``, which ``kg.nlp.lexicon`` reads. Regenerate it after a
class claims new codes::

    python -m kg.rdf.coding petrarch path/to/CAMEO.2.0.txt > kg/data/lexicon/petrarch_verbs.tsv

The dictionary's own semantics are kept: a block's patterns apply to every verb of the block;
the words before ``*`` constrain the subject (those patterns are left out: the project reads
subjects as arguments); words after it are heads of the verb's complements, ``{A B}`` a phrase
whose last word is the head, ``(P X)`` a prepositional phrase; ``&NAME`` a synonym set;
``$ + % ^`` mark source and target and are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

NULL_CODE = "---"
_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_CODE = re.compile(r"\[([^\]]*)\]")
_MARKERS = {"$", "+", "%", "^"}


@dataclass
class Block:
    """One synonym block: its verbs (lemma -> own code or None) and its patterns."""

    name: str
    code: str
    verbs: dict[str, Optional[str]] = field(default_factory=dict)
    particles: dict[str, str] = field(default_factory=dict)  # "+ASK_FOR": verb -> its particle
    patterns: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (pattern, code, named verbs)
    subject_patterns: int = 0
    attested: set[str] = field(default_factory=set)  # verbs the CAMEO coders named, not only WordNet


def parse_code(text: str) -> str:
    """Return the CAMEO code of a ``[...]`` field: the source side's, else the target side's.

    >>> parse_code("036:036"), parse_code(":173"), parse_code("080!"), parse_code("---")
    ('036', '173', '080', '---')
    """
    first, _, second = text.partition(":")
    code = (first.strip() or second.strip()).rstrip("!").strip()
    return code if re.fullmatch(r"\d{2,4}", code) else NULL_CODE


def _words(text: str) -> list[str]:
    """Words of a pattern part: synonym sets kept as ``&name``, markers dropped, ``A_B`` split."""
    out = []
    for raw in text.replace("{", " ").replace("}", " ").split():
        if raw in _MARKERS:
            continue
        out += [w for w in raw.lower().split("_") if w]
    return out


def parse_pattern(body: str) -> Optional[str]:
    """Turn a pattern (the text between ``-`` and its code) into the project's trigger syntax.

    Returns None for a pattern that constrains the subject (words before ``*``).

    >>> parse_pattern("* (FOR {FINANCIAL AID})")
    '(for financial aid)'
    >>> parse_pattern("* FORWARD {PEACE PLAN}")
    'forward peace plan'
    >>> parse_pattern("&MILITARY * EXERCISES") is None
    True
    """
    before, star, after = body.partition("*")
    if not star or _words(before):
        return None
    parts, depth, current = [], 0, []
    for ch in after:
        if ch == "(" and depth == 0:
            if current:
                parts.append(("words", "".join(current)))
            depth, current = 1, []
        elif ch == ")" and depth == 1:
            parts.append(("prep", "".join(current)))
            depth, current = 0, []
        else:
            current.append(ch)
    if current:
        parts.append(("words", "".join(current)))
    out = []
    for kind, text in parts:
        words = _words(text)
        if not words:
            continue
        out.append(f"({' '.join(words)})" if kind == "prep" else " ".join(words))
    return " ".join(out)


def _verb_entry(line: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """``VERB {forms} [code]`` -> (lemma, particle, own code); multi-word verbs keep their particle."""
    code_match = _CODE.search(line)
    own = parse_code(code_match.group(1)) if code_match else None
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
    if not head:
        return None, None, None
    word = head[0]
    if "+" in word.strip("+") or word.startswith("_"):
        return None, None, None  # "WIRE_+TAP": the verb comes after other words
    pieces = [p for p in word.lstrip("+").lower().split("_") if p]
    if not pieces or not pieces[0].isalpha():
        return None, None, None
    particle = " ".join(pieces[1:]) or None
    return pieces[0], particle, own


def read_dictionary(lines: Iterable[str]) -> tuple[dict[str, list[str]], list[Block]]:
    """Parse the dictionary: its synonym sets (``&name`` -> words) and its verb blocks."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set: Optional[str] = None
    in_verbs = False
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not line.strip():
            continue
        if not in_verbs:
            if line.startswith("&"):
                current_set = line.strip().rstrip("_").lower()
                synsets[current_set] = []
            elif line.startswith("+") and current_set:
                words = [w for w in line[1:].strip().rstrip("_").lower().split("_") if w]
                if len(words) == 1 and words[0] not in synsets[current_set]:
                    synsets[current_set].append(words[0])  # triggers match single words: phrases are left out
            continue
        header = _HEADER.match(raw)
        if header:
            blocks.append(Block(header.group(1), parse_code(header.group(2))))
            blocks[-1].attested.add(header.group(1).lower())
        elif line.startswith("-") and blocks:
            code_match = _CODE.search(line)
            if not code_match:
                continue
            pattern = parse_pattern(line[1:code_match.start()])
            comment = raw.split("#", 1)[1] if "#" in raw else ""
            named = tuple(w.lower().split("_")[0] for w in re.findall(r"[A-Z][A-Z_]+", comment))
            blocks[-1].attested.update(named)
            if pattern is None:
                blocks[-1].subject_patterns += 1
            else:
                blocks[-1].patterns.append((pattern, parse_code(code_match.group(1)), named))
        elif blocks:
            lemma, particle, own = _verb_entry(line)
            if lemma and lemma not in blocks[-1].verbs:
                blocks[-1].verbs[lemma] = own
                if own or "#" in raw:  # a code or a coder's note of its own: not a bulk WordNet synonym
                    blocks[-1].attested.add(lemma)
                if particle:
                    blocks[-1].particles[lemma] = particle
    return synsets, blocks


def _pattern_verbs(block: Block, named: tuple[str, ...]) -> tuple[str, ...]:
    """The verbs of ``block`` a pattern applies to: those named in its comment, else the head verb."""
    verbs = tuple(v for v in dict.fromkeys(named) if v in block.verbs)
    if verbs:
        return verbs
    head = block.name.lower()
    if head in block.verbs:
        return (head,)
    return tuple(v for v in block.verbs if v in block.attested)


def extract(synsets: dict[str, list[str]], blocks: list[Block], routes: Callable[[str], Optional[str]]) -> list[str]:
    """Return the TSV rows of the extract: what routes to a class, with the synonym sets it uses.

    ``routes(code)`` gives the class a CAMEO code belongs to, or None when it is out of scope.
    Rows: ``verb  LEMMA  BLOCK  CODE  named|wordnet`` (the bare verb's code, ``---`` when it codes
    nothing here; ``named`` when the CAMEO coders named the verb — its own code or note, the
    block's name, a pattern's comment —, ``wordnet`` for a synonym added in bulk), ``pattern  BLOCK  PATTERN
    CODE  VERBS`` (the verbs the pattern was written for: those its comment names, else the
    block's head verb, else the block's attested verbs) and ``synset  &NAME  WORD|WORD|...``.
    """
    rows, used = [], set()
    for block in blocks:
        patterns = [(p, c, _pattern_verbs(block, named)) for p, c, named in block.patterns
                    if c != NULL_CODE and routes(c)]
        verbs = {lemma: (own or block.code) for lemma, own in block.verbs.items()}
        if not patterns and not any(c != NULL_CODE and routes(c) for c in verbs.values()):
            continue
        for lemma, code in verbs.items():
            particle = block.particles.get(lemma)
            shown = f"{lemma} ({particle})" if particle else lemma
            bare = code if code != NULL_CODE and routes(code) else NULL_CODE
            named = "named" if lemma in block.attested else "wordnet"
            rows.append(f"verb\t{shown}\t{block.name}\t{bare}\t{named}")
        for pattern, code, applies in dict.fromkeys(patterns):
            rows.append(f"pattern\t{block.name}\t{pattern}\t{code}\t{'|'.join(applies)}")
            used.update(w for w in re.findall(r"&[a-z_]+", pattern))
    sets = [f"synset\t{name}\t{'|'.join(synsets[name])}" for name in sorted(used) if name in synsets]
    return sets + rows


def extract_text(lines: Iterable[str], coding) -> str:
    """Return the packaged extract's text for the dictionary's ``lines`` under ``coding``'s routes."""
    synsets, blocks = read_dictionary(lines)
    source = coding.sources["petrarch"]
    head = [
        f"# Extract of PETRARCH2's CAMEO verb dictionary: {source['repo']} {source['path']} at {source['commit']}",
        "# Copyright (c) 2015 Open Event Data Alliance, MIT licence (see the source file's header).",
        "# Kept: the verb blocks and patterns whose CAMEO code a class of ontologies/diplomacy.ttl claims;",
        "# how they are read and filtered: kg/nlp/petrarch.py, kg/nlp/lexicon.py, kg/data/lexicon/coding.json.",
        "# Regenerate: python -m kg.rdf.coding petrarch CAMEO.2.0.txt > kg/data/lexicon/petrarch_verbs.tsv",
    ]
    return "\n".join(head + extract(synsets, blocks, coding.route)) + "\n"
