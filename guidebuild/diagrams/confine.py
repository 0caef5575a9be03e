"""Runs one diagram script confined: no inherited secrets, its own folders and process group,
a timeout, and (with bubblewrap) a read-only machine without network.

A diagram script is code from whoever wrote the pull request, and CI runs it. It gets no
inherited environment (no tokens or secrets), a home and working folder of its own, its own
process group (killed with everything it started on a timeout or when the build is stopped),
and, where Debian's bubblewrap is installed, a read-only view of the machine in which only its
output folder can be written, and no network."""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from ..core import atomic
from .handoff import OUT_DIR_ENV, SLUG_ENV


#: Environment variables a script may see, besides the ones the renderer sets.
ENV_KEPT = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "PYTHONPATH", "SOURCE_DATE_EPOCH")
#: How much of a script's error output is read back (the tail: the traceback's end).
STDERR_KEPT = 64 * 1024
_live: set[int] = set()  # process groups of scripts running now
_live_lock = threading.Lock()
_said_unconfined = False


def run_confined(script: Path, out: Path, slug: str, log_path: Path, timeout: float) -> int:
    """Runs ``script`` and returns its exit code; TimeoutExpired after ``timeout`` (everything it
    started is killed either way)."""
    global _said_unconfined
    env = {k: os.environ[k] for k in ENV_KEPT if k in os.environ}
    env.update({OUT_DIR_ENV: str(out), SLUG_ENV: slug, "HOME": str(out.parent), "TMPDIR": str(out.parent),
                "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"})
    command = [sys.executable, str(script)]
    bwrap = shutil.which("bwrap")
    if bwrap and os.environ.get("GUIDE_CONFINE", "true") != "false":
        command = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                   "--bind", str(out.parent), str(out.parent), "--unshare-all", "--die-with-parent",
                   "--new-session", "--chdir", str(out.parent), *command]
    elif not _said_unconfined:
        _said_unconfined = True
        atomic.log.warning("diagram scripts run unconfined (no bubblewrap): they can read and write what "
                           "the build can. Install it: apt-get install bubblewrap")
    with open(log_path, "wb") as err:
        proc = subprocess.Popen(command, cwd=out.parent, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        with _live_lock:
            _live.add(proc.pid)
        try:
            return proc.wait(timeout=timeout)
        finally:
            _kill_group(proc.pid)
            proc.wait()
            with _live_lock:
                _live.discard(proc.pid)


@contextlib.contextmanager
def stopped_cleanly():
    """While scripts run: a build stopped by Ctrl-C or SIGTERM kills them (and what they started)
    first, so that every worker returns and removes its temporary folder."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        def on_term(signum, frame):
            kill_running_scripts()
            raise SystemExit(128 + signum)
        previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    except BaseException:
        kill_running_scripts()
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_running_scripts() -> None:
    """Kills every running script with all it started (an interrupted or stopped build)."""
    with _live_lock:
        groups = list(_live)
    for pgid in groups:
        _kill_group(pgid)


def read_tail(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - STDERR_KEPT))
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def usable_cpus() -> int:
    """The CPUs this process may run on (a container's share), not the host's count."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs() -> int:
    """One job more than CPUs: the CPUs stay busy while a script starts or waits on dot, and
    three diagrams on two CPUs share both instead of taking two rounds."""
    return usable_cpus() + 1
