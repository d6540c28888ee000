"""The test command without the corpus: one message, before any notebook runs."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "en" / "char_lstm_text_generation.ipynb"


def root_conftest():
    """The repository's conftest.py as a module of its own name (tests/ has a conftest too)."""
    spec = importlib.util.spec_from_file_location("root_conftest", REPO / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def no_corpus_env(tmp_path):
    """An environment where the notebooks find no corpus and cannot download one."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("TEXTGEN_CORPUS", "KERAS_HOME", "CI") and "proxy" not in k.lower()}
    (tmp_path / "keras").mkdir()
    closed = "http://127.0.0.1:9"  # nothing listens there: the download fails at once
    return {**env, "HOME": str(tmp_path), "KERAS_HOME": str(tmp_path / "keras"),
            "TEXTGEN_SHARED_CORPUS": str(tmp_path / "no-shared-copy.txt"),
            "https_proxy": closed, "http_proxy": closed, "no_proxy": ""}


def test_nbval_without_the_corpus_stops_at_once_with_one_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", str(NOTEBOOK)],
        cwd=REPO, env=no_corpus_env(tmp_path), capture_output=True, text=True, timeout=600)
    out = result.stdout + result.stderr
    assert result.returncode == 4, out[-3000:]
    assert out.count("The notebooks need the corpus") == 1, out[-3000:]
    # The three ways to make it available, and what runs without it.
    assert str(tmp_path / "keras" / "datasets" / "nietzsche.txt") in out
    assert "export TEXTGEN_CORPUS=/path/to/nietzsche.txt" in out
    assert str(tmp_path / "no-shared-copy.txt") in out
    assert "pytest (without --nbval)" in out
    # Nothing ran: no cell passed or failed.
    assert " passed" not in out and " failed" not in out


def test_a_corpus_setting_that_names_no_file_is_reported(tmp_path, monkeypatch):
    conftest = root_conftest()
    monkeypatch.setenv("TEXTGEN_CORPUS", str(tmp_path / "missing.txt"))
    problem = conftest.notebook_corpus_problem()
    assert f"TEXTGEN_CORPUS={tmp_path / 'missing.txt'} is no file" in problem


def test_the_notebooks_get_the_shared_copy_through_the_environment(tmp_path, monkeypatch):
    conftest = root_conftest()
    shared = tmp_path / "nietzsche.txt"
    shared.write_text("some text\n", encoding="utf-8")
    monkeypatch.setenv("TEXTGEN_CORPUS", "")  # unset, and restored after the test
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))  # no cached copy there
    monkeypatch.setenv("TEXTGEN_SHARED_CORPUS", str(shared))
    assert conftest.notebook_corpus_problem() is None
    assert os.environ["TEXTGEN_CORPUS"] == str(shared)  # nbval's kernels inherit it


def test_a_cached_corpus_is_enough(tmp_path, monkeypatch):
    conftest = root_conftest()
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "nietzsche.txt").write_text("some text\n", encoding="utf-8")
    monkeypatch.setenv("TEXTGEN_CORPUS", "")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv("TEXTGEN_SHARED_CORPUS", str(tmp_path / "none.txt"))
    assert conftest.notebook_corpus_problem() is None
    assert os.environ["TEXTGEN_CORPUS"] == ""  # the notebooks read the cache themselves
