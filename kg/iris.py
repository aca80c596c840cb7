"""Mint deterministic IRIs from stable content: a readable slug plus a short hash.

An IRI never contains raw text from an article: the slug keeps only ASCII letters, digits and
hyphens, and the hash (of the full, normalised key) keeps distinct names distinct, so any name,
however hostile, gives a valid IRI, and the same name always gives the same one.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from kg.prefixes import ID

_SLUG_MAX = 48
_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def normalise_key(text: str) -> str:
    """Return the comparison form of a name: NFKC, case-folded, quotes unified, spaces collapsed.

    >>> normalise_key("  Kim   Jong\u2019Un ")
    "kim jong'un"
    """
    if text.isascii() and text.isprintable():  # NFKC and the filter change nothing; the only space is " "
        return " ".join(text.split()).casefold()  # (most keys: ids, offsets, rules; split() is cheaper than _SPACES)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in " \t\n")
    return _SPACES.sub(" ", text).strip().casefold()


def slugify(text: str) -> str:
    """Return an ASCII slug of ``text`` (at most 48 characters, never empty).

    >>> slugify("Kim Jong Un")
    'kim-jong-un'
    """
    # ASCII text is its own NFKD form: the normalisation is skipped for it (most keys: ids, offsets)
    ascii_text = text if text.isascii() else \
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:_SLUG_MAX].rstrip("-") or "x"


def short_hash(text: str, length: int = 10) -> str:
    """Return the first ``length`` hex digits of the SHA-256 of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def mint(kind: str, key: str) -> str:
    """Return the IRI string of a resource of ``kind`` identified by ``key``.

    >>> mint("actor", "Donald Trump")
    'https://w3id.org/diplokg/id/actor/donald-trump-08682370eb'
    """
    norm = normalise_key(key)
    return f"{ID}{kind}/{slugify(norm)}-{short_hash(norm)}"


def document_iri(doc_id: str) -> str:
    """Return the IRI of a document (also the name of its named graph)."""
    return mint("doc", doc_id)


@functools.lru_cache(maxsize=4096)  # the same actors come back in every document
def actor_iri(actor_key: str) -> str:
    """Return the IRI of an actor, the same in every document that mentions it."""
    return mint("actor", actor_key)


def local_iri(kind: str, doc_id: str, *parts: object) -> str:
    """Return the IRI of something that belongs to one document (event, mention, sentence)."""
    return mint(kind, "|".join([doc_id, *map(str, parts)]))
