"""The project's exceptions: library code raises these, the CLI turns them into one message."""
from __future__ import annotations


class KGError(Exception):
    """Base class of every error a user can cause; the message is meant for them."""

    exit_code = 1


class ModelNotFound(KGError):
    """No spaCy model could be loaded."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""


class StoreLocked(StoreError):
    """Another process is writing to the store."""


class QueryError(KGError):
    """A query is malformed, refused or failed."""


class InputError(KGError):
    """An input file or option is unusable."""


class ExtractionError(KGError):
    """A document could not be read (a bug to report: the message names the document and error)."""
