"""Bytes to text: a forced codec, else a byte order mark, strict UTF-8, a declared charset,
Windows-1252 for mostly-ASCII text, else statistical detection; binary data is refused."""
from __future__ import annotations

import codecs
import re
from typing import Optional

from kg.ingest.common import _Skip

_SNIFF_BYTES = 8192
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))

# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"PK\x05\x06",
    b"\x1f\x8b", b"%PDF-", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"7z\xbc\xaf\x27\x1c",
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _decode(data: bytes, encoding: Optional[str]) -> str:
    """Decode bytes: forced codec, else BOM, else strict UTF-8, else declared or detected."""
    if not data.strip():
        raise _Skip("empty file")
    if data.startswith(_BINARY_SIGNATURES):
        raise _Skip("not text (binary)")
    if encoding is not None:
        text = _decode_forced(data, encoding)
    else:
        text = _decode_sniffed(data)
    sample = text[:65536]
    if sample and len(_CONTROL_CHARS.findall(sample)) > len(sample) * 0.05:
        raise _Skip("not text (binary)")
    return text


def _decode_forced(data: bytes, encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise _Skip(f"unknown encoding {encoding}") from None
    try:
        return data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeError as error:
        raise _Skip(f"cannot decode as {encoding}: {_describe(error)}") from None


def _decode_sniffed(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeError as error:
                raise _Skip(f"cannot decode as {codec} (from its BOM): {_describe(error)}") from None
    sample = data[:_SNIFF_BYTES]
    if sample.count(b"\x00") > max(2, len(sample) // 100):  # a stray NUL in a scraped page is not binary
        raise _Skip("not text (binary)")
    for codec in ("utf-8", _declared_charset(data), _western_codec(data)):
        if codec is not None:
            try:
                return data.decode(codec)
            except UnicodeError:
                continue
    return _decode_detected(data)


def _declared_charset(data: bytes) -> Optional[str]:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def _western_codec(data: bytes) -> Optional[str]:
    # English news that is not UTF-8 is almost always Windows-1252 (a superset of Latin-1 for
    # printable text). Its few accented letters and curly quotes sit among ASCII words, and
    # statistical detection guesses badly on so little evidence, so such bytes go to cp1252.
    # Texts in other scripts have mostly non-ASCII letters and are left to detection.
    non_ascii = len(data.translate(None, bytes(range(128))))
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    return "cp1252" if non_ascii <= ascii_letters // 4 else None


def _decode_detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _Skip("not text (encoding could not be detected)")
    if best.language in ("", "Unknown"):
        raise _Skip(f"encoding not detected with confidence (best guess {best.encoding})")
    return str(best)


def _describe(error: UnicodeError) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"{error.reason} at byte {error.start}"
    return str(error)
