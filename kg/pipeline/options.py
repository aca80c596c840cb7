"""What a build is asked to do (``BuildOptions``) and what it did (``BuildReport``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from kg.ingest import RecordFields
from kg.records import Skipped


@dataclass(frozen=True)
class BuildOptions:
    """How ``build_graph`` reads and writes: the user's choices, then tuning knobs (rarely changed).

    Frozen and picklable: worker processes receive it with each batch.
    """

    model: Optional[str] = None  # spaCy model name or path (kg.nlp.model.load_pipeline)
    date: Optional[str] = None  # ISO date overriding every document's dateline
    encoding: Optional[str] = None  # read every text file with this codec instead of detecting it
    fields: RecordFields = RecordFields()  # column names of JSON Lines / CSV / TSV exports
    force: bool = False  # re-read documents whose content is already stored
    fail_fast: bool = False  # stop at the first input that fails
    workers: int = 1  # processes that read (kg.pipeline.parallel); for 1, see reading_process
    scheduler: Optional[str] = None  # a Dask scheduler address, or "local" (kg.pipeline.distributed)
    max_chars: int = 1_000_000  # longer documents are cut there, at a paragraph break, and listed as cut
    # --- tuning: measured in docs/performance.md; tests make them small to see the edges
    # long texts (over 5x this) are parsed in paragraph-aligned chunks of about this size; spaCy's
    # memory grows with the text it parses at once (1 MB article: peak 621 MB with 100,000, 484 MB with 20,000)
    chunk_chars: int = 20_000
    # longer documents are read, mapped and stored in pieces of about this size (kg.pipeline.pieces):
    # memory stays bounded whatever the length; far above any news article, which is read whole
    piece_chars: int = 100_000
    # with one worker and no loaded reader given, parse in a child process and extract in another
    # (kg.pipeline.stages) while this one only stores, so that the three overlap on two cores
    # (``kg build``); False reads in this process, as a build
    # handed a loaded reader does (tests, notebooks). Ignored on a machine with one core.
    reading_process: bool = True
    zone_documents: int = 64  # documents per spaCy memory zone: strings they add are freed after it
    batch_documents: int = 16  # documents per task handed to a worker: amortises pickling, small for balance
    # documents the writer hands the store at once (one bulk load for new ones). Fewer, larger bulk loads
    # leave RocksDB less to compact: on 1,000 generated articles 128 cost 4.6 s of compaction CPU against
    # 7.8 s for 64 (256: 2.4 s, but +70 MiB peak and a longer write after the last document is read)
    write_batch: int = 128
    flush_writes: int = 4  # writes between store flushes (stores that have ``flush``)
    compact_share: int = 10  # compact after a build that wrote at least 1/compact_share of the documents


@dataclass
class BuildReport:
    """What a build did, and what the store holds after it.

    ``actors``, ``events`` and ``triples`` count what the store holds once the build is done,
    each thing once (an actor ten documents mention is one actor), not sums over documents.
    """

    documents: int = 0  # documents read and stored by this build
    unchanged: int = 0  # documents already stored with the same content (not read again)
    stored: int = 0  # documents in the store after the build
    actors: int = 0
    events: int = 0
    triples: int = 0  # statements (quads) in the store
    seconds: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)  # every input not built, with the reason
    failed: list[Skipped] = field(default_factory=list)  # those of them that lost text (ingest.is_failure)
    cut: list[Skipped] = field(default_factory=list)  # documents longer than max_chars, read in part
    stopped: bool = False  # --fail-fast stopped the build at the first failure
    doc_ids: list[str] = field(default_factory=list)
