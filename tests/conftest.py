"""Shared test setup: no test touches the real per-user folder or needs a display."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests.sample_library import copy_sample_library

# Test modules and the code under test are cached as bytecode even where the environment
# says not to write it (PYTHONDONTWRITEBYTECODE): otherwise every run recompiles and
# re-rewrites the asserts of ~170 test modules, 10-30 s of the fast suite's minute.
sys.dont_write_bytecode = False

# Before anything imports Qt: render offscreen, never to a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# In CI every property test runs the same examples every time (derived from the test,
# not drawn at random), so a run passes or fails on the code, never by chance; a
# failure found on a developer's machine is pinned with @example.  Locally examples
# stay random to keep finding new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# The fast suite (-m "not slow") tries a quarter of each property test's examples (at
# least FAST_RUN_EXAMPLES, never more than it asks for); the whole suite tries them all.
FAST_RUN_EXAMPLES = 25


def _is_fast_run(config: pytest.Config) -> bool:
    return "not slow" in (config.getoption("markexpr", "") or "")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _is_fast_run(config):
        return
    for item in items:
        test: Any = getattr(item, "obj", None)
        test = getattr(test, "__func__", test)
        # each parametrised case shares the function: scale from the number it asks for
        asked = getattr(test, "_whole_suite_settings", None) or getattr(
            test, "_hypothesis_internal_use_settings", None
        )
        if asked is None:  # not a property test
            continue
        test._whole_suite_settings = asked
        fewer = min(asked.max_examples, max(FAST_RUN_EXAMPLES, asked.max_examples // 4))
        test._hypothesis_internal_use_settings = settings(asked, max_examples=fewer)


# -- the whole suite on both cores (.ci/test: pytest -n 2 --dist loadgroup) ----------------
# The tests of a group run on one worker, in order, while the other worker runs the rest;
# the largest group is handed out first. The packaging tests share one release build
# (tests/packaging/conftest.py) and the cached Debian and fcitx roots; the Windows installer
# tests, which need no build, share their compiled installers (a module fixture) and the
# wine prefix. (xdist_group marks are not applied by pytest-xdist 3.8 under pytest 9, so
# the groups are named here, by path; the first that matches.)
SERIAL_GROUPS = {
    "tests/packaging/test_windows_installer.py": "windows-installer",
    "tests/packaging/": "packaging",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class PathGroups(LoadGroupScheduling):
        """--dist loadgroup, with the tests below each path of SERIAL_GROUPS as one group."""

        def _split_scope(self, nodeid: str) -> str:
            for prefix, group in SERIAL_GROUPS.items():
                if nodeid.startswith(prefix):
                    return group
            return super()._split_scope(nodeid)

    return PathGroups(config, log)


@pytest.fixture(autouse=True)
def user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh per-user data folder for every test."""
    data = tmp_path / "user-data"
    monkeypatch.setenv("POLICY_LIBRARY_DATA_DIR", str(data))
    # Per-machine packs and trusted keys: never the real system folders.
    monkeypatch.setenv("POLICY_LIBRARY_SYSTEM_PACKS_DIR", str(tmp_path / "system-packs"))
    monkeypatch.setenv("POLICY_LIBRARY_SYSTEM_CONFIG_DIR", str(tmp_path / "system-config"))
    yield data


# -- a real index of a real library -------------------------------------------------------
@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real documents of every kind the bundled library holds (see tests/sample_library.py)."""
    return copy_sample_library(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory, sample_corpus: Path) -> Path:
    from index.store import build_index

    out = tmp_path_factory.mktemp("index") / "index"
    build_index(sample_corpus, out)
    return out
