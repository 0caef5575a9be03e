"""Shared fixtures: one strict build of the real site per test session, a loopback server for it,
and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from guidebuild.core import browser as chromium
from guidetools import generator


TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def pytest_addoption(parser):
    parser.addoption("--online", action="store_true", help="also check external links online")


def mkdocs_build(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([*generator.command(), "build", "--strict", "--site-dir", str(site_dir), *extra],
                          cwd=project, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built strictly once for the whole session."""
    out = tmp_path_factory.mktemp("site") / "site"
    proc = mkdocs_build(ROOT, out)
    assert proc.returncode == 0, f"strict build failed:\n{proc.stderr[-4000:]}"
    return out


@pytest.fixture(scope="session")
def served(site):
    """Base URL of the built site on a loopback port, served from a thread of this process."""
    with chromium.serving(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    try:
        with chromium.chromium() as b:
            yield b
    except chromium.ChromiumNotFound as e:
        pytest.fail(str(e))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


# Test tiers (make test-fast runs the first): "unit" needs no built site, no browser and no build of
# its own; "build" builds (a project of its own, or the real site through the `site` fixture);
# "browser" drives Chromium. Judged from what a test uses, so a new test needs no marker.
_BUILDS = {"site", "served", "project", "fixture_book", "warm"}
_BROWSES = {"browser", "page"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        source = ""
        try:
            source = item.function.__code__.co_names  # names the test's body refers to
        except AttributeError:
            pass
        if used & _BROWSES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.tier_browser)
        elif used & _BUILDS or {"mkdocs_build", "build", "_build", "subprocess"} & set(source):
            item.add_marker(pytest.mark.tier_build)
        else:
            item.add_marker(pytest.mark.tier_unit)
