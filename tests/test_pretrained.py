import json
from fnmatch import fnmatch
from pathlib import Path

import numpy as np
import pytest

import textgen_utils as tg
from textgen_utils import load_pretrained, pretrained_run
from textgen_utils.cli import main
from textgen_utils.model import PRETRAINED_PATH, PRETRAINED_RUN_PATH, save_pretrained
from textgen_utils.training import LESSON_EPOCHS

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def pretrained_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_missing_pretrained_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="No pretrained model"):
        load_pretrained(tmp_path / "none.keras")


def test_weights_without_their_configuration_are_a_clear_error(tmp_path):
    np.savez(tmp_path / "model.npz", w0=np.zeros(3))
    with pytest.raises(FileNotFoundError, match="with its .json"):
        load_pretrained(tmp_path / "model.npz")


def test_saved_weights_build_the_model_that_computes_the_same(tmp_path):
    # The form the pretrained model ships in: arrays and a configuration, built in code.
    vocab = tg.CharVocab((" ", "a", "b", "c"))
    model = tg.build_model(vocab, maxlen=7, units=5)
    model.set_weights([np.random.default_rng(i).normal(size=w.shape).astype("float32")
                       for i, w in enumerate(model.get_weights())])
    save_pretrained(model, tmp_path / "m.npz", {"best": 1.5, "config": "replaced"})
    rebuilt, rebuilt_vocab = load_pretrained(tmp_path / "m.npz")
    assert rebuilt_vocab.chars == vocab.chars
    assert pretrained_json(tmp_path / "m.json") == {
        "config": {"maxlen": 7, "units": 5, "chars": " abc"}, "best": 1.5}
    windows = np.random.default_rng(0).integers(0, 4, size=(9, 7)).astype("uint8")
    np.testing.assert_array_equal(rebuilt.predict(windows, verbose=0),
                                  model.predict(windows, verbose=0))
    assert isinstance(rebuilt, tg.SplitBatchModel) and rebuilt.optimizer is not None


def test_save_pretrained_refuses_a_model_without_a_vocabulary(tmp_path):
    model = tg.build_model(tg.CharVocab(("a", "b")), maxlen=3, units=2, input_mode="one_hot")
    with pytest.raises(ValueError, match="build_model"):
        save_pretrained(model, tmp_path / "m.npz", {})


def test_pretrained_model_ships_small_and_is_the_lessons_model():
    assert PRETRAINED_PATH.stat().st_size < 1_000_000  # "a few hundred KB"
    model, vocab = load_pretrained()
    assert model.count_params() == 102_585
    assert len(vocab) == 57
    assert model.optimizer is not None  # compiled, so it can be trained further
    assert isinstance(model, tg.SplitBatchModel)  # and trains on both cores like build_model's
    # Arrays and a configuration, which every Keras 3 reads: no .keras file, which loads
    # only on the Keras that wrote it or a newer one.
    assert PRETRAINED_PATH.suffix == ".npz"
    assert pretrained_run()["config"] == {"maxlen": 60, "units": 128,
                                          "chars": "".join(vocab.chars)}
    assert not list(PRETRAINED_PATH.parent.glob("*.keras"))


def test_pretrained_run_record_is_consistent():
    run = pretrained_run()
    val = run["history"]["val_loss"]
    # The lesson's full run: LESSON_EPOCHS epochs, samples from one seed after each.
    assert run["epoch"] == len(val) == len(run["history"]["loss"]) == LESSON_EPOCHS
    assert run["best"] == pytest.approx(min(val))
    assert run["best_epoch"] == int(np.argmin(val)) + 1
    assert np.isfinite(run["history"]["loss"]).all()
    assert [s["epoch"] for s in run["samples"]] == list(range(1, LESSON_EPOCHS + 1))
    assert len({s["seed"] for s in run["samples"]}) == 1
    for sample in run["samples"]:
        assert len(sample["seed"]) == 60
        assert sorted(sample["texts"], key=float) == ["0.2", "0.5", "1.0", "1.2"]
        assert all(len(t) == 200 for t in sample["texts"].values())


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
