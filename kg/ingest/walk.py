"""Finding the inputs: files, folders walked in sorted order, stdin; reading their bytes safely."""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Optional, Union

from kg.ingest.common import _Skip
from kg.ingest.exports import _is_export
from kg.records import Skipped

STDIN = "-"
_STORE_MARKER = "kg-store.json"  # kg.store.local.MARKER; ingest stays below the store in the layers
_STORE_FOLDER = "a diplokg store folder, not news"


def _walk_inputs(inputs: Sequence[str]) -> Iterator[Union[Path, str, Skipped]]:
    visited: set[tuple[int, int]] = set()  # (device, inode) of every folder walked
    for raw in inputs:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        try:
            is_folder = stat.S_ISDIR(path.stat().st_mode)
        except OSError as error:
            yield Skipped(raw, _reason_for(error))
            continue
        if is_folder:
            yield from _walk_folder(path, frozenset(), visited)
        else:
            yield path


def _walk_folder(
    folder: Path, ancestors: frozenset[tuple[int, int]], visited: set[tuple[int, int]]
) -> Iterator[Union[Path, Skipped]]:
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            yield Skipped(str(folder), "symlink loop (leads back to a parent folder)")
            return
        if key in visited:
            yield Skipped(str(folder), "folder already read through another path")
            return
        visited.add(key)
        with os.scandir(folder) as scan:
            entries = sorted((entry for entry in scan if not entry.name.startswith(".")),
                             key=lambda entry: entry.name)
    except OSError as error:
        yield Skipped(str(folder), _reason_for(error))
        return
    if any(entry.name == _STORE_MARKER for entry in entries):
        # `kg build . --store kg-store` would otherwise read the store's own files as news.
        yield Skipped(str(folder), _STORE_FOLDER)
        return
    for entry in entries:
        path = Path(entry.path)
        if _is_folder(entry):
            yield from _walk_folder(path, ancestors | {key}, visited)
        else:
            yield path


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symlinks; a self-referencing link fails later as a file
    except OSError:
        return False


def _identical_files(
    plan: Sequence[Union[Path, str, Skipped]], max_bytes: int
) -> dict[Path, tuple[str, ...]]:
    """Map each single-document file whose bytes equal another file's to all their paths."""
    by_size: dict[int, list[Path]] = {}
    for item in plan:
        if not isinstance(item, Path) or _is_export(item):
            continue
        try:
            info = item.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and 0 < info.st_size <= max_bytes:
            by_size.setdefault(info.st_size, []).append(item)
    identical: dict[Path, tuple[str, ...]] = {}
    for paths in by_size.values():
        if len(paths) < 2:
            continue  # a size seen once cannot be a duplicate, so its file is never hashed
        by_digest: dict[str, list[Path]] = {}
        for path in dict.fromkeys(paths):
            digest = _file_digest(path)
            if digest is not None:
                by_digest.setdefault(digest, []).append(path)
        for same in by_digest.values():
            sources = tuple(dict.fromkeys(str(path) for path in same))
            if len(same) > 1 or len(sources) > 1:
                identical.update((path, sources) for path in same)
    return identical


def _file_digest(path: Path) -> Optional[str]:
    digest = hashlib.sha256()  # hashlib.file_digest would do this, but only from Python 3.11
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _Skip("not a regular file")
        if info.st_size > max_bytes:
            raise _Skip(_too_large(info.st_size, max_bytes))
        with path.open("rb") as handle:
            return _read_limited(handle, max_bytes)
    except OSError as error:
        raise _Skip(_reason_for(error)) from error


def _read_limited(stream: IO[bytes], max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) <= max_bytes:
        return data
    size = len(data)
    while chunk := stream.read(1 << 20):  # count the rest without keeping it
        size += len(chunk)
    raise _Skip(_too_large(size, max_bytes))


def _too_large(size: int, max_bytes: int) -> str:
    return f"too large ({size} bytes > max {max_bytes})"


def _reason_for(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "cannot read: permission denied"
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if error.errno == errno.ELOOP:
        return "symlink loop"
    return f"cannot read: {error.strerror or error}"


def count_documents(inputs: Sequence[str], max_bytes: int) -> Optional[int]:
    """Return about how many documents the inputs hold, without decoding them; None for stdin alone.

    A text or HTML file is one document; an export counts its records (its lines, for JSON
    Lines; its rows, for CSV and TSV). Standard input counts as one. Used for a progress total.
    """
    from kg.ingest.exports import count_records

    total = 0
    for item in _walk_inputs(inputs):
        if isinstance(item, Skipped):
            total += 1
        elif item == STDIN:
            if len(inputs) == 1:
                return None
            total += 1
        else:
            total += count_records(item, max_bytes) if _is_export(item) else 1
    return total
