from fnmatch import fnmatch
from pathlib import Path

import numpy as np
import pytest

import textgen_utils as tg
from textgen_utils import load_pretrained, pretrained_run
from textgen_utils.cli import main
from textgen_utils.model import PRETRAINED_PATH, PRETRAINED_RUN_PATH

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def test_missing_pretrained_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="No pretrained model"):
        load_pretrained(tmp_path / "none.keras")


def test_pretrained_model_ships_small_and_is_the_lessons_model():
    assert PRETRAINED_PATH.stat().st_size < 1_000_000  # "a few hundred KB"
    model, vocab = load_pretrained()
    assert model.count_params() == 102_585
    assert len(vocab) == 57
    assert model.optimizer is not None  # compiled, so it can be trained further
    assert isinstance(model, tg.SplitBatchModel)  # and trains on both cores like build_model's


def test_pretrained_run_record_is_consistent():
    run = pretrained_run()
    val = run["history"]["val_loss"]
    assert run["epoch"] == len(val) == len(run["history"]["loss"]) == 60
    assert run["best"] == pytest.approx(min(val))
    assert run["best_epoch"] == int(np.argmin(val)) + 1
    assert np.isfinite(run["history"]["loss"]).all()
    assert len(run["samples"]) == 60
    for sample in run["samples"]:
        assert len(sample["seed"]) == 60
        assert sorted(sample["texts"], key=float) == ["0.2", "0.5", "1.0", "1.2"]
        assert all(len(t) == 400 for t in sample["texts"].values())


def test_pretrained_validation_loss_is_what_the_record_says(real_corpus_path):
    # The shipped weights are the best epoch's: recomputing the validation loss on the
    # same held-out tail must give the recorded best.
    text = tg.load_corpus(real_corpus_path)
    _, val_text = tg.split_text(text, 0.1)
    model, vocab = load_pretrained()
    assert vocab.chars == tg.CharVocab.from_text(text).chars
    x, y = tg.make_windows(val_text, vocab)
    loss = model.evaluate(x, y, batch_size=1024, verbose=0)
    assert loss == pytest.approx(pretrained_run()["best"], abs=2e-3)


def test_cli_generate_uses_the_pretrained_model_by_default(capsys):
    assert main(["generate", "--seed", "the will to power", "--length", "40",
                 "--temperature", "0.2", "--random-seed", "0"]) == 0
    out = capsys.readouterr().out
    assert "------ temperature: 0.2" in out
    generated = out.split("the will to power", 1)[1].strip()
    assert len(generated) >= 30


def test_pretrained_files_are_installed_as_package_data():
    # A non-editable install (Colab's pip install from git) only ships the packages and
    # the files that pyproject.toml names.
    setuptools = tomllib.loads(
        (Path(tg.__file__).parents[1] / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "textgen_utils.pretrained" in setuptools["packages"]
    globs = setuptools["package-data"]["textgen_utils.pretrained"]
    for path in (PRETRAINED_PATH, PRETRAINED_RUN_PATH, PRETRAINED_PATH.parent / "README.md"):
        assert path.is_file(), path
        assert any(fnmatch(path.name, g) for g in globs), f"{path.name} is not package data"


def test_pretrained_readme_states_the_recorded_result():
    run = pretrained_run()
    readme = (PRETRAINED_PATH.parent / "README.md").read_text(encoding="utf-8")
    hist = run["history"]
    assert f"epoch {run['best_epoch']}" in readme
    assert f"{run['best']:.4f}" in readme
    assert f"{hist['val_loss'][-1]:.4f}" in readme  # the final epoch, for the overfitting
