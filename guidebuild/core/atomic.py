"""Writes that never leave half a file, and cache entries that are checked when read.

``atomic_write``: a reader sees the old content or the new, nothing between. ``store``/``load``:
a cache entry is written with the SHA-256 of its bytes beside it (``<name>.sum``) and read back
only if its bytes still match, so an entry truncated or altered on disk (a full disk, a killed
copy, a hand edit) is discarded, said once, and made again, never shipped.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
from pathlib import Path


SUM = ".sum"

# Not under "mkdocs": a cache that repairs itself is no reason for a strict build to fail.
log = logging.getLogger("guidebuild.cache")
if not log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the file from a web server
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sum_path(path: Path) -> Path:
    return path.with_name(path.name + SUM)


def store(path: Path, data: bytes) -> None:
    """A cache entry: the data, then its checksum (an entry counts only once both are there)."""
    atomic_write(path, data)
    atomic_write(sum_path(path), hashlib.sha256(data).hexdigest().encode())


def load(path: Path) -> bytes | None:
    """The entry's bytes if they match its checksum; None if it is missing (or was written before
    checksums) or corrupt, in which case it is deleted and named once."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        expected = sum_path(path).read_text().strip()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != expected:
        discard(path, f"{len(data)} bytes that do not match the checksum written with them")
        return None
    return data


def discard(path: Path, why: str) -> None:
    """Removes a bad cache entry (and its checksum), saying which and why; the build makes it again."""
    log.warning("cache: discarded %s (%s); it is made again", _shown(path), why)
    for p in (path, sum_path(path)):
        try:
            p.unlink(missing_ok=True)
        except OSError:
            pass


def unwritable(folder: Path) -> OSError | None:
    """Why nothing can be written in ``folder``, or None if it can. A folder that does not exist
    yet is not created: its nearest existing parent is tried."""
    folder = Path(folder).absolute()
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    if not folder.is_dir():
        return NotADirectoryError(20, "Not a directory", str(folder))
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-probe.")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        return e
    return None


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
