import json

import keras
import numpy as np
import pytest

from textgen_utils import CharVocab, build_model, make_windows, split_text
from textgen_utils.training import (
    BATCH_SIZE,
    FINAL_FACTOR,
    LARGE_BATCH_SIZE,
    LESSON_EPOCHS,
    SMALL_BATCH_EPOCHS,
    SampleTextCallback,
    epoch_batches,
    format_sample,
    lesson_schedule,
    train,
)


@pytest.fixture
def data(small_text):
    vocab = CharVocab.from_text(small_text)
    train_text, val_text = split_text(small_text, 0.2)
    return vocab, make_windows(train_text, vocab, 10, 2), make_windows(val_text, vocab, 10, 2)


def new_model(vocab, **kw):
    keras.utils.set_random_seed(0)
    return build_model(vocab, maxlen=10, units=8, **kw)


class InterruptAt(keras.callbacks.Callback):
    """Simulates Ctrl-C in the middle of an epoch."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._epoch == self.epoch and batch == 1:
            raise KeyboardInterrupt

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch


def test_train_records_history_samples_and_checkpoints(data, tmp_path, small_text, capsys,
                                                       recwarn):
    vocab, (x, y), val = data
    sampler = SampleTextCallback(vocab, small_text, [0.2, 1.0], length=30,
                                 rng=np.random.default_rng(0))
    result = train(new_model(vocab), x, y, epochs=3, batch_size=32, validation_data=val,
                   run_dir=tmp_path, sampler=sampler, verbose=0)
    assert not [w for w in recwarn if "shuffle" in str(w.message)]  # nothing for students
    assert result["epoch"] == 3
    assert len(result["history"]["loss"]) == 3 and len(result["history"]["val_loss"]) == 3
    assert [s["epoch"] for s in result["samples"]] == [1, 2, 3]
    last = result["samples"][-1]
    assert last["seed"] in small_text and set(last["texts"]) == {"0.2", "1.0"}
    assert all(len(t) == 30 for t in last["texts"].values())
    assert "\n--- samples after epoch 3, seed: " in capsys.readouterr().out
    assert {p.name for p in tmp_path.iterdir()} == {"epoch-003.weights.h5", "best.keras",
                                                   "state.json"}
    assert json.loads((tmp_path / "state.json").read_text())["epoch"] == 3
    best = int(np.argmin(result["history"]["val_loss"])) + 1
    assert result["best_epoch"] == best


def test_interrupt_then_resume_gives_the_uninterrupted_run(data, tmp_path, capsys):
    vocab, (x, y), val = data
    kwargs = dict(batch_size=16, validation_data=val, verbose=0, restore_best=False)
    straight = new_model(vocab)
    full = train(straight, x, y, epochs=3, run_dir=tmp_path / "a", **kwargs)

    model = new_model(vocab)
    first = train(model, x, y, epochs=3, run_dir=tmp_path / "b",
                  callbacks=[InterruptAt(epoch=2)], **kwargs)
    assert first["stopped"] == "interrupted" and first["epoch"] == 2
    assert "run this again to resume" in capsys.readouterr().out
    # A fresh model, as after a kernel restart: everything comes from run_dir.
    resumed_model = new_model(vocab)
    resumed = train(resumed_model, x, y, epochs=3, run_dir=tmp_path / "b", **kwargs)
    assert "Resuming" in capsys.readouterr().out
    assert resumed["epoch"] == 3 and resumed["stopped"] is None
    assert len(resumed["history"]["loss"]) == 3
    # Shuffling differs after a resume, so compare the model's quality, not bits.
    assert resumed["history"]["loss"][:2] == full["history"]["loss"][:2]
    assert abs(resumed["history"]["val_loss"][2] - full["history"]["val_loss"][2]) < 0.1
    # Finished runs return at once.
    again = train(new_model(vocab), x, y, epochs=3, run_dir=tmp_path / "b", **kwargs)
    assert again["history"] == resumed["history"]
    out = capsys.readouterr().out
    assert "is complete (3 epochs): loading it" in out and "Resuming" not in out


def test_interrupt_in_the_first_epoch_says_nothing_was_saved(data, tmp_path, capsys):
    vocab, (x, y), val = data
    result = train(new_model(vocab), x, y, epochs=2, batch_size=16, run_dir=tmp_path,
                   callbacks=[InterruptAt(epoch=0)], verbose=0)
    assert result["stopped"] == "interrupted" and result["epoch"] == 0
    assert "nothing was saved yet" in capsys.readouterr().out
    assert not (tmp_path / "state.json").exists()


def test_resume_restores_the_optimizer_state(data, tmp_path):
    vocab, (x, y), val = data
    model = new_model(vocab)
    train(model, x, y, epochs=1, batch_size=16, run_dir=tmp_path, verbose=0, restore_best=False)
    fresh = new_model(vocab)
    train(fresh, x, y, epochs=1, batch_size=16, run_dir=tmp_path, verbose=0, restore_best=False)
    for a, b in zip(model.optimizer.variables, fresh.optimizer.variables):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    assert int(fresh.optimizer.iterations) > 0


class BreakAfter(keras.callbacks.Callback):
    """From epoch ``epoch`` on, either poison a weight with NaN or make the step absurd."""

    def __init__(self, epoch, how):
        super().__init__()
        self.epoch, self.how = epoch, how

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch and self.how == "nan":
            bias = self.model.get_layer("next_char").bias
            bias.assign(np.full(bias.shape, np.nan, dtype="float32"))
        elif epoch == self.epoch:
            self.model.optimizer.learning_rate.assign(1e30)


@pytest.mark.parametrize("how", ["nan", "blow-up"])
@pytest.mark.parametrize("use_run_dir", [True, False])
def test_divergence_stops_training_at_the_last_good_epoch(data, tmp_path, capsys, use_run_dir,
                                                          how):
    vocab, (x, y), val = data
    model = new_model(vocab, clipnorm=None)
    run_dir = tmp_path if use_run_dir else None
    result = train(model, x, y, epochs=4, batch_size=16, validation_data=val, run_dir=run_dir,
                   callbacks=[BreakAfter(1, how)], verbose=0, restore_best=False)
    assert result["stopped"] == "diverged" and result["stopped_in"] == 2
    assert result["epoch"] == 1
    assert len(result["history"]["loss"]) == 1
    assert "the run diverged" in capsys.readouterr().out
    assert all(np.isfinite(w).all() for w in model.get_weights())
    assert model.evaluate(*val, verbose=0) == pytest.approx(result["history"]["val_loss"][0],
                                                            rel=1e-4)


def test_restore_best_loads_the_best_epoch(data, tmp_path):
    vocab, (x, y), val = data
    model = new_model(vocab)
    result = train(model, x, y, epochs=3, batch_size=16, validation_data=val,
                   run_dir=tmp_path, verbose=0)
    best = keras.models.load_model(tmp_path / "best.keras", compile=False)
    for a, b in zip(model.get_weights(), best.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert model.evaluate(*val, verbose=0) == pytest.approx(min(result["history"]["val_loss"]),
                                                            rel=1e-4)


def test_in_memory_run_without_run_dir(data):
    vocab, (x, y), val = data
    result = train(new_model(vocab), x, y, epochs=2, batch_size=32, validation_data=val,
                   verbose=0)
    assert result["epoch"] == 2 and "best_weights" not in result


def test_different_model_in_the_same_run_dir_is_a_clear_error(data, tmp_path):
    vocab, (x, y), val = data
    train(new_model(vocab), x, y, epochs=1, batch_size=32, run_dir=tmp_path, verbose=0)
    other = build_model(vocab, maxlen=10, units=12)
    with pytest.raises(ValueError, match="different model"):
        train(other, x, y, epochs=2, batch_size=32, run_dir=tmp_path, verbose=0)


@pytest.mark.parametrize("epochs", [4, LESSON_EPOCHS, 12, 59])
def test_lesson_schedule_decays_over_the_whole_run_to_its_final_factor(epochs):
    plan = [lesson_schedule(e, epochs) for e in range(epochs)]
    assert plan[:SMALL_BATCH_EPOCHS] == [(BATCH_SIZE, 1.0)] * SMALL_BATCH_EPOCHS
    assert {size for size, _ in plan[SMALL_BATCH_EPOCHS:]} == {LARGE_BATCH_SIZE}
    factors = [factor for _, factor in plan][SMALL_BATCH_EPOCHS - 1:]
    assert all(b < a for a, b in zip(factors, factors[1:]))  # every epoch a smaller step
    assert factors[-1] == pytest.approx(FINAL_FACTOR)  # ... down to the last, and no lower
    ratios = [b / a for a, b in zip(factors, factors[1:])]
    assert ratios == pytest.approx([ratios[0]] * len(ratios))  # the same factor each epoch
    assert lesson_schedule(0) == lesson_schedule(0, LESSON_EPOCHS)


class StepCounter(keras.callbacks.Callback):
    """Counts the batches of each epoch."""

    def __init__(self):
        super().__init__()
        self.steps = []

    def on_epoch_begin(self, epoch, logs=None):
        self.steps.append(0)

    def on_train_batch_end(self, batch, logs=None):
        self.steps[-1] += 1


def two_phase(epoch):
    """Batch 16 for two epochs, then 64 at a halving learning rate."""
    return (16, 1.0) if epoch < 2 else (64, 0.5 ** (epoch - 1))


def test_a_schedule_sets_each_epochs_batch_size_and_learning_rate(data, capsys):
    vocab, (x, y), val = data
    counter = StepCounter()
    model = new_model(vocab, learning_rate=0.02)
    result = train(model, x, y, epochs=4, schedule=two_phase, validation_data=val,
                   callbacks=[counter], verbose=2)
    steps = [-(-len(x) // size) for size in (16, 16, 64, 64)]
    assert counter.steps == steps
    assert result["history"]["learning_rate"] == pytest.approx([0.02, 0.02, 0.01, 0.005])
    assert result["epoch"] == 4 and len(result["history"]["val_loss"]) == 4
    out = capsys.readouterr().out
    assert "Epoch 1/4" in out and "Epoch 3/4" in out and "Epoch 1/2" not in out


def test_train_uses_the_lesson_schedule_unless_given_a_batch_size(data):
    vocab, (x, y), val = data
    counter = StepCounter()
    result = train(new_model(vocab), x, y, epochs=SMALL_BATCH_EPOCHS + 1, callbacks=[counter],
                   verbose=0)
    sizes = [lesson_schedule(e)[0] for e in range(SMALL_BATCH_EPOCHS + 1)]
    assert counter.steps == [-(-len(x) // size) for size in sizes]
    # Spread over the run's own epochs: its last epoch is at the final factor.
    assert result["history"]["learning_rate"][-1] == pytest.approx(0.01 * FINAL_FACTOR)
    counter = StepCounter()
    result = train(new_model(vocab), x, y, epochs=2, batch_size=32, callbacks=[counter],
                   verbose=0)
    assert counter.steps == [-(-len(x) // 32)] * 2 and "learning_rate" not in result["history"]
    with pytest.raises(ValueError, match="batch_size or a schedule, not both"):
        train(new_model(vocab), x, y, epochs=1, batch_size=32, schedule=two_phase)


def test_a_resumed_schedule_continues_with_the_right_learning_rate(data, tmp_path):
    vocab, (x, y), val = data
    kwargs = dict(schedule=two_phase, validation_data=val, verbose=0, restore_best=False)
    full = train(new_model(vocab), x, y, epochs=4, run_dir=tmp_path / "a", **kwargs)
    first = train(new_model(vocab), x, y, epochs=4, run_dir=tmp_path / "b",
                  callbacks=[InterruptAt(epoch=3)], **kwargs)
    assert first["stopped"] == "interrupted" and first["epoch"] == 3
    counter = StepCounter()
    resumed = train(new_model(vocab), x, y, epochs=4, run_dir=tmp_path / "b",
                    callbacks=[counter], **kwargs)
    assert counter.steps == [-(-len(x) // 64)]
    assert resumed["history"]["learning_rate"] == pytest.approx(full["history"]["learning_rate"])
    assert resumed["history"]["loss"][:3] == full["history"]["loss"][:3]


def test_format_sample_prints_the_seed_once_then_each_temperature():
    # A blank line first, so the block never runs into Keras' progress line; the seed's
    # newline is shown as \n, so the seed is one line.
    text = format_sample({"epoch": 3, "seed": "a\nbc", "texts": {"0.2": "def", "1.0": "xyz"}})
    assert text.splitlines() == [
        "", "--- samples after epoch 3, seed: 'a\\nbc'", "T = 0.2: def", "T = 1.0: xyz",
    ]


def test_a_fixed_seed_text_is_continued_after_every_epoch(data, small_text):
    vocab, (x, y), val = data
    seed = small_text[5:5 + x.shape[1]]
    printed = []
    sampler = SampleTextCallback(vocab, small_text, [0.5], length=10, seed_text=seed,
                                 print_every=3, rng=np.random.default_rng(0),
                                 print_fn=printed.append)
    result = train(new_model(vocab), x, y, epochs=4, batch_size=32, sampler=sampler,
                   verbose=0)
    assert [s["epoch"] for s in result["samples"]] == [1, 2, 3, 4]  # all kept ...
    assert printed == [format_sample(result["samples"][2])]  # ... every third printed
    assert {s["seed"] for s in result["samples"]} == {seed}
    with pytest.raises(ValueError, match="print_every must be a whole number"):
        SampleTextCallback(vocab, small_text, [0.5], print_every=0)
    short = SampleTextCallback(vocab, small_text, [0.5], seed_text=seed[:-1])
    with pytest.raises(ValueError, match=f"seed_text has {len(seed) - 1} characters"):
        train(new_model(vocab), x, y, epochs=1, batch_size=32, sampler=short, verbose=0)
    with pytest.raises(ValueError, match="seed_text must be a string"):
        SampleTextCallback(vocab, small_text, [0.5], seed_text=42)


def test_epoch_batches_give_every_window_once_per_epoch_in_a_new_order():
    x = np.arange(103 * 2).reshape(103, 2)
    data, steps = epoch_batches(x, x[:, 0] * 10, 10)
    assert steps == 11
    batches = [(bx.numpy(), by.numpy()) for bx, by in data.take(3 * steps)]
    assert [len(bx) for bx, _ in batches[:steps]] == [10] * 10 + [3]
    epochs = [np.concatenate([bx for bx, _ in batches[i * steps:(i + 1) * steps]])
              for i in range(3)]
    for epoch in epochs:
        assert sorted(epoch[:, 0]) == list(x[:, 0])  # every row once
    assert not np.array_equal(epochs[0], epochs[1]) and not np.array_equal(epochs[1], epochs[2])
    assert all((by == bx[:, 0] * 10).all() for bx, by in batches)  # targets stay with inputs
    ordered, _ = epoch_batches(x, x[:, 0], 10, shuffle=False)
    first = np.concatenate([bx.numpy() for bx, _ in ordered.take(steps)])
    assert np.array_equal(first, x)


def test_validation_loss_is_the_loss_over_the_whole_validation_set(data):
    vocab, (x, y), (x_val, y_val) = data
    model = new_model(vocab)
    result = train(model, x, y, epochs=1, batch_size=16, validation_data=(x_val, y_val),
                   verbose=0, restore_best=False)
    assert len(x_val) % 16  # a partial last batch, which must count once
    expected = model.evaluate(x_val, y_val, batch_size=16, verbose=0)
    assert result["history"]["val_loss"][0] == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("how", ["nan", "blow-up"])
def test_divergence_in_the_first_epoch_goes_back_to_the_initial_weights(data, tmp_path, capsys,
                                                                         how):
    vocab, (x, y), val = data
    model = new_model(vocab, clipnorm=None)
    initial = model.get_weights()
    result = train(model, x, y, epochs=3, batch_size=16, validation_data=val, run_dir=tmp_path,
                   callbacks=[BreakAfter(0, how)], verbose=0)
    assert result["stopped"] == "diverged" and result["epoch"] == 0
    assert "back at its initial weights" in capsys.readouterr().out
    for a, b in zip(model.get_weights(), initial):
        np.testing.assert_array_equal(a, b)
    assert not (tmp_path / "state.json").exists()


def test_a_first_epoch_far_worse_than_guessing_is_divergence(data):
    vocab, (x, y), val = data
    model = new_model(vocab, clipnorm=None, learning_rate=1e6)
    result = train(model, x, y, epochs=2, batch_size=16, validation_data=val, verbose=0)
    assert result["stopped"] == "diverged" and result["stopped_in"] == 1


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"temperatures": [0.5, -1]}, "temperature"), ({"temperatures": []}, "at least one"),
    ({"length": -5}, "length"), ({"every": 0}, "every"), ({"mode": "windw"}, "mode"),
    ({"rng": 42}, "Generator"), ({"text": "ABC"}, "not in the vocabulary"),
])
def test_bad_sampler_settings_fail_before_any_training(data, small_text, kwargs, match):
    vocab = data[0]
    with pytest.raises((ValueError, TypeError), match=match):
        SampleTextCallback(vocab, **{"text": small_text, **kwargs})


def test_a_sampler_text_shorter_than_a_window_fails_before_training(data, tmp_path):
    vocab, (x, y), _ = data
    sampler = SampleTextCallback(vocab, "the fox", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="needs 10 \\+ 1"):
        train(new_model(vocab), x, y, epochs=1, batch_size=16, run_dir=tmp_path,
              sampler=sampler, verbose=0)
    assert not (tmp_path / "state.json").exists()


def test_a_small_wobble_near_zero_loss_is_not_divergence():
    from textgen_utils.run import RunCheckpoint, RunState

    class Model:
        outputs = [type("T", (), {"shape": (None, 30)})()]
        stop_training = False

        def get_weights(self):
            return []

    state = RunState().after_epoch({"loss": 0.05})
    checkpoint = RunCheckpoint(state)
    checkpoint.set_model(Model())
    checkpoint.on_epoch_end(1, {"loss": 0.12})  # more than twice the best, by 0.07 nats
    assert checkpoint.state.stopped is None and checkpoint.state.epoch == 2
    checkpoint.on_epoch_end(2, {"loss": 2.0})  # a blow-up
    assert checkpoint.state.stopped == "diverged"


@pytest.mark.parametrize("bad", ["id too large", "negative id", "other maxlen", "lengths"])
def test_data_the_model_cannot_read_fails_before_training(data, bad):
    vocab, (x, y), val = data
    x, y = x.astype(np.int32), y.astype(np.int32)
    if bad == "id too large":
        x = x.copy()
        x[0, 0] = len(vocab)
    elif bad == "negative id":
        y = y.copy()
        y[3] = -1
    elif bad == "other maxlen":
        x = x[:, 1:]
    else:
        y = y[:-1]
    with pytest.raises(ValueError, match="outside 0|reads windows"):
        train(new_model(vocab), x, y, epochs=1, batch_size=16, verbose=0)
