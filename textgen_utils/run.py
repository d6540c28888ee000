"""The run folder: what a training run keeps on disk so that it can resume.

:func:`textgen_utils.train` with a ``run_dir`` writes three kinds of file there:

``state.json``
    The :class:`RunState`, as a JSON object with the keys ``format`` (2), ``epoch``,
    ``history``, ``samples``, ``best``, ``best_epoch``, ``stopped``, ``stopped_in``,
    ``initial_learning_rate``, ``monitor``, ``model``, ``optimizer_steps``,
    ``last_weights`` and ``pending_best`` (see the class for what each holds).
``epoch-NNN.weights.h5``
    The weights and the optimizer state after epoch NNN. ``last_weights`` names the one
    that goes with the state; older ones are deleted once a newer state is written.
``best.keras``
    The whole model at the best epoch (architecture, weights, vocabulary), for
    ``keras.models.load_model`` and ``python -m textgen_utils generate``.

Saving an epoch is crash-safe: an interrupt or a kill at any moment leaves a folder whose
state, weights and best model agree. The new weights go to a new file, the new best model
to a temporary file, and only then is ``state.json`` replaced (``os.replace`` is atomic):
that is the moment the epoch counts as saved. The temporary best model is moved onto
``best.keras`` afterwards; the state names it in ``pending_best``, so that
:meth:`RunState.load` finishes the move if a kill came first. Files that no state names
(what a kill between two steps leaves) are deleted when the folder is next loaded.

What a run folder guarantees:

- after an interrupt or a kill at any moment, ``state.json``, the weights it names and
  ``best.keras`` belong to the same saved epoch, and the epochs it counts are saved;
- a resume checks what it loads: the state must be whole (else it is called corrupt), the
  weights file must exist, open and hold the step count the state recorded, and the model
  and the choice of best epoch (validation or training loss) must be those the run
  started with; otherwise it stops before any training, saying how to start over;
- a folder with a ``best.keras`` but no state is never trained over;
- while a training runs, ``.lock`` holds its process id, and a second training in the
  same folder is refused (a lock whose process is gone is taken over);
- temporary files get new, unique names (never a file or link already there).

Folders written before this format (``last.weights.h5`` and a ``state.json`` without
``format``) load as well, and are converted when the next epoch is saved.

Keras has callbacks for parts of this, and :func:`~textgen_utils.train` uses
``TerminateOnNaN`` and ``LearningRateScheduler``. ``BackupAndRestore`` is not enough here:
it deletes its backup whenever ``fit`` returns (``train`` calls ``fit`` once per batch size)
and keeps no history or samples; ``ModelCheckpoint`` writes its file in place, so an
interrupt can leave half a file, and cannot keep it in step with the state.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keras

STATE_FILE = "state.json"
BEST_MODEL = "best.keras"
LOCK_FILE = ".lock"
FORMAT = 2
_OLD_WEIGHTS = "last.weights.h5"  # what folders of the first format call their weights


@dataclass
class RunState:
    """Where a training run stands: what ``state.json`` holds.

    Attributes
    ----------
    epoch
        Epochs completed and saved.
    history
        Per-epoch values, e.g. ``{"loss": [...], "val_loss": [...], "learning_rate": [...]}``.
    samples
        The generated samples, ``{"epoch", "seed", "texts"}`` for each epoch that made one.
    best, best_epoch
        The best score (validation loss, else training loss) and its epoch; ``best.keras``
        holds that epoch's model.
    stopped, stopped_in
        Why the last call of ``train`` stopped before its last epoch (``"diverged"`` or
        ``"interrupted"``, else ``None``) and in which epoch.
    initial_learning_rate
        The learning rate a schedule's factors multiply.
    monitor
        What chooses the best epoch: ``"val_loss"``, or ``"loss"`` without validation.
    model
        What the weights fit (:func:`model_signature`): a resume with another model is refused.
    optimizer_steps
        The optimizer's step count after epoch ``epoch``, so that a resume can tell that
        the weights file is the one the state names.
    last_weights, pending_best
        File names in the run folder: the weights of epoch ``epoch``, and a best model still
        to be moved onto ``best.keras``.

    Examples
    --------
    >>> state = RunState()
    >>> state = state.after_epoch({"loss": 2.1, "val_loss": 2.3})
    >>> state.epoch, state.best, state.best_epoch
    (1, 2.3, 1)
    >>> state.after_epoch({"loss": 1.9, "val_loss": 2.4}).best_epoch
    1
    """

    epoch: int = 0
    history: dict[str, list[float]] = field(default_factory=dict)
    samples: list[dict[str, Any]] = field(default_factory=list)
    best: float | None = None
    best_epoch: int | None = None
    stopped: str | None = None
    stopped_in: int | None = None
    initial_learning_rate: float | None = None
    monitor: str | None = None
    model: dict[str, Any] | None = None
    optimizer_steps: int | None = None
    last_weights: str | None = None
    pending_best: str | None = None

    def after_epoch(self, logs: dict[str, float],
                    samples: list[dict[str, Any]] | None = None) -> RunState:
        """The state one epoch later, given that epoch's logs (``loss``, ``val_loss``...)."""
        history = {k: list(v) for k, v in self.history.items()}
        for key, value in logs.items():
            history.setdefault(key, []).append(float(value))
        score = float(logs.get("val_loss", logs["loss"]))
        improved = self.best is None or score < self.best
        return dataclasses.replace(
            self, epoch=self.epoch + 1, history=history,
            samples=list(samples) if samples is not None else self.samples,
            best=score if improved else self.best,
            best_epoch=self.epoch + 1 if improved else self.best_epoch,
            stopped=None, stopped_in=None,
        )

    @property
    def improved(self) -> bool:
        """Whether the last epoch is the best so far."""
        return self.epoch > 0 and self.best_epoch == self.epoch

    def record(self) -> dict[str, Any]:
        """What :func:`~textgen_utils.train` returns: the state without file names."""
        keep = ("epoch", "history", "samples", "best", "best_epoch", "stopped", "stopped_in")
        return {k: getattr(self, k) for k in keep}

    def weights_path(self, run_dir: str | os.PathLike) -> Path:
        """The file with the weights and optimizer state of epoch :attr:`epoch`."""
        if self.last_weights is None:
            raise FileNotFoundError(f"The run in {run_dir} has no saved epoch yet.")
        return Path(run_dir) / self.last_weights

    @classmethod
    def load(cls, run_dir: str | os.PathLike) -> RunState:
        """Read ``run_dir/state.json``, finishing what an interrupted save left undone."""
        run = Path(run_dir)
        path = run / STATE_FILE
        if not path.is_file():
            raise FileNotFoundError(
                f"No {STATE_FILE} in {run}: this folder holds no training run. Give train() "
                "a new or empty run_dir to start one."
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except (ValueError, UnicodeDecodeError) as err:
            raise ValueError(_corrupt(path, err)) from None
        if "format" not in data:  # the first format
            data["last_weights"] = _OLD_WEIGHTS
            data["stopped"] = ("diverged" if "diverged_at" in data
                               else "interrupted" if data.get("interrupted") else None)
            data["stopped_in"] = data.get("diverged_at")
            if data.get("best") == math.inf:
                data["best"] = None
        names = {f.name for f in dataclasses.fields(cls)}
        state = cls(**{k: v for k, v in data.items() if k in names})
        problem = state._problem()
        if problem:
            raise ValueError(_corrupt(path, problem))
        if state.pending_best and (run / state.pending_best).is_file():
            os.replace(run / state.pending_best, run / BEST_MODEL)
        _tidy(run, state)
        return state

    def _problem(self) -> str | None:
        """What makes this state unusable, if anything."""
        if not isinstance(self.epoch, int) or self.epoch < 0:
            return f"epoch is {self.epoch!r}"
        if not isinstance(self.history, dict) or not all(
                isinstance(v, list) and len(v) == self.epoch for v in self.history.values()):
            return f"the history does not hold one value per epoch for {self.epoch} epochs"
        if not isinstance(self.samples, list):
            return "samples is not a list"
        if self.epoch and not isinstance(self.last_weights, str):
            return "it names no weights file"
        if self.best_epoch is not None and not 1 <= self.best_epoch <= self.epoch:
            return f"best_epoch {self.best_epoch!r} is not one of its {self.epoch} epochs"
        return None

    def check_fits(self, model: keras.Model, monitor: str, run_dir: str | os.PathLike) -> None:
        """Refuse to resume this run with another model or another way to pick the best."""
        start_over = (f"Use a new run_dir for a new setup, or delete {run_dir} to start over.")
        if self.model is not None and self.model != model_signature(model):
            raise ValueError(
                f"The run in {run_dir} trained a different model ({_describe(self.model)}) "
                f"than this one ({_describe(model_signature(model))}). {start_over}"
            )
        if self.monitor is not None and self.monitor != monitor:
            given = "validation_data" if monitor == "val_loss" else "no validation_data"
            raise ValueError(
                f"The run in {run_dir} chose its best epoch by {self.monitor}, but this "
                f"call has {given}: resume it as it was started. {start_over}"
            )

    def save(self, run_dir: str | os.PathLike) -> None:
        """Write ``state.json`` atomically: the commit point of saving an epoch."""
        data = {"format": FORMAT, **dataclasses.asdict(self)}
        _atomic(Path(run_dir) / STATE_FILE, lambda p: Path(p).write_text(
            json.dumps(data, ensure_ascii=False), encoding="utf-8"))


def save_epoch(run_dir: str | os.PathLike, state: RunState, model: keras.Model) -> RunState:
    """Save ``model`` as epoch ``state.epoch`` of the run, crash-safe; the state as saved.

    The order is what makes it safe (see the module's docstring): the weights, the best
    model under a temporary name, the state, then the best model in place.
    """
    run = Path(run_dir)
    weights = run / f"epoch-{state.epoch:03d}.weights.h5"
    _atomic(weights, model.save_weights)
    pending = _new_file(run, ".keras") if state.improved else None
    if pending is not None:
        model.save(pending)
    state = dataclasses.replace(state, last_weights=weights.name,
                                pending_best=pending.name if pending else None,
                                optimizer_steps=int(model.optimizer.iterations),
                                model=model_signature(model))
    state.save(run)
    if pending is not None:
        os.replace(pending, run / BEST_MODEL)
    _tidy(run, state)
    return state


def restore_weights(model: keras.Model, path: str | os.PathLike,
                    optimizer_steps: int | None = None) -> None:
    """Load a checkpoint's weights and optimizer state into ``model``.

    ``optimizer_steps``, when given, is the step count the checkpoint must hold.
    """
    path = Path(path)
    start_over = f"Delete {path.parent} to start over."
    if not path.is_file():
        raise FileNotFoundError(f"The checkpoint {path} is missing. {start_over}")
    if not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    try:
        model.load_weights(path)
    except OSError as err:  # h5py: not an HDF5 file, truncated
        raise ValueError(f"The checkpoint {path} is corrupt ({err}). {start_over}") from None
    except Exception as err:
        raise ValueError(
            f"{path} holds a checkpoint of a different model ({err}). Use a new run_dir "
            "for a new model, or delete that folder to start over."
        ) from None
    steps = int(model.optimizer.iterations)
    if optimizer_steps is not None and steps != optimizer_steps:
        raise ValueError(
            f"The checkpoint {path} is from training step {steps}, but the run's state was "
            f"saved at step {optimizer_steps}: they do not belong together. {start_over}"
        )


def model_signature(model: keras.Model) -> dict[str, Any]:
    """What a checkpoint of ``model`` fits: its input shape, vocabulary and weight shapes.

    Examples
    --------
    >>> from textgen_utils import CharVocab, build_model
    >>> model_signature(build_model(CharVocab(("a", "b")), maxlen=3, units=1))["input"]
    [3]
    """
    from .model import vocab_of

    vocab = vocab_of(model)
    return {
        "input": [None if d is None else int(d) for d in model.inputs[0].shape[1:]],
        "vocab": "".join(vocab.chars) if vocab is not None else None,
        "weights": [[int(d) for d in w.shape] for w in model.weights],
    }


def _describe(signature: dict[str, Any]) -> str:
    vocab = signature.get("vocab")
    chars = f"{len(vocab)} characters" if vocab is not None else "one-hot input"
    return f"windows of {signature['input'][0]}, {chars}, weights {signature['weights']}"


def _corrupt(path: Path, why: Any) -> str:
    return (f"{path} is corrupt ({why}). Restore it, or delete {path.parent} to start "
            "the run over.")


def restore_best(model: keras.Model, run_dir: str | os.PathLike) -> None:
    """Set ``model``'s weights to those of the run's best epoch (``best.keras``)."""
    best = keras.models.load_model(Path(run_dir) / BEST_MODEL, compile=False)
    model.set_weights(best.get_weights())


def open_folder(run_dir: str | os.PathLike) -> RunState | None:
    """The state of the run in ``run_dir``, or ``None`` for a new run (the folder is made).

    Refuses a folder that holds a model but no state: training there would overwrite it.
    """
    run = _folder(run_dir)
    if (run / STATE_FILE).exists():
        return RunState.load(run)
    if (run / BEST_MODEL).exists():
        raise FileExistsError(
            f"{run} holds {BEST_MODEL} but no {STATE_FILE}, so its run cannot resume, and "
            "training there would overwrite that model. Move it away, or give another run_dir."
        )
    _tidy(run, RunState())  # what a kill during the first save left
    return None


@contextmanager
def lock(run_dir: str | os.PathLike) -> Iterator[None]:
    """Keep a second training out of ``run_dir`` while this one runs (the folder is made)."""
    path = _folder(run_dir) / LOCK_FILE
    for attempt in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            owner = _lock_owner(path)
            if attempt or (owner is not None and owner != os.getpid() and _alive(owner)):
                raise RuntimeError(
                    f"Another training (process {owner}) is using {run_dir}. Wait for it to "
                    f"finish or give this one another run_dir; if none is running, delete "
                    f"{path}."
                ) from None
            path.unlink(missing_ok=True)  # left by a training that was killed
    with os.fdopen(fd, "w") as f:
        f.write(str(os.getpid()))
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def _folder(run_dir: str | os.PathLike) -> Path:
    run = Path(run_dir)
    if run.exists() and not run.is_dir():
        raise NotADirectoryError(f"run_dir {run} is a file; give a folder for the run.")
    run.mkdir(parents=True, exist_ok=True)
    return run


def _lock_owner(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    if os.name == "nt":  # no safe way to probe a process here: assume it still runs
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _new_file(run: Path, suffix: str) -> Path:
    """A new, empty file in ``run`` with a name no one else has (never a planted link)."""
    fd, name = tempfile.mkstemp(dir=run, prefix=".tmp-", suffix=suffix)
    os.close(fd)
    return Path(name)


def _atomic(path: Path, write: Callable[[str], Any]) -> None:
    """Write ``path`` through a temporary file, so an interrupt never leaves half a file."""
    suffix = ".weights.h5" if path.name.endswith(".weights.h5") else path.suffix
    tmp = _new_file(path.parent, suffix)
    try:
        write(str(tmp))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _tidy(run: Path, state: RunState) -> None:
    """Delete what no state names: older weights and unfinished temporary files."""
    for path in [*run.glob("epoch-*.weights.h5"), run / _OLD_WEIGHTS, *run.glob(".tmp-*")]:
        if path.name != state.last_weights and path.is_file():
            path.unlink()


#: An epoch counts as diverged when its loss exceeds this multiple of the best so far...
DIVERGENCE_FACTOR = 2.0
#: ...and the best by this many nats: a model near zero loss (a small text learnt by heart)
#: may go from 0.05 to 0.12 and back, which is no blow-up.
DIVERGENCE_MARGIN = 0.5


class RunCheckpoint(keras.callbacks.Callback):
    """After each good epoch, advance :attr:`state` and save the epoch.

    With a ``run_dir`` the epoch is saved there (:func:`save_epoch`); without one, the
    last and the best weights are kept in memory. An epoch whose loss is NaN, or more than
    ``DIVERGENCE_FACTOR`` times the best training loss so far (the book's run climbs from
    1.3 to 14.6), is not recorded: training stops, with ``state.stopped == "diverged"``.

    Parameters
    ----------
    state
        Where the run stands before this ``fit``.
    run_dir
        The run folder, or ``None`` to keep everything in memory.
    sampler
        A callback with a ``samples`` list (:class:`~textgen_utils.SampleTextCallback`),
        saved with each epoch; it must run before this callback.
    """

    def __init__(self, state: RunState, run_dir: str | os.PathLike | None = None,
                 sampler: Any = None):
        super().__init__()
        self.state, self.sampler = state, sampler
        self.run_dir = Path(run_dir) if run_dir is not None else None
        self._last_weights: list | None = None
        self._best_weights: list | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = {k: float(v) for k, v in (logs or {}).items()}
        # Before any epoch, the reference is guessing uniformly: ln(vocabulary size).
        uniform = math.log(self.model.outputs[0].shape[-1])
        best_loss = min(self.state.history.get("loss", [uniform]))
        loss = logs.get("loss", 0.0)
        if not all(math.isfinite(v) for v in logs.values()) or (
            loss > DIVERGENCE_FACTOR * best_loss and loss > best_loss + DIVERGENCE_MARGIN
        ):
            self.state = dataclasses.replace(self.state, stopped="diverged",
                                             stopped_in=epoch + 1)
            self.model.stop_training = True
            return
        state = self.state.after_epoch(logs, self.sampler.samples if self.sampler else None)
        if self.run_dir is not None:
            state = save_epoch(self.run_dir, state, self.model)
        else:
            self._last_weights = self.model.get_weights()
            if state.improved:
                self._best_weights = self._last_weights
        self.state = state  # only now: an interrupt while saving keeps the previous state

    def interrupted(self) -> None:
        """Mark the run as interrupted, with the state as it is on disk."""
        if self.run_dir is not None and (self.run_dir / STATE_FILE).exists():
            self.state = RunState.load(self.run_dir)  # the save may have finished
        self.state = dataclasses.replace(self.state, stopped="interrupted",
                                         stopped_in=self.state.epoch + 1)

    def restore_last(self, model: keras.Model) -> None:
        """Put the weights of the last saved epoch back into ``model``."""
        if self.run_dir is not None:
            restore_weights(model, self.state.weights_path(self.run_dir))
        elif self._last_weights is not None:
            model.set_weights(self._last_weights)

    def restore_best(self, model: keras.Model) -> None:
        """Put the weights of the best epoch into ``model``."""
        if self.run_dir is not None:
            restore_best(model, self.run_dir)
        elif self._best_weights is not None:
            model.set_weights(self._best_weights)
