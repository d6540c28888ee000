"""Test-suite settings shared by the unit tests and nbval."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# nbval's kernels inherit this environment: the notebooks run in quick mode.
os.environ.setdefault("TEXTGEN_QUICK", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# The notebooks' paired scripts run the whole lesson when imported: never collect them.
collect_ignore_glob = ["notebooks/*/*.py", "tools/*", "benchmarks/*"]

REPO = Path(__file__).resolve().parent
#: Names another place for the shared copy (the tests of the corpus check hide it so).
SHARED_CORPUS_ENV = "TEXTGEN_SHARED_CORPUS"


def shared_corpus() -> Path:
    """The corpus copy that machines of this course keep beside the repository."""
    return Path(os.environ.get(SHARED_CORPUS_ENV)
                or REPO.parent / "shared" / "data" / "nietzsche.txt")


def find_real_corpus() -> Path | None:
    """The real corpus: $TEXTGEN_CORPUS, else the shared copy beside the repository."""
    env = os.environ.get("TEXTGEN_CORPUS")
    for candidate in (Path(env) if env else None, shared_corpus()):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def real_corpus_path() -> Path:
    path = find_real_corpus()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the corpus: set TEXTGEN_CORPUS or provide {shared_corpus()}")
        pytest.skip("the Nietzsche corpus is not available (set TEXTGEN_CORPUS)")
    return path


def notebook_corpus_problem() -> str | None:
    """Why the notebooks' ``tg.load_corpus()`` would fail here, or ``None`` if it will not.

    The notebooks read ``$TEXTGEN_CORPUS``, else the Keras cache, downloading into it.
    The shared copy beside the repository, which the unit tests use, is passed on to
    them through ``TEXTGEN_CORPUS`` (the kernels nbval starts inherit this environment).
    Otherwise the download is tried once here, as the first notebook would try it.
    """
    from textgen_utils.corpus import (
        CORPUS_ENV,
        CORPUS_FILENAME,
        CorpusDownloadError,
        _cache_dir,
        corpus_path,
    )

    cache = _cache_dir() / CORPUS_FILENAME
    how = (
        "Copy nietzsche.txt from a machine that has it (README.md, 'Offline use') and do "
        "one of:\n"
        f"  - put it in the Keras cache: {cache}\n"
        f"  - point the course at it: export {CORPUS_ENV}=/path/to/nietzsche.txt\n"
        f"  - put it beside the repository: {shared_corpus()}\n"
        "or run only the unit tests, which skip what needs the corpus: pytest (without --nbval)."
    )
    env = os.environ.get(CORPUS_ENV)
    if env:
        if Path(env).is_file():
            return None
        return f"The notebooks need the corpus, but {CORPUS_ENV}={env} is no file.\n{how}"
    if cache.is_file():
        return None
    if shared_corpus().is_file():
        os.environ[CORPUS_ENV] = str(shared_corpus())
        return None
    try:
        corpus_path()  # downloads into the cache, where the notebooks will find it
    except CorpusDownloadError as err:
        reason = str(err).splitlines()[0]
        return f"The notebooks need the corpus, and this machine has none. {reason}\n{how}"
    return None


def pytest_collection_modifyitems(session, config, items):
    # Without the corpus every notebook fails at its corpus cell and at every cell after:
    # stop before running anything, with one message, when notebooks are to run.
    if config.option.collectonly or not any(item.path.suffix == ".ipynb" for item in items):
        return
    problem = notebook_corpus_problem()
    if problem:
        pytest.exit(problem, returncode=pytest.ExitCode.USAGE_ERROR)
