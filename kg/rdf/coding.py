"""Regenerate the coding artefacts from the ontology: the coverage table and the PETRARCH2 extract.

    python -m kg.rdf.coding table > docs/event-coding.md
    python -m kg.rdf.coding petrarch path/to/CAMEO.2.0.txt > kg/data/lexicon/petrarch_verbs.tsv

Both read the ontology's event classes (``read_event_classes``), which is why they live here and
not beside the data they render (``kg.nlp`` never parses RDF). Tests check that the committed
files match.
"""
from __future__ import annotations

import sys
from typing import Optional

from kg.nlp.coding import coverage_table, load_coding
from kg.nlp.lexicon import load_lexicon
from kg.nlp.petrarch import extract_text
from kg.rdf.ontology import read_event_classes

USAGE = "usage: python -m kg.rdf.coding table | petrarch CAMEO.2.0.txt"


def main(argv: Optional[list[str]] = None) -> int:
    """Write the requested artefact to standard output; 2 and a usage line for anything else."""
    args = sys.argv[1:] if argv is None else argv
    classes = read_event_classes()
    if args == ["table"]:
        sys.stdout.write(coverage_table(load_coding(classes), load_lexicon(classes)))
        return 0
    if len(args) == 2 and args[0] == "petrarch":
        with open(args[1], encoding="latin-1") as handle:
            sys.stdout.write(extract_text(handle, load_coding(classes)))
        return 0
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
