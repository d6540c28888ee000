"""The run folder: typed state, crash-safe saving, old folders."""

import json
import os
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest

from textgen_utils import CharVocab, build_model, make_windows
from textgen_utils import run as run_module
from textgen_utils.run import BEST_MODEL, STATE_FILE, RunState, save_epoch
from textgen_utils.training import train

VOCAB = CharVocab(("a", "b", "c"))


def tiny_model():
    model = build_model(VOCAB, maxlen=3, units=2)
    model.optimizer.build(model.trainable_variables)
    return model


def set_all(model, value):
    """Make every weight equal to ``value``: the weights then say which epoch they are."""
    model.set_weights([np.full_like(w, value) for w in model.get_weights()])


def value_in(path: Path) -> float:
    model = tiny_model()
    if path.name.endswith(".weights.h5"):
        model.load_weights(path)
    else:
        model = keras.models.load_model(path, compile=False)
    return float(model.get_weights()[0].flat[0])


def check_consistent(run: Path) -> RunState:
    """The state names weights of its own epoch, and best.keras is its best epoch's."""
    state = RunState.load(run)
    assert value_in(state.weights_path(run)) == state.epoch
    assert value_in(run / BEST_MODEL) == state.best_epoch
    names = {p.name for p in run.iterdir()}
    assert names == {STATE_FILE, BEST_MODEL, state.last_weights}, names
    return state


class Crash(BaseException):
    """A kill: nothing after it runs."""


@pytest.mark.parametrize("improves", [True, False])
def test_a_kill_at_any_moment_of_saving_leaves_a_consistent_run(tmp_path, monkeypatch,
                                                                improves):
    model = tiny_model()
    first = RunState().after_epoch({"loss": 2.0, "val_loss": 2.0})
    second = first.after_epoch({"loss": 1.5, "val_loss": 1.0 if improves else 3.0})
    set_all(model, 2.0)
    real_replace, real_unlink = os.replace, Path.unlink
    outcomes = set()
    for k in range(100):
        run = tmp_path / str(k + 1)
        run.mkdir()
        set_all(model, 1.0)
        save_epoch(run, first, model)
        set_all(model, 2.0)
        calls = []

        def step(real, *args, calls=calls, k=k, **kwargs):
            calls.append(args)
            if len(calls) > k:
                raise Crash
            return real(*args, **kwargs)

        monkeypatch.setattr(run_module.os, "replace", lambda *a: step(real_replace, *a))
        monkeypatch.setattr(Path, "unlink", lambda *a, **kw: step(real_unlink, *a, **kw))
        try:
            save_epoch(run, second, model)
            done = True
        except Crash:
            done = False
        monkeypatch.undo()
        state = check_consistent(run)
        assert state.epoch in (1, 2)
        outcomes.add(state.epoch)
        if done:
            assert state.epoch == 2 and state.best_epoch == (2 if improves else 1)
            break
    else:
        pytest.fail("save_epoch never finished")
    assert outcomes == {1, 2} and k >= 2  # kills both before and after the commit point


def test_old_run_folders_still_resume(tmp_path, small_text, capsys):
    vocab = CharVocab.from_text(small_text)
    x, y = make_windows(small_text, vocab, 10, 4)
    keras.utils.set_random_seed(0)
    model = build_model(vocab, maxlen=10, units=8)
    first = train(model, x, y, epochs=1, batch_size=64, verbose=0, restore_best=False)
    # A folder as the first format wrote it: last.weights.h5 and a state without "format".
    model.save_weights(tmp_path / "last.weights.h5")
    model.save(tmp_path / BEST_MODEL)
    old = {"epoch": 1, "history": first["history"], "samples": [], "best": first["best"],
           "best_epoch": 1, "initial_learning_rate": 0.01}
    (tmp_path / STATE_FILE).write_text(json.dumps(old))
    assert RunState.load(tmp_path).weights_path(tmp_path).name == "last.weights.h5"

    resumed = train(build_model(vocab, maxlen=10, units=8), x, y, epochs=2, batch_size=64,
                    run_dir=tmp_path, verbose=0)
    assert "Resuming the run" in capsys.readouterr().out
    assert resumed["epoch"] == 2 and resumed["history"]["loss"][0] == first["history"]["loss"][0]
    assert json.loads((tmp_path / STATE_FILE).read_text())["format"] == run_module.FORMAT
    assert {p.name for p in tmp_path.iterdir()} == {STATE_FILE, BEST_MODEL,
                                                    "epoch-002.weights.h5"}


@pytest.mark.parametrize("moment", ["before the state", "after the state"])
def test_ctrl_c_while_saving_reports_what_is_on_disk(tmp_path, small_text, capsys,
                                                     monkeypatch, moment):
    vocab = CharVocab.from_text(small_text)
    x, y = make_windows(small_text, vocab, 10, 4)
    real_save, real_tidy = RunState.save, run_module._tidy

    def save(state, run_dir):
        if state.epoch == 2 and moment == "before the state":
            raise KeyboardInterrupt
        real_save(state, run_dir)

    def tidy(run, state, raised=[]):  # noqa: B006 (once only)
        if state.epoch == 2 and moment == "after the state" and not raised:
            raised.append(True)
            raise KeyboardInterrupt
        real_tidy(run, state)

    monkeypatch.setattr(RunState, "save", save)
    monkeypatch.setattr(run_module, "_tidy", tidy)
    keras.utils.set_random_seed(0)
    result = train(build_model(vocab, maxlen=10, units=8), x, y, epochs=3, batch_size=64,
                   run_dir=tmp_path, verbose=0)
    saved = 1 if moment == "before the state" else 2
    assert result["stopped"] == "interrupted" and result["epoch"] == saved
    assert f"{saved} of 3 epochs are complete and saved" in capsys.readouterr().out
    monkeypatch.undo()
    assert RunState.load(tmp_path).epoch == saved
    resumed = train(build_model(vocab, maxlen=10, units=8), x, y, epochs=3, batch_size=64,
                    run_dir=tmp_path, verbose=0)
    assert resumed["epoch"] == 3 and len(resumed["history"]["loss"]) == 3


def test_a_folder_without_a_state_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="holds no training run"):
        RunState.load(tmp_path)
    with pytest.raises(FileNotFoundError, match="no saved epoch"):
        RunState().weights_path(tmp_path)


@pytest.fixture
def lesson_data(small_text):
    vocab = CharVocab.from_text(small_text)
    return vocab, make_windows(small_text[:600], vocab, 10, 4), make_windows(
        small_text[600:], vocab, 10, 4)


def small_model(vocab, **kwargs):
    keras.utils.set_random_seed(0)
    return build_model(vocab, **{"maxlen": 10, "units": 8, **kwargs})


def one_epoch_run(run, vocab, data, **kwargs):
    (x, y), val = data
    return train(small_model(vocab), x, y, epochs=1, batch_size=64, validation_data=val,
                 run_dir=run, verbose=0, **kwargs)


def test_a_folder_with_a_model_but_no_state_is_not_overwritten(tmp_path, lesson_data):
    vocab, *data = lesson_data
    one_epoch_run(tmp_path, vocab, data)
    (tmp_path / STATE_FILE).unlink()
    before = (tmp_path / BEST_MODEL).read_bytes()
    with pytest.raises(FileExistsError, match="would overwrite that model"):
        one_epoch_run(tmp_path, vocab, data)
    assert (tmp_path / BEST_MODEL).read_bytes() == before


def test_what_a_kill_in_the_first_save_left_is_cleared(tmp_path, lesson_data):
    vocab, *data = lesson_data
    (tmp_path / "epoch-001.weights.h5").write_bytes(b"half a file")
    (tmp_path / ".tmp-abc.keras").write_bytes(b"half a model")
    assert one_epoch_run(tmp_path, vocab, data)["epoch"] == 1
    assert {p.name for p in tmp_path.iterdir()} == {STATE_FILE, BEST_MODEL,
                                                    "epoch-001.weights.h5"}


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"format": 2, "epoch": -1}',
                                  '{"format": 2, "epoch": 2, "history": {"loss": [1.0]}}',
                                  '{"format": 2, "epoch": 1, "history": {"loss": [1.0]}}'])
def test_a_corrupt_state_file_is_called_corrupt(tmp_path, lesson_data, text):
    vocab, *data = lesson_data
    (tmp_path / STATE_FILE).write_text(text)
    with pytest.raises(ValueError, match="state.json is corrupt .* delete"):
        one_epoch_run(tmp_path, vocab, data)


@pytest.mark.parametrize("damage", ["missing", "truncated", "empty", "other epoch"])
def test_a_damaged_weights_file_is_named_for_what_it_is(tmp_path, lesson_data, damage):
    vocab, (x, y), val = lesson_data
    kwargs = dict(batch_size=64, validation_data=val, run_dir=tmp_path, verbose=0)
    train(small_model(vocab), x, y, epochs=2, **kwargs)
    state = RunState.load(tmp_path)
    weights = state.weights_path(tmp_path)
    if damage == "missing":
        weights.unlink()
    elif damage == "truncated":
        weights.write_bytes(weights.read_bytes()[:2000])
    elif damage == "empty":
        weights.write_bytes(b"")
    else:  # the weights of epoch 1 under epoch 2's name
        model = small_model(vocab)
        train(model, x, y, epochs=1, **{**kwargs, "run_dir": tmp_path / "one"})
        os.replace(RunState.load(tmp_path / "one").weights_path(tmp_path / "one"), weights)
    expected = {"missing": (FileNotFoundError, "is missing"),
                "truncated": (ValueError, "is corrupt"), "empty": (ValueError, "is corrupt"),
                "other epoch": (ValueError, "do not belong together")}[damage]
    with pytest.raises(expected[0], match=expected[1]):
        train(small_model(vocab), x, y, epochs=3, **kwargs)


@pytest.mark.parametrize("change", ["maxlen", "vocabulary", "validation"])
def test_a_resume_with_another_setup_is_refused(tmp_path, lesson_data, small_text, change):
    vocab, (x, y), val = lesson_data
    train(small_model(vocab), x, y, epochs=1, batch_size=64, validation_data=val,
          run_dir=tmp_path, verbose=0)
    kwargs = dict(epochs=2, batch_size=64, validation_data=val, run_dir=tmp_path, verbose=0)
    model = small_model(vocab)
    if change == "maxlen":  # same weight shapes, other windows
        model = small_model(vocab, maxlen=12)
        x, y = make_windows(small_text[:600], vocab, 12, 4)
        kwargs["validation_data"] = make_windows(small_text[600:], vocab, 12, 4)
    elif change == "vocabulary":  # same size, other characters
        other = CharVocab(tuple(sorted(set(map(chr, range(200, 200 + len(vocab)))))))
        model = small_model(other)
    else:
        kwargs["validation_data"] = None
    with pytest.raises(ValueError, match="different model|resume it as it was started"):
        train(model, x, y, **kwargs)


@pytest.mark.parametrize("schedule", [None, "lesson"])
def test_a_resume_takes_a_new_models_learning_rate(tmp_path, lesson_data, capsys, schedule):
    vocab, (x, y), val = lesson_data
    how = {"batch_size": 64} if schedule is None else {}
    kwargs = dict(validation_data=val, run_dir=tmp_path, verbose=0, **how)
    train(small_model(vocab, learning_rate=0.01), x, y, epochs=1, **kwargs)
    lower = small_model(vocab, learning_rate=0.001)
    result = train(lower, x, y, epochs=2, **kwargs)
    assert "Training continues with 0.001" in capsys.readouterr().out
    assert float(lower.optimizer.learning_rate) == pytest.approx(0.001)
    if schedule:
        assert result["history"]["learning_rate"] == pytest.approx([0.01, 0.001])


def test_a_second_training_in_the_same_folder_is_refused(tmp_path, lesson_data):
    vocab, *data = lesson_data
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / run_module.LOCK_FILE).write_text(str(sleeper.pid))
        with pytest.raises(RuntimeError, match=f"process {sleeper.pid}"):
            one_epoch_run(tmp_path, vocab, data)
    finally:
        sleeper.kill()
        sleeper.wait()
    # The lock of a process that is gone is stale: the run goes on, and lets go of it.
    assert one_epoch_run(tmp_path, vocab, data)["epoch"] == 1
    assert not (tmp_path / run_module.LOCK_FILE).exists()


def test_a_run_dir_that_is_a_file_says_so(tmp_path, lesson_data):
    vocab, *data = lesson_data
    (tmp_path / "run").write_text("")
    with pytest.raises(NotADirectoryError, match="is a file"):
        one_epoch_run(tmp_path / "run", vocab, data)


def test_links_planted_in_the_run_folder_are_replaced_not_followed(tmp_path, lesson_data):
    vocab, *data = lesson_data
    run, outside = tmp_path / "run", tmp_path / "outside.txt"
    run.mkdir()
    outside.write_text("keep me")
    for name in ("epoch-001.weights.h5", STATE_FILE + ".new", BEST_MODEL):
        (run / name).symlink_to(outside)
    (run / BEST_MODEL).unlink()  # a best.keras without a state would (rightly) be refused
    one_epoch_run(run, vocab, data)
    assert outside.read_text() == "keep me"
    assert not (run / "epoch-001.weights.h5").is_symlink()
