"""What kg's spaCy components that work a batch of documents at a time share."""
from __future__ import annotations


class BatchComponent:
    """A pipeline component whose work is ``_annotate(docs)`` over a list of documents.

    ``nlp.pipe`` hands it batches (one ``numpy.unique`` per batch instead of per document);
    ``nlp(text)`` a batch of one.
    """

    def __call__(self, doc):
        self._annotate([doc])
        return doc

    def pipe(self, docs, *, batch_size: int = 128):
        """Annotate a stream of documents, a batch at a time."""
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: list) -> None:
        raise NotImplementedError
