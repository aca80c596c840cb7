"""Split SPARQL text into tokens as the SPARQL 1.1 grammar's terminals do, without parsing it.

The checks on a query (its form, ``FROM``, the size and nesting bounds) and the binding of values
read tokens, never raw text: a brace inside a string, an IRI or a comment is no brace, and a
``#`` escaped in a prefixed name (``e:a\\#``) starts no comment. Codepoint escapes (``\\u0022``)
are read where Oxigraph reads them, inside strings and IRIs only: Oxigraph 0.5 does not apply
them to the whole text first (``\\u0053ELECT`` is a syntax error to it, and ``"\\u0022"`` a
string holding a quote), so neither does this lexer.

Whether a query calls ``SERVICE`` is decided from its parse (``kg.query.guard``), not from here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

__all__ = ["Token", "decode_escapes", "tokenize", "OPENERS", "CLOSERS"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# The grammar's name characters (PN_CHARS, section 19.8), read generously: letters, digits, "_" and
# every character from U+00B7 up but "×" and "÷". The exact classes cost 70 ms to compile at each
# start; the difference is only in characters Oxigraph refuses anyway, never in where a comment,
# a string or an IRI starts, which is what the checks need.
_NAME = r"[^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\xb6\xb8-\xbf\xd7\xf7]"
_NAME_CHARS = r"[^\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\xb6\xb8-\xbf\xd7\xf7]"  # and "-"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PREFIX_START = r"[^\x00-\x40\x5b-\x60\x7b-\xbf\xd7\xf7]"
_PN_PREFIX = rf"{_PREFIX_START}(?:(?:{_NAME_CHARS}|\.)*{_NAME_CHARS})?"
_PN_LOCAL = rf"(?:{_NAME}|:|{_PLX})(?:(?:{_NAME_CHARS}|[.:]|{_PLX})*(?:{_NAME_CHARS}|:|{_PLX}))?"
_VARNAME = rf"{_NAME}+"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\\\"']|" + _UCHAR

_TOKEN = re.compile("|".join([
    r"(?P<ws>[ \t\r\n]+)",
    r"(?P<comment>#[^\r\n]*)",
    r"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|" + _ECHAR + r"))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|' + _ECHAR + r'))*"""'
    r"|'(?:[^'\\\n\r]|" + _ECHAR + r")*'"
    r'|"(?:[^"\\\n\r]|' + _ECHAR + r')*")',
    r"(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|" + _UCHAR + r")*>)",
    rf"(?P<bnode>_:{_NAME}(?:(?:{_NAME_CHARS}|\.)*{_NAME_CHARS})?)",
    rf"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
    rf"(?P<var>[?$]{_VARNAME})",
    r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)",
    r"(?P<number>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)",
    r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
    r"(?P<punct>\^\^|\|\||&&|!=|<=|>=|<<|>>|\{\||\|\}|[{}()\[\].,;*+\-/|^!=<>~&?$@:])",
    r"(?P<other>[\s\S])",
]))

OPENERS = frozenset({"{", "(", "[", "<<", "{|"})
CLOSERS = frozenset({"}", ")", "]", ">>", "|}"})


@dataclass(frozen=True)
class Token:
    """One terminal: ``kind`` (word, var, iri, pname, string, number, punct…), its text and its
    ``start``/``end`` offsets in the query text."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str:
        """The upper-cased word, or ``''`` for any other kind of token."""
        return self.text.upper() if self.kind == "word" else ""


def decode_escapes(text: str) -> str:
    r"""Apply SPARQL's ``\uXXXX`` / ``\UXXXXXXXX`` escapes everywhere, as some parsers (rdflib) do.

    >>> decode_escapes(r"\u0053ERVICE")
    'SERVICE'
    """
    def char(match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else "\ufffd"

    return _ESCAPE.sub(char, text)


def tokenize(text: str) -> Iterator[Token]:
    """Yield the tokens of a query, skipping white space and comments.

    >>> [t.text for t in tokenize('PREFIX e: <http://e/> SELECT * { ?s e:a\\\\# "}" } # }')]
    ['PREFIX', 'e:', '<http://e/>', 'SELECT', '*', '{', '?s', 'e:a\\\\#', '"}"', '}']
    >>> [t.kind for t in tokenize(r'ASK { ?s ?p "\\u0022 } #" }')]
    ['word', 'punct', 'var', 'var', 'string', 'punct']
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            continue
        yield Token(kind, match.group(), match.start(), match.end())
