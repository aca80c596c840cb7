"""HTML pages: the main text, title and publication date (trafilatura)."""
from __future__ import annotations

import re
from typing import Optional

from kg.ingest.common import _normalise_date, _Skip

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)


def _extract_html(page: str) -> tuple[str, Optional[str], Optional[str]]:
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as error:  # a malformed page must not stop the build
        raise _Skip(f"HTML extraction failed: {type(error).__name__}") from error
    if extracted is None or not (extracted.text or "").strip():
        raise _Skip("no main text found in the HTML page")
    return extracted.text, extracted.title or None, _normalise_date(extracted.date)
