"""Training: the epoch loop, with samples after each epoch and a run that survives.

:func:`train` wraps ``model.fit`` so that a 60-epoch run is safe: after every epoch
the weights and optimizer state are checkpointed in ``run_dir`` (so an interrupted
run, Ctrl-C included, resumes where it stopped), the best weights by validation loss
are kept, and training stops if the loss becomes NaN or diverges.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from .generation import check_model, check_settings, generate_text, window_length
from .run import RunCheckpoint, RunState, lock, open_folder, restore_weights
from .sampling import TEMPERATURES
from .vectorize import CharVocab

#: The lesson's batch size for its first epochs (the book's is 128).
BATCH_SIZE = 256
#: The batch size once the model has learned the basics (from epoch ``SMALL_BATCH_EPOCHS + 1``).
LARGE_BATCH_SIZE = 1024
#: How many epochs run with ``BATCH_SIZE`` at the full learning rate.
SMALL_BATCH_EPOCHS = 3
#: The lesson's number of epochs: its validation loss is at its best by the last one.
LESSON_EPOCHS = 8
#: The learning-rate factor of the last epoch: the decay after the first epochs ends here.
FINAL_FACTOR = 0.1


def lesson_schedule(epoch: int, epochs: int = LESSON_EPOCHS) -> tuple[int, float]:
    """The lesson's batch size and learning-rate factor for ``epoch`` of ``epochs``.

    The first ``SMALL_BATCH_EPOCHS`` epochs use batch 256 at the model's learning rate:
    many small steps are what a fresh model needs. After that, every epoch uses batch 1024
    (fewer, larger steps, which a 2-core CPU computes faster), and the learning rate
    shrinks by the same factor each epoch, from 1 down to ``FINAL_FACTOR`` in the last
    one. The decay spans the run whatever its length: every epoch still changes the
    weights, and the last ones take the small steps that settle the model.

    Parameters
    ----------
    epoch
        The epoch's index, 0 for the first.
    epochs
        How many epochs the run has in all.

    Returns
    -------
    tuple
        ``(batch_size, factor)``: :func:`train` sets the learning rate to ``factor`` times
        the model's initial learning rate.

    Examples
    --------
    >>> [(size, round(factor, 3)) for size, factor in map(lesson_schedule, range(8))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(256, 1.0), (256, 1.0), (256, 1.0), (1024, 0.631), (1024, 0.398), (1024, 0.251),
     (1024, 0.158), (1024, 0.1)]
    """
    if epoch < SMALL_BATCH_EPOCHS:
        return BATCH_SIZE, 1.0
    decaying = max(epochs - SMALL_BATCH_EPOCHS, 1)  # epochs after the small-batch ones
    return LARGE_BATCH_SIZE, FINAL_FACTOR ** ((epoch - SMALL_BATCH_EPOCHS + 1) / decaying)


class SampleTextCallback(keras.callbacks.Callback):
    """After each epoch, continue one random seed at several temperatures.

    All temperatures start from the same seed, so they can be compared; the samples
    are printed like the book's and kept in :attr:`samples` for later display.

    Parameters
    ----------
    vocab
        The model's vocabulary.
    text
        Where seeds are taken from (the lesson uses the corpus).
    temperatures, length
        What to generate: ``length`` characters at each temperature.
    rng
        A :class:`numpy.random.Generator` for the seeds and the sampling.
    seed_text
        Continue this text after every epoch instead of a random window of ``text``,
        so that the epochs' samples can be compared (it needs at least the model's
        ``maxlen`` characters).
    every
        Generate after every ``every``-th epoch.
    print_fn
        Where the samples are written; ``None`` keeps them quiet.
    print_every
        Print only the samples of every ``print_every``-th epoch (all are kept in
        :attr:`samples`): a short log, with every epoch still there to compare.

    Examples
    --------
    >>> sampler = SampleTextCallback(vocab, text, rng=np.random.default_rng(1))  # doctest: +SKIP
    >>> model.fit(x, y, epochs=3, callbacks=[sampler])                            # doctest: +SKIP
    >>> sampler.samples[-1]["texts"]["0.5"]                                        # doctest: +SKIP
    """

    def __init__(
        self,
        vocab: CharVocab,
        text: str,
        temperatures: Sequence[float] = TEMPERATURES,
        length: int = 400,
        rng: np.random.Generator | None = None,
        every: int = 1,
        print_fn: Callable[[str], Any] | None = print,
        mode: str = "window",
        seed_text: str | None = None,
        print_every: int = 1,
    ):
        super().__init__()
        # Checked here, so that a bad setting fails now and not after an epoch of training.
        self.temperatures = check_settings(temperatures, length, mode, rng)
        for name, value in (("every", every), ("print_every", print_every)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"{name} must be a whole number >= 1, got {value!r}.")
        vocab.encode(text)  # raises ValueError naming characters the vocabulary lacks
        if seed_text is not None:
            if not isinstance(seed_text, str):
                raise ValueError(f"seed_text must be a string, got {seed_text!r}.")
            vocab.encode(seed_text)
        self.vocab, self.text, self.seed_text = vocab, text, seed_text
        self.length, self.every, self.print_fn, self.mode = length, every, print_fn, mode
        self.print_every = print_every
        self.rng = rng if rng is not None else np.random.default_rng()
        self.samples: list[dict[str, Any]] = []

    def check_model(self, model: keras.Model) -> None:
        """Raise ``ValueError`` now if this sampler cannot generate with ``model``."""
        maxlen = window_length(model)
        if self.seed_text is not None and len(self.seed_text) < maxlen:
            raise ValueError(
                f"seed_text has {len(self.seed_text)} characters, but the model reads "
                f"{maxlen}: give it at least {maxlen} (e.g. a window of the corpus)."
            )
        if len(self.text) <= maxlen:
            raise ValueError(
                f"The sampler's text has {len(self.text)} characters, but a seed needs "
                f"{maxlen} + 1: give it a longer text (the lesson gives the corpus)."
            )
        check_model(model, self.vocab, mode=self.mode)  # ValueError if it cannot

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if (epoch + 1) % self.every or not math.isfinite((logs or {}).get("loss", 0.0)):
            return
        self.samples.append(self.generate(epoch + 1))
        if self.print_fn is not None and (epoch + 1) % self.print_every == 0:
            self.print_fn(format_sample(self.samples[-1]))

    def generate(self, epoch: int) -> dict[str, Any]:
        """One seed, continued at every temperature: ``{"epoch", "seed", "texts"}``."""
        maxlen = window_length(self.model)
        if self.seed_text is not None:
            seed = self.seed_text
        else:
            start = int(self.rng.integers(0, len(self.text) - maxlen))
            seed = self.text[start : start + maxlen]
        texts = generate_text(
            self.model, self.vocab, seed, self.length, self.temperatures, self.rng,
            mode=self.mode,
        )
        texts = dict(zip(map(str, self.temperatures), texts))
        return {"epoch": epoch, "seed": seed, "texts": texts}


def format_sample(sample: dict[str, Any]) -> str:
    r"""One epoch's samples as text: the seed once, then what each temperature wrote.

    Examples
    --------
    >>> print(format_sample({"epoch": 2, "seed": "the will\nto", "texts": {"0.5": " power"}}))
    <BLANKLINE>
    --- samples after epoch 2, seed: 'the will\nto'
    T = 0.5:  power
    """
    lines = ["", f'--- samples after epoch {sample["epoch"]}, seed: {sample["seed"]!r}']
    for temperature, text in sample["texts"].items():
        lines.append(f"T = {temperature}: {text}")
    return "\n".join(lines)


class _StopAfter(keras.callbacks.Callback):
    """Stop ``model.fit`` after epoch ``end`` (counted from 1)."""

    def __init__(self, end: int):
        super().__init__()
        self.end = end

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if epoch + 1 >= self.end:
            self.model.stop_training = True


def epoch_batches(
    x: np.ndarray, y: np.ndarray, batch_size: int, shuffle: bool = True
) -> tuple[tf.data.Dataset, int]:
    """``(x, y)`` as an endless stream of batches, and how many batches make one epoch.

    Each pass over the data (one epoch) comes in a new random order when ``shuffle`` is
    true; its last batch holds what is left over, so an epoch sees every window once.
    :func:`train` gives ``model.fit`` this stream with ``steps_per_epoch``, and Keras
    then reads every epoch from one iterator. Given the arrays themselves, Keras makes a
    new iterator for each epoch, and dropping the old one can stall the next epoch's
    start (measured in ``benchmarks/HISTORY.md``).

    Parameters
    ----------
    x, y
        Inputs and targets, with one row per example.
    batch_size
        Examples per batch.
    shuffle
        Reshuffle at the start of every epoch (for training; not for validation).

    Returns
    -------
    tuple
        ``(dataset, steps)``: the batches, and the number of batches in one epoch.

    Examples
    --------
    >>> data, steps = epoch_batches(np.arange(10), np.arange(10), 4, shuffle=False)
    >>> steps, [len(b[0]) for b in data.take(4)]
    (3, [4, 4, 2, 4])
    """
    data = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle:
        data = data.shuffle(len(x), reshuffle_each_iteration=True)
    steps = -(-len(x) // batch_size)
    # A fixed prefetch of 2 batches, so tf.data's autotuning (and its thread) is not needed.
    options = tf.data.Options()
    options.autotune.enabled = False
    return data.batch(batch_size).repeat().prefetch(2).with_options(options), steps


def train(
    model: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int = LESSON_EPOCHS,
    batch_size: int | None = None,
    schedule: Callable[[int], tuple[int, float]] | None = None,
    validation_data: tuple[np.ndarray, np.ndarray] | None = None,
    run_dir: str | os.PathLike | None = None,
    sampler: SampleTextCallback | None = None,
    callbacks: Sequence[keras.callbacks.Callback] = (),
    restore_best: bool = True,
    verbose: int | str = "auto",
) -> dict[str, Any]:
    """Train ``model`` for ``epochs`` epochs, checkpointing into ``run_dir``.

    Calling it again with the same ``run_dir`` resumes after the last completed epoch
    (weights, optimizer state, history and samples), and returns at once when the run
    is already complete. Ctrl-C stops training cleanly: the completed epochs are kept,
    the model holds the last checkpoint, and the next call continues.
    :mod:`textgen_utils.run` describes what the folder holds.

    Parameters
    ----------
    model
        A compiled model, such as :func:`build_model` returns.
    x, y
        Training inputs and targets.
    epochs
        The total number of epochs, including resumed ones.
    batch_size
        Train every epoch with this batch size at the optimizer's own learning rate (the
        book's way, with its 128).
    schedule
        A function from the epoch's index to ``(batch_size, factor)``: that epoch trains
        with that batch size at ``factor`` times the initial learning rate. Without
        ``batch_size`` or ``schedule``, :func:`lesson_schedule` spread over ``epochs``.
    validation_data
        ``(x_val, y_val)``; the best weights are chosen by validation loss when given.
    run_dir
        A folder for checkpoints; ``None`` keeps everything in memory (no resuming
        after a restart).
    sampler
        A :class:`SampleTextCallback`; its samples are saved and restored with the run.
    callbacks
        More Keras callbacks for ``model.fit``.
    restore_best
        Load the best weights into ``model`` when training ends.

    Returns
    -------
    dict
        ``history`` (per-epoch ``loss``, ``val_loss`` and, with a schedule,
        ``learning_rate``), ``epoch`` (completed epochs), ``best`` and ``best_epoch``,
        ``samples``, and ``stopped`` (``"diverged"`` or ``"interrupted"`` when training
        stopped early, else ``None``) with ``stopped_in``, the epoch it stopped in.

    Examples
    --------
    >>> result = train(model, x, y, epochs=8, validation_data=(x_val, y_val),
    ...                run_dir="runs/nietzsche", sampler=sampler)  # doctest: +SKIP
    """
    if batch_size is not None and schedule is not None:
        raise ValueError("Give train() a batch_size or a schedule, not both.")
    if batch_size is None and schedule is None:
        schedule = functools.partial(lesson_schedule, epochs=epochs)
    run = Path(run_dir) if run_dir is not None else None
    with lock(run) if run is not None else nullcontext():
        return _train(model, x, y, epochs, batch_size, schedule, validation_data, run,
                      sampler, callbacks, restore_best, verbose)


def _train(model, x, y, epochs, batch_size, schedule, validation_data, run, sampler,
           callbacks, restore_best, verbose) -> dict[str, Any]:
    """:func:`train`, once its arguments are checked and the run folder is locked."""
    monitor = "val_loss" if validation_data is not None else "loss"
    _check_data(model, x, y, validation_data)
    if sampler is not None:
        sampler.check_model(model)
    state = _open_run(run, model, epochs, monitor, schedule)
    if sampler is not None:
        sampler.samples = list(state.samples)
    initial_weights = model.get_weights() if state.epoch == 0 else None

    checkpoint = RunCheckpoint(state, run, sampler)
    fit_callbacks = [keras.callbacks.TerminateOnNaN(), *callbacks]
    if schedule is not None:
        # The initial rate is kept in the state: on resume the optimizer holds the last
        # epoch's (already reduced) rate.
        base = checkpoint.state.initial_learning_rate
        fit_callbacks.insert(0, keras.callbacks.LearningRateScheduler(
            lambda epoch, lr: base * float(schedule(epoch)[1])))
    fit_callbacks += [sampler] if sampler is not None else []
    fit_callbacks.append(checkpoint)

    try:
        # One model.fit per stretch of epochs with the same batch size; each stops itself
        # at its last epoch, so that Keras still counts "Epoch 4/60".
        for start, end, size in _stretches(schedule, batch_size, state.epoch, epochs):
            batches, steps = epoch_batches(x, y, size)
            val, val_steps = (epoch_batches(*validation_data, size, shuffle=False)
                              if validation_data is not None else (None, None))
            model.fit(
                batches, steps_per_epoch=steps, epochs=epochs, initial_epoch=start,
                validation_data=val, validation_steps=val_steps,
                shuffle=False,  # the stream shuffles itself; Keras would warn
                callbacks=[*fit_callbacks, _StopAfter(end)], verbose=verbose,
            )
            if checkpoint.state.epoch < end:  # stopped early: NaN or divergence
                break
    except KeyboardInterrupt:
        checkpoint.interrupted()
    state = checkpoint.state

    if state.stopped:
        _report_stop(state, epochs, run)
        if state.epoch:
            checkpoint.restore_last(model)
        elif state.stopped == "diverged":
            model.set_weights(initial_weights)
    if restore_best and state.best_epoch:
        checkpoint.restore_best(model)
    return state.record()


def _check_data(model: keras.Model, x, y, validation_data) -> None:
    """Windows of the model's length, and character ids the model knows (else a clear error).

    An id outside the vocabulary would otherwise train silently as an all-zero one-hot.
    """
    shape = tuple(model.inputs[0].shape[1:])
    depth = model.outputs[0].shape[-1]
    ids = len(shape) == 1
    for name, (xs, ys) in [("x, y", (x, y)), *(
            [("validation_data", validation_data)] if validation_data is not None else [])]:
        xs, ys = np.asarray(xs), np.asarray(ys)
        fits = len(xs.shape[1:]) == len(shape) and all(
            want is None or got == want for got, want in zip(xs.shape[1:], shape))
        if not fits or len(xs) != len(ys) or not len(xs):
            raise ValueError(
                f"{name}: inputs of shape {xs.shape} and {len(ys)} targets, but the model "
                f"reads windows of shape {shape}: make them with make_windows(text, vocab, "
                f"maxlen={shape[0] or 60}) (or make_shifted_sequences for a model that "
                "predicts after every position).")
        checked = [xs, ys] if ids else [ys] if ys.ndim == 1 else []
        if any(a.size and (a.min() < 0 or a.max() >= depth) for a in checked):
            raise ValueError(
                f"{name} holds character ids outside 0..{depth - 1}, the model's vocabulary: "
                "make them with the vocabulary the model was built with.")


def _open_run(run: Path | None, model: keras.Model, epochs: int, monitor: str,
              schedule: Callable | None) -> RunState:
    """The run's state from ``run`` (restoring the model's weights into it), else a new one."""
    rate = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
    fresh = int(model.optimizer.iterations) == 0  # a new model: its rate is what was asked
    state = (open_folder(run) if run is not None else None) or RunState()
    if state.epoch:
        state.check_fits(model, monitor, run)
        restore_weights(model, state.weights_path(run), state.optimizer_steps)
        if state.epoch >= epochs:
            print(f"The run in {run} is complete ({state.epoch} epochs): loading it, "
                  "not training. Use another run_dir to train from scratch.")
        else:
            print(f"Resuming the run in {run}: {state.epoch} of {epochs} epochs done.")
        if fresh and state.initial_learning_rate is not None and not math.isclose(
                rate, state.initial_learning_rate, rel_tol=1e-6):
            print(f"The model's learning rate is {rate:g}; the run started with "
                  f"{state.initial_learning_rate:g}. Training continues with {rate:g}.")
            state = dataclasses.replace(state, initial_learning_rate=rate)
        if fresh and schedule is None:
            model.optimizer.learning_rate.assign(rate)
    if state.initial_learning_rate is None:
        state = dataclasses.replace(state, initial_learning_rate=rate)
    return dataclasses.replace(state, monitor=state.monitor or monitor, stopped=None,
                               stopped_in=None)


def _stretches(schedule, batch_size, start: int, epochs: int):
    """``(first, end, batch_size)`` for each stretch of epochs that share a batch size."""
    size_of = (lambda epoch: batch_size) if schedule is None else (lambda e: schedule(e)[0])
    while start < epochs:
        end = start + 1
        while end < epochs and size_of(end) == size_of(start):
            end += 1
        yield start, end, size_of(start)
        start = end


def _report_stop(state: RunState, epochs: int, run: Path | None) -> None:
    if state.stopped == "diverged":
        back = ("the last good epoch" if state.epoch
                else "its initial weights (no epoch trained well)")
        print(
            f"Training stopped in epoch {state.stopped_in}: the loss became NaN or "
            f"jumped far above its best (the run diverged). The model is back at {back}. "
            "Lower the learning rate, or keep gradient clipping on (build_model's clipnorm)."
        )
    elif state.epoch == 0:
        print("\nInterrupted before the first epoch finished: nothing was saved yet.")
    else:
        print(
            f"\nInterrupted. {state.epoch} of {epochs} epochs are complete"
            + (f" and saved in {run}; run this again to resume." if run else ".")
        )

