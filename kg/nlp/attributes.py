"""The model's ``attribute_ruler`` rules, applied once per distinct token instead of by a Matcher.

spaCy's ``AttributeRuler`` runs a ``Matcher`` of all its patterns (179 in ``en_core_web_sm``:
a tag map, word exceptions, a few two-token rules such as "gon na" and "let 's") over every
token of every document: a tenth of the model's time. Almost every pattern looks at one token,
and the answer depends only on the few attributes the patterns test (``TAG``, ``LOWER``, ``DEP``,
``IS_SPACE``), so ``RuleTable`` works the answer out once per distinct combination of those
values and reads the document's columns with ``Doc.to_array`` and writes them with
``Doc.from_array``.

It is built from the loaded ruler's own patterns (``rules_from_ruler``) and gives exactly the
same token attributes: every match is found on the attributes the document had before the
component ran, and a later pattern overrides an earlier one, as ``AttributeRuler.match`` sorts
matches by pattern number; ``index`` picks the token of a longer match. Patterns it cannot
evaluate exactly (operators, extension attributes, attributes it does not read or write) raise
``Unsupported``, and ``kg.nlp.model`` then keeps spaCy's own component.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from kg.nlp.batches import BatchComponent

FACTORY = "diplokg_attribute_ruler"
CACHE_LIMIT = 50_000  # distinct values remembered per attribute tested by a regex; cleared when full

# the attributes a pattern may test: string-valued ones (compared by hash) and lexeme flags
_STRING_ATTRS = ("ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA")
_FLAG_ATTRS = ("IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
               "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL")
_ALIASES = {"TEXT": "ORTH"}
# the attributes a pattern may set: token-only fields (set_token_attrs also writes the lexeme,
# which ignores these)
_WRITABLE = ("POS", "TAG", "DEP", "LEMMA", "MORPH")
_MISSING = -1  # stands for every value no pattern mentions (hashes are never negative)


class Unsupported(ValueError):
    """A pattern this table cannot evaluate exactly: keep spaCy's ``AttributeRuler``."""


@dataclass(frozen=True)
class Condition:
    """One test of one token attribute: ``kind`` is ``eq``, ``in``, ``not_in`` or ``regex``."""

    column: int
    kind: str
    operand: Any

    def holds(self, value: int, text: Callable[[int], str]) -> bool:
        """Say whether the attribute ``value`` (its string through ``text``) passes the test."""
        if self.kind == "eq":
            return value == self.operand
        if self.kind == "in":
            return value in self.operand
        if self.kind == "not_in":
            return value not in self.operand
        return value != _MISSING and self.operand.search(text(value)) is not None


@dataclass(frozen=True)
class Rule:
    """One ``AttributeRuler`` pattern entry: alternatives of token conditions, what it sets, where."""

    number: int  # its position in the ruler: a higher number overrides a lower
    alternatives: tuple[tuple[tuple[Condition, ...], ...], ...]
    writes: tuple[tuple[int, int], ...]  # (column of the written attributes, value id)
    index: int


@dataclass(frozen=True)
class Rules:
    """The compiled patterns: the attributes read and written, and the rules in ruler order."""

    read: tuple[str, ...]
    written: tuple[str, ...]
    rules: tuple[Rule, ...]
    mentioned: tuple[frozenset, ...]  # per read column: every value an eq/in/not_in test names
    regex_columns: frozenset  # read columns some rule tests with a regex


def rules_from_ruler(ruler) -> Rules:
    """Compile the patterns of a loaded ``AttributeRuler`` (``ruler.patterns``), in its order.

    Raises:
        Unsupported: a pattern uses something this table does not evaluate exactly.
    """
    from spacy.tokens._retokenize import normalize_token_attrs

    entries = ruler.patterns
    read = sorted({_attr_name(key) for entry in entries for alternative in entry["patterns"]
                   for token in alternative for key in token})
    written = sorted({_written_name(key) for entry in entries for key in entry["attrs"]})
    strings = ruler.vocab.strings
    rules = []
    for number, entry in enumerate(entries):
        alternatives = tuple(tuple(_conditions(token, read, strings) for token in alternative)
                             for alternative in entry["patterns"])
        index = entry.get("index", 0)
        if not alternatives or any(not alt or not -len(alt) <= index < len(alt) for alt in alternatives):
            raise Unsupported(f"pattern {number}: index {index} outside a match")
        writes = tuple((written.index(_written_name(key)), int(next(iter(normalize_token_attrs(ruler.vocab, {key: value}).values()))))
                       for key, value in entry["attrs"].items())
        rules.append(Rule(number, alternatives, writes, index))
    mentioned = [set() for _ in read]
    for rule in rules:
        for alternative in rule.alternatives:
            for token in alternative:
                for c in token:
                    if c.kind == "eq":
                        mentioned[c.column].add(c.operand)
                    elif c.kind in ("in", "not_in"):
                        mentioned[c.column].update(c.operand)
    regex_columns = frozenset(c.column for rule in rules for alternative in rule.alternatives
                              for token in alternative for c in token if c.kind == "regex")
    return Rules(tuple(read), tuple(written), tuple(rules), tuple(frozenset(m) for m in mentioned), regex_columns)


def _attr_name(key) -> str:
    name = _ALIASES.get(str(key).upper(), str(key).upper())
    if name not in _STRING_ATTRS and name not in _FLAG_ATTRS:
        raise Unsupported(f"token attribute {key!r}")
    return name


def _written_name(key) -> str:
    name = str(key).upper()
    if name not in _WRITABLE:
        raise Unsupported(f"written attribute {key!r}")
    return name


def _conditions(token: dict, read: list[str], strings) -> tuple[Condition, ...]:
    """The conditions of one token of a pattern, as the ``Matcher`` reads them."""
    conditions = []
    for key, value in token.items():
        name = _attr_name(key)
        column = read.index(name)
        flag = name in _FLAG_ATTRS
        if isinstance(value, dict):
            for operator, operand in value.items():
                conditions.append(_operator(column, operator, operand, flag, strings))
        else:
            conditions.append(Condition(column, "eq", _value_id(value, flag, strings)))
    return tuple(conditions)


def _operator(column: int, operator: str, operand, flag: bool, strings) -> Condition:
    if operator in ("IN", "NOT_IN") and isinstance(operand, (list, tuple)):
        return Condition(column, operator.lower(), frozenset(_value_id(v, flag, strings) for v in operand))
    if operator == "REGEX" and isinstance(operand, str) and not flag:
        return Condition(column, "regex", re.compile(operand))
    raise Unsupported(f"operator {operator!r}")


def _value_id(value, flag: bool, strings) -> int:
    """The id the ``Matcher`` compares: a string's hash, a flag's 0 or 1."""
    if flag and isinstance(value, bool):
        return int(value)
    if not flag and isinstance(value, str):
        return strings.add(value)
    raise Unsupported(f"value {value!r}")


class RuleTable(BatchComponent):
    """The component: applies compiled ``Rules`` to a ``Doc`` as ``AttributeRuler`` would.

    Its caches belong to the instance (one per loaded pipeline): the outcome per distinct
    combination of tested values (few: values no pattern names collapse into one), and per
    value tested by a regex whether any regex or test names it.
    """

    def __init__(self, rules: Rules, vocab, patterns: Optional[list] = None):
        self.vocab = vocab
        self.load(rules, patterns)

    @property
    def patterns(self) -> Optional[list]:
        """The ``AttributeRuler`` patterns this table was compiled from."""
        return self._patterns

    def load(self, rules: Rules, patterns: Optional[list] = None) -> None:
        """Use these rules from now on (``patterns``: what they were compiled from), caches emptied."""
        from spacy.attrs import IDS

        self.rules = rules
        self._patterns = patterns
        self._read_ids = [IDS[name] for name in rules.read]
        self._written_ids = [IDS[name] for name in rules.written]
        self._outcomes: dict[tuple, tuple] = {}
        self._relevant: list[dict[int, bool]] = [{} for _ in rules.read]
        self._regexes = [tuple(c.operand for r in rules.rules for a in r.alternatives for t in a for c in t
                               if c.kind == "regex" and c.column == column) for column in range(len(rules.read))]
        self._singles = [r for r in rules.rules if all(len(a) == 1 for a in r.alternatives)]
        self._longer = [r for r in rules.rules if any(len(a) > 1 for a in r.alternatives)]
        self._longer_by_number = {r.number: r for r in self._longer}

    def _annotate(self, docs: list) -> None:
        """Set the attributes of every token of ``docs``: each distinct row of read values is
        decided once (``_outcome``), then spread to its tokens with numpy."""
        import numpy

        docs = [doc for doc in docs if len(doc)]
        if not docs or not self.rules.rules:
            return
        rows, inverse = numpy.unique(numpy.concatenate([doc.to_array(self._read_ids) for doc in docs]), axis=0,
                                     return_inverse=True)
        outcomes = [self._outcome(self._key(row)) for row in rows.tolist()]
        written = numpy.zeros((len(outcomes), len(self._written_ids)), dtype=numpy.uint64)
        wrote = numpy.zeros(written.shape, dtype=bool)
        for n, (writes, _) in enumerate(outcomes):
            for column, _, value in writes:
                written[n, column], wrote[n, column] = value, True
        starts = numpy.array([bool(passed) for _, passed in outcomes], dtype=bool)
        inverse, offset = inverse.reshape(-1), 0
        for doc in docs:
            token_outcome = inverse[offset:offset + len(doc)]
            offset += len(doc)
            values = numpy.where(wrote[token_outcome], written[token_outcome], doc.to_array(self._written_ids))
            if self._longer:
                found = self._longer_writes(outcomes, token_outcome.tolist(), numpy.flatnonzero(starts[token_outcome]))
                for i, writes in found.items():
                    for column, (_, value) in writes.items():
                        values[i, column] = value
            doc.from_array(self._written_ids, values)

    def _key(self, row: list[int]) -> tuple:
        """The row with every value no rule can tell apart from another replaced by ``_MISSING``."""
        mentioned = self.rules.mentioned
        key = [value if value in mentioned[column] else _MISSING for column, value in enumerate(row)]
        for column in self.rules.regex_columns:
            if key[column] == _MISSING and self._regex_matches(column, row[column]):
                key[column] = row[column]
        return tuple(key)

    def _regex_matches(self, column: int, value: int) -> bool:
        seen = self._relevant[column]
        found = seen.get(value)
        if found is None:
            if len(seen) >= CACHE_LIMIT:
                seen.clear()
            text = self.vocab.strings[value]
            found = seen[value] = any(regex.search(text) for regex in self._regexes[column])
        return found

    def _outcome(self, key: tuple) -> tuple:
        """For one key: the writes of the one-token rules that match ((column, rule, value), the
        last rule to write a column wins), and the (rule, alternative, position) of every token
        condition of a longer rule it passes."""
        found = self._outcomes.get(key)
        if found is None:
            text = self.vocab.strings.__getitem__
            writes: dict[int, tuple[int, int]] = {}
            for rule in self._singles:
                if any(_passes(alt[0], key, text) for alt in rule.alternatives):
                    for column, value in rule.writes:  # rules come in order: a later one overrides
                        writes[column] = (rule.number, value)
            passed = frozenset((rule.number, a, p) for rule in self._longer
                               for a, alt in enumerate(rule.alternatives)
                               for p, token in enumerate(alt) if _passes(token, key, text))
            found = self._outcomes[key] = (tuple((c, n, v) for c, (n, v) in writes.items()), passed)
        return found

    def _longer_writes(self, outcomes: list[tuple], token_outcome: list[int], starts) -> dict[int, dict]:
        """Per token a multi-token rule picks: column -> (rule, value) where that rule is the
        last-numbered one, the one-token rules' writes included, to write the column there.

        Token ``i`` of the document has the outcome ``outcomes[token_outcome[i]]``; ``starts``
        are the tokens that pass some condition of a multi-token rule."""
        found: dict[int, dict[int, tuple[int, int]]] = {}
        length = len(token_outcome)
        for start in starts.tolist():
            for number, a, position in outcomes[token_outcome[start]][1]:
                rule = self._longer_by_number[number]
                alternative = rule.alternatives[a]
                end = start + len(alternative)
                if position or end > length or not all(
                        (number, a, p) in outcomes[token_outcome[start + p]][1] for p in range(1, len(alternative))):
                    continue
                target = start + rule.index if rule.index >= 0 else end + rule.index
                writes = found.setdefault(target, {c: (n, v) for c, n, v in outcomes[token_outcome[target]][0]})
                for column, value in rule.writes:
                    if column not in writes or writes[column][0] < number:
                        writes[column] = (number, value)
        return found


def _passes(conditions: tuple[Condition, ...], key: tuple, text) -> bool:
    return all(c.holds(key[c.column], text) for c in conditions)


def make_rule_table(nlp, name):
    """Factory of ``FACTORY``: an empty table; ``replace_ruler`` fills it from the model's ruler."""
    return RuleTable(Rules((), (), (), (), frozenset()), nlp.vocab)


def register() -> None:
    """Register the factory under ``FACTORY`` (idempotent: spaCy keeps a registry)."""
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, assigns=["token.pos", "token.tag", "token.morph", "token.lemma"])(make_rule_table)


def replace_ruler(nlp, name: str = "attribute_ruler") -> bool:
    """Put a ``RuleTable`` built from the pipeline's ``AttributeRuler`` in its place (same name).

    Returns:
        True when replaced; False when there is no such ruler or a pattern is ``Unsupported``
        (spaCy's component stays).
    """
    from spacy.pipeline import AttributeRuler

    if name not in nlp.pipe_names or not isinstance(nlp.get_pipe(name), AttributeRuler):
        return False
    ruler = nlp.get_pipe(name)
    try:
        rules = rules_from_ruler(ruler)
    except Unsupported:
        return False
    register()
    patterns = ruler.patterns
    nlp.replace_pipe(name, FACTORY).load(rules, patterns)
    return True
