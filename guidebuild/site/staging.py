"""A site is built beside its final folder and moved into place only when the build succeeded, so a
failed or interrupted build never leaves a half-written site (or a 0-byte PDF) where a previous,
complete one was. No MkDocs imports: the glue points the generator at ``work`` and calls
``publish`` or ``abandon``."""
from __future__ import annotations

import atexit
import os
import shutil
from pathlib import Path


class Staging:
    def __init__(self, final: Path) -> None:
        self.final = Path(final).resolve()
        self.work = self.final.parent / f".{self.final.name}.building-{os.getpid()}"
        self._old = self.final.parent / f".{self.final.name}.old-{os.getpid()}"
        self.done = False

    def begin(self) -> Path:
        """The folder to build into; leftovers of builds that were killed outright are removed."""
        self.final.parent.mkdir(parents=True, exist_ok=True)
        for stale in self.final.parent.glob(f".{self.final.name}.building-*"):
            shutil.rmtree(stale, ignore_errors=True)
        for stale in self.final.parent.glob(f".{self.final.name}.old-*"):
            shutil.rmtree(stale, ignore_errors=True)
        self.work.mkdir()
        atexit.register(self.abandon)  # a build stopped by SIGTERM or Ctrl-C leaves nothing behind
        return self.work

    def publish(self) -> None:
        """The built site takes the final folder's place (two renames in one folder)."""
        if self.final.exists():
            os.rename(self.final, self._old)
        os.rename(self.work, self.final)
        shutil.rmtree(self._old, ignore_errors=True)
        self.done = True

    def abandon(self) -> None:
        """The half-built site goes; the final folder stays as it was."""
        if not self.done:
            shutil.rmtree(self.work, ignore_errors=True)
            self.done = True
