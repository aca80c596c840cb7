"""The model's lemmatizer, asked once per distinct word form of a document instead of per token.

spaCy's ``Lemmatizer`` walks every token in Python and asks ``lemmatize(token)`` (a cache
lookup after the first time). In ``rule`` and ``lookup`` mode the lemma is a function of the
token's ``ORTH``, ``POS`` and ``MORPH`` alone, so ``LemmaTable`` reads those columns with
``Doc.to_array``, asks the same lemmatizer once per distinct row of a document (on the first
token with it) and writes the column back with ``Doc.from_array``: the same lemmas. Any other
lemmatizer (another mode, another class) is left in place.
"""
from __future__ import annotations

from kg.nlp.batches import BatchComponent

FACTORY = "diplokg_lemma_table"
_PURE_MODES = ("rule", "lookup")  # the modes whose lemma depends on ORTH, POS and MORPH only


class LemmaTable(BatchComponent):
    """The component: the wrapped spaCy lemmatizer's lemmas, one call per distinct form."""

    def __init__(self, lemmatizer=None):
        self.lemmatizer = lemmatizer

    def _annotate(self, docs: list) -> None:
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        lemmatizer = self.lemmatizer
        if not getattr(lemmatizer, "_validated", True) and docs:  # its first call checks its tables
            lemmatizer(docs[0])
            docs = docs[1:]
        docs = [doc for doc in docs if len(doc)]
        if not docs:
            return
        values = [doc.to_array([ORTH, POS, MORPH, LEMMA]) for doc in docs]
        todo = [numpy.arange(len(doc)) if lemmatizer.overwrite else numpy.flatnonzero(v[:, 3] == 0)
                for doc, v in zip(docs, values)]
        owner = numpy.concatenate([numpy.full(len(t), n) for n, t in enumerate(todo)])
        token = numpy.concatenate(todo)
        if not len(token):
            return
        forms = numpy.concatenate([v[t, :3] for v, t in zip(values, todo)])
        _, first, inverse = numpy.unique(forms, axis=0, return_index=True, return_inverse=True)
        strings = lemmatizer.vocab.strings
        lemmas = numpy.array([strings.add(lemmatizer.lemmatize(docs[n][i])[0])
                              for n, i in zip(owner[first].tolist(), token[first].tolist())], dtype=numpy.uint64)
        lemmas, offset = lemmas[inverse.reshape(-1)], 0
        for doc, v, t in zip(docs, values, todo):
            v[t, 3] = lemmas[offset:offset + len(t)]
            offset += len(t)
            doc.from_array([LEMMA], v[:, 3:4])


def make_lemma_table(nlp, name):
    """Factory of ``FACTORY``: an empty table; ``replace_lemmatizer`` gives it the model's lemmatizer."""
    return LemmaTable()


def register() -> None:
    """Register the factory under ``FACTORY`` (idempotent: spaCy keeps a registry)."""
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, assigns=["token.lemma"])(make_lemma_table)


def replace_lemmatizer(nlp, name: str = "lemmatizer") -> bool:
    """Put a ``LemmaTable`` around the pipeline's lemmatizer, in its place and under its name.

    Returns:
        True when replaced; False when there is no such lemmatizer or its mode's lemma may
        depend on more than ``ORTH``, ``POS`` and ``MORPH`` (spaCy's component stays).
    """
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import Lemmatizer

    if name not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe(name)
    if type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer) or lemmatizer.mode not in _PURE_MODES:
        return False
    register()
    nlp.replace_pipe(name, FACTORY).lemmatizer = lemmatizer
    return True
