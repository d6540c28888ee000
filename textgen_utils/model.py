"""The model: the book's LSTM(128) + Dense(softmax), compiled with Keras 3."""

from __future__ import annotations

import json
import os
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from .vectorize import CharVocab

#: Gradient-norm clip used by default; see :func:`build_model` for why it is there.
DEFAULT_CLIPNORM = 1.0
#: The lesson's model trained on the corpus by the lesson, shipped with the package: its
#: weights as plain arrays, which every Keras 3 reads (a ``.keras`` file loads only on the
#: Keras that wrote it or a newer one), built in code by :func:`load_pretrained`.
PRETRAINED_PATH = Path(__file__).parent / "pretrained" / "nietzsche_lstm.npz"
#: How to build it (its configuration and vocabulary, under ``"config"``) and that training
#: run's history and samples (what :func:`textgen_utils.train` returned).
PRETRAINED_RUN_PATH = PRETRAINED_PATH.with_suffix(".json")
#: The every-position model (:func:`build_sequence_model`): its weights, as plain arrays...
SEQUENCE_WEIGHTS_PATH = PRETRAINED_PATH.parent / "nietzsche_every_position.npz"
#: ... and how to build it (its configuration and vocabulary) with the run's record.
SEQUENCE_RECORD_PATH = SEQUENCE_WEIGHTS_PATH.with_suffix(".json")


@keras.saving.register_keras_serializable(package="textgen_utils")
class CharOneHot(layers.Layer):
    """One-hot encode integer character ids inside the model.

    The model then reads windows of ids (60 bytes each) instead of one-hot matrices
    (60 x 57 values each), and the layer stores the vocabulary so that a saved model
    file is all that :func:`textgen_utils.generate_text` needs.

    Examples
    --------
    >>> import numpy as np
    >>> CharOneHot(("a", "b", "c"))(np.array([[2, 0]])).numpy().tolist()
    [[[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]]
    """

    def __init__(self, chars: tuple[str, ...] | list[str], **kwargs: Any):
        super().__init__(**kwargs)
        self.chars = tuple(chars)
        self.depth = len(self.chars)

    def call(self, ids):
        return keras.ops.one_hot(keras.ops.cast(ids, "int32"), self.depth)

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.depth)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "chars": list(self.chars)}


@keras.saving.register_keras_serializable(package="textgen_utils")
class SplitBatchModel(keras.Model):
    """A functional model that trains and validates each batch as two halves, one per core.

    Only *how* a batch is computed changes: in a training step and in an evaluation step
    (the validation after each epoch), ``call`` runs the model's layers on the first and
    on the second half of the batch and joins the two outputs, so the loss, the gradients
    and the weights are the ones the whole batch gives (to float rounding). The two
    halves do not depend on each other, so TensorFlow can run them side by side; on a
    small CPU, :func:`configure_threads` gives it the threads for that. Calling the model,
    ``predict`` and generation see the ordinary model. What it gains is measured in
    ``benchmarks/README.md``.

    Examples
    --------
    >>> import numpy as np
    >>> inputs = keras.Input(shape=(3,))
    >>> model = SplitBatchModel(inputs, layers.Dense(2)(inputs))
    >>> tuple(model(np.ones((5, 3)), training=True).shape)
    (5, 2)
    """

    #: Parts a training or validation batch is cut into (1 computes it whole).
    train_parts = 2
    _evaluating = False  # true while Keras traces an evaluation (validation) step

    def test_step(self, data):
        self._evaluating = True
        try:
            return super().test_step(data)
        finally:
            self._evaluating = False

    def call(self, inputs, training=None, mask=None, **kwargs):
        known = inputs.shape[0]  # None when batches of several sizes share one graph
        if (not (training or self._evaluating) or self.train_parts < 2
                or (known is not None and known < self.train_parts)):
            return super().call(inputs, training=training, mask=mask, **kwargs)
        size = keras.ops.shape(inputs)[0]
        cuts = [size * i // self.train_parts for i in range(self.train_parts + 1)]
        parts = [
            super(SplitBatchModel, self).call(inputs[a:b], training=training, mask=mask,
                                              **kwargs)
            for a, b in zip(cuts, cuts[1:])
        ]
        return keras.ops.concatenate(parts, axis=0)


# Model files written by version 0.1.0 of the package name the class "CharLSTM".
keras.saving.get_custom_objects()["textgen_utils>CharLSTM"] = SplitBatchModel


def configure_threads() -> dict[str, int] | None:
    """Give TensorFlow the threads that suit :class:`SplitBatchModel` on a small CPU.

    On a machine with one or two cores and no GPU, TensorFlow then uses one thread per
    operation and runs two operations at a time, so that the two halves of a batch run
    side by side. Anywhere else it changes nothing, and neither does it when you have
    set ``TF_NUM_INTRAOP_THREADS`` or ``TF_NUM_INTEROP_THREADS`` yourself.

    The setting holds for everything TensorFlow runs in this Python process, so it is
    an explicit call: ``python -m textgen_utils train`` and the lesson's setup cell make
    it. Call it before TensorFlow computes anything (right after the imports).

    Returns
    -------
    dict or None
        ``{"intra_op": 1, "inter_op": 2}`` when it set them, else ``None``.

    Examples
    --------
    >>> configure_threads()  # doctest: +SKIP
    {'intra_op': 1, 'inter_op': 2}
    """
    if ((os.cpu_count() or 1) > 2 or tf.config.list_physical_devices("GPU")
            or os.environ.get("TF_NUM_INTRAOP_THREADS")
            or os.environ.get("TF_NUM_INTEROP_THREADS")):
        return None
    try:
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(2)
    except RuntimeError:
        raise RuntimeError(
            "configure_threads() must run before TensorFlow computes anything, and "
            "TensorFlow has already started with other threads. Call it right after "
            "the imports (in a notebook: restart the kernel, then run the cells in order)."
        ) from None
    return {"intra_op": 1, "inter_op": 2}


def _require_vocab(vocab: Any, who: str) -> None:
    if not isinstance(vocab, CharVocab):
        raise TypeError(f"{who} takes a CharVocab, got {type(vocab).__name__}: build one "
                        "with CharVocab.from_text(text).")


def device_config(device: str = "auto", *, gpus: int | None = None,
                  cores: int | None = None) -> dict[str, Any]:
    """How :func:`build_model` computes the lesson's model on ``device``.

    * ``"gpu"``: the LSTM rolled (``unroll=False``), the form for which Keras uses the
      fast cuDNN kernel, and whole batches (``train_parts=1``): a GPU computes a whole
      batch at once, so halves would only add work.
    * ``"cpu"``: the LSTM unrolled, which trained faster on the 2-core CPU we measured
      on, and each batch in two halves when there are at least two cores, which then run
      side by side (``benchmarks/README.md``). On one core nothing runs side by side, so
      batches stay whole.
    * ``"auto"``: ``"gpu"`` when TensorFlow sees a GPU, else ``"cpu"``.

    ``gpus`` and ``cores`` replace what this machine has (for tests and for planning).

    Examples
    --------
    >>> device_config("auto", gpus=1, cores=2)
    {'device': 'gpu', 'unroll': False, 'train_parts': 1}
    >>> device_config("cpu", cores=2)
    {'device': 'cpu', 'unroll': True, 'train_parts': 2}
    """
    if device not in ("auto", "cpu", "gpu"):
        raise ValueError(f"device must be 'auto', 'cpu' or 'gpu', got {device!r}.")
    if device == "auto":
        if gpus is None:
            gpus = len(tf.config.list_physical_devices("GPU"))
        device = "gpu" if gpus else "cpu"
    if device == "gpu":
        return {"device": "gpu", "unroll": False, "train_parts": 1}
    cores = cores if cores is not None else (os.cpu_count() or 1)
    return {"device": "cpu", "unroll": True, "train_parts": 2 if cores >= 2 else 1}


def build_model(
    vocab: CharVocab,
    maxlen: int = 60,
    units: int = 128,
    learning_rate: float = 0.01,
    *,
    clipnorm: float | None = DEFAULT_CLIPNORM,
    input_mode: str = "ids",
    device: str = "auto",
    unroll: bool | None = None,
    strategy: Any = None,
) -> SplitBatchModel:
    """The lesson's model: ``LSTM(units)`` then ``Dense(len(vocab), softmax)``.

    Compiled with RMSprop at ``learning_rate`` and cross-entropy, like the book, with
    two differences that change speed and stability but not what the model is:

    * ``input_mode="ids"`` (default) reads integer windows from
      :func:`~textgen_utils.make_windows` and one-hot encodes them inside the model
      (:class:`CharOneHot`, which also saves the vocabulary with the model), so the loss
      is the sparse form of categorical cross-entropy: the same number, without one-hot
      targets. ``input_mode="one_hot"`` is the book's input, the arrays from
      :func:`~textgen_utils.vectorize`.
    * ``clipnorm`` caps the norm of each weight's gradient before RMSprop uses it, so
      one unusually large gradient cannot throw the weights away (the book's published
      run blows up in its last epochs). ``benchmarks/README.md`` measures when it acts.
      ``None`` turns it off.

    ``device`` chooses how the model is computed, not what it is
    (:func:`device_config`): on a GPU the LSTM stays rolled so that Keras can use
    cuDNN, on a CPU it is unrolled into one graph of 60 steps and batches train in two
    halves. ``"auto"`` (default) looks at the devices TensorFlow sees. ``unroll`` overrides
    the device's choice. Parameters: ``4 * units * (vocab + units + 1) + (units + 1) *
    vocab``, 102,585 for the lesson, whatever the device.

    Parameters
    ----------
    vocab
        The characters the model reads and predicts (:meth:`CharVocab.from_text`).
    strategy
        A ``tf.distribute`` strategy (e.g. ``MirroredStrategy`` for several GPUs);
        the model and its optimizer are created in its scope.

    Examples
    --------
    >>> vocab = CharVocab(tuple(map(chr, range(40, 97))))  # 57 characters, as the lesson's
    >>> build_model(vocab).count_params()
    102585
    """
    _require_vocab(vocab, "build_model")
    if input_mode not in ("ids", "one_hot"):
        raise ValueError(f"input_mode must be 'ids' or 'one_hot', got {input_mode!r}.")
    if len(vocab) < 2 or maxlen < 1 or units < 1:
        raise ValueError("The vocabulary needs >= 2 characters, maxlen and units >= 1.")
    config = device_config(device)
    unroll = config["unroll"] if unroll is None else unroll
    with strategy.scope() if strategy is not None else nullcontext():
        if input_mode == "ids":
            # The dtype make_windows gives: one byte per id while the ids fit in one.
            dtype = "uint8" if len(vocab) <= 256 else "int32"
            inputs = keras.Input(shape=(maxlen,), dtype=dtype, name="char_ids")
            x = CharOneHot(vocab.chars, name="one_hot")(inputs)
        else:
            inputs = keras.Input(shape=(maxlen, len(vocab)), name="one_hot_chars")
            x = inputs
        x = layers.LSTM(units, unroll=unroll, name="lstm")(x)
        outputs = layers.Dense(len(vocab), activation="softmax", name="next_char")(x)
        model = SplitBatchModel(inputs, outputs, name="char_lstm")
        model.train_parts = config["train_parts"]
        compile_model(model, learning_rate, clipnorm=clipnorm)
    return model


def for_device(model: SplitBatchModel, device: str = "auto") -> SplitBatchModel:
    """``model`` rebuilt with the computation that suits ``device``, with the same weights.

    A model trained on a GPU (rolled LSTM, whole batches) then runs in the CPU's form, and
    the reverse; :func:`load_model` does this for every file it loads. The weights, and so
    the predictions, do not change. A model whose LSTM reads inputs of any length stays
    rolled.

    Examples
    --------
    >>> model = build_model(CharVocab(("a", "b")), maxlen=3, units=2, device="gpu")
    >>> for_device(model, "cpu").get_layer("lstm").unroll
    True
    """
    config = device_config(device)
    fixed = model.inputs[0].shape[1] is not None
    arch = model.get_config()
    for layer in arch["layers"]:
        if layer["class_name"] == "LSTM":
            layer["config"]["unroll"] = config["unroll"] and fixed
    rebuilt = type(model).from_config(arch)
    rebuilt.set_weights(model.get_weights())
    rebuilt.train_parts = config["train_parts"] if not isinstance(model, SequenceModel) \
        else model.train_parts
    return rebuilt


@keras.saving.register_keras_serializable(package="textgen_utils")
class SequenceModel(SplitBatchModel):
    """A model that predicts the next character after *every* position of its input.

    It is trained on sequences with the targets shifted by one (``y[:, t]`` is the
    character after ``x[:, t]``, as :func:`~textgen_utils.make_shifted_sequences` makes
    them), so each sequence of 100 characters gives 100 targets instead of one. Given
    one target per window, shape ``(windows,)``, as :func:`~textgen_utils.make_windows`
    makes them, its loss is the loss of its prediction after the window's last character:
    the book's model's validation targets, so the two models are scored on the same
    characters.

    Examples
    --------
    >>> import numpy as np
    >>> vocab = CharVocab(("a", "b"))
    >>> model = build_sequence_model(vocab, units=4)
    >>> tuple(model(np.zeros((3, 7), "uint8")).shape)  # a distribution per position
    (3, 7, 2)
    """

    train_parts = 1

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        def loss(target, pred):
            return super(SequenceModel, self).compute_loss(x, target, pred, sample_weight,
                                                           training=training)

        if y is None or len(y_pred.shape) != 3:
            return loss(y, y_pred)
        rank = y.shape.rank if hasattr(y.shape, "rank") else len(y.shape)
        if rank is None:  # not known while Keras traces the step: decide when it runs
            return tf.cond(
                tf.equal(tf.rank(y), 1),
                lambda: loss(tf.reshape(y, [-1]), y_pred[:, -1]),
                lambda: loss(tf.reshape(y, tf.shape(y_pred)[:2]), y_pred))
        # One target per window: the prediction after the window's last character.
        return loss(y, y_pred[:, -1] if rank == 1 else y_pred)


def build_sequence_model(
    vocab: CharVocab,
    units: int = 128,
    learning_rate: float = 3e-3,
    *,
    layers_count: int = 1,
    dropout: float = 0.0,
    clipnorm: float | None = DEFAULT_CLIPNORM,
    optimizer: str = "adam",
    seq_len: int | None = None,
    unroll: bool = False,
    train_parts: int = 1,
) -> SequenceModel:
    """The lesson's network, trained to predict the next character at every position.

    The same layers as :func:`build_model` (``CharOneHot``, ``LSTM(units)``, a softmax
    ``Dense``) with ``return_sequences=True``: the LSTM's output after each character
    goes through the softmax layer, and the input may have any length. With the defaults
    it has exactly the parameters of the lesson's model (102,585 for 57 characters).
    ``layers_count`` stacks more LSTM layers and ``dropout`` drops that share of each
    LSTM's outputs while training. Compiled with Adam (or ``optimizer="rmsprop"``) at
    ``learning_rate``, gradient clipping and sparse cross-entropy.

    By default the input may have any length. ``seq_len`` fixes it, which lets
    ``unroll=True`` unroll the LSTM, and ``train_parts=2`` trains each batch as two
    halves as :class:`SplitBatchModel` does; the weights are the same whatever these
    are, so a model trained one way can be copied into another
    (``other.set_weights(model.get_weights())``).

    Examples
    --------
    >>> vocab = CharVocab(tuple(map(chr, range(40, 97))))  # 57 characters
    >>> build_sequence_model(vocab).count_params()
    102585
    """
    _require_vocab(vocab, "build_sequence_model")
    if len(vocab) < 2 or units < 1 or layers_count < 1 or not 0 <= dropout < 1:
        raise ValueError("The vocabulary needs >= 2 characters, units and layers_count "
                         ">= 1, and dropout must be in [0, 1).")
    if unroll and seq_len is None:
        raise ValueError("unroll=True needs a fixed seq_len.")
    dtype = "uint8" if len(vocab) <= 256 else "int32"
    inputs = keras.Input(shape=(seq_len,), dtype=dtype, name="char_ids")
    x = CharOneHot(vocab.chars, name="one_hot")(inputs)
    for i in range(layers_count):
        x = layers.LSTM(units, return_sequences=True, unroll=unroll,
                        name="lstm" if i == 0 else f"lstm_{i}")(x)
        if dropout:
            x = layers.Dropout(dropout, name=f"dropout_{i}" if i else "dropout")(x)
    outputs = layers.Dense(len(vocab), activation="softmax", name="next_char")(x)
    model = SequenceModel(inputs, outputs, name="char_lstm_every_position")
    model.train_parts = train_parts
    compile_model(model, learning_rate, clipnorm=clipnorm, optimizer=optimizer)
    return model


def compile_model(model: keras.Model, learning_rate: float = 0.01, *,
                  clipnorm: float | None = DEFAULT_CLIPNORM,
                  optimizer: str = "rmsprop") -> keras.Model:
    """Compile ``model`` as :func:`build_model` does: RMSprop, clipping, cross-entropy.

    The loss is the sparse form when the model reads character ids, the one-hot form
    when it reads one-hot vectors (``input_mode="one_hot"``). ``optimizer="adam"`` is
    what :func:`build_sequence_model` uses.
    """
    optimizers = {"rmsprop": keras.optimizers.RMSprop, "adam": keras.optimizers.Adam}
    if optimizer not in optimizers:
        raise ValueError(f"optimizer must be 'rmsprop' or 'adam', got {optimizer!r}.")
    sparse = len(model.inputs[0].shape) == 2  # (batch, maxlen) of ids
    model.compile(
        optimizer=optimizers[optimizer](learning_rate=learning_rate, clipnorm=clipnorm),
        loss="sparse_categorical_crossentropy" if sparse else "categorical_crossentropy",
    )
    return model


def vocab_of(model: keras.Model) -> CharVocab | None:
    """The vocabulary saved in a model that reads character ids, else ``None``."""
    for layer in model.layers:
        if isinstance(layer, CharOneHot):
            return CharVocab(layer.chars)
    return None


def load_model(path: str | Path, device: str = "auto") -> tuple[SplitBatchModel, CharVocab]:
    """A model file written by :func:`train` (``best.keras``) and its vocabulary, compiled.

    The model comes back in the form that suits ``device`` (:func:`for_device`), whatever
    machine trained it. Raises ``FileNotFoundError`` when there is no such file and
    ``ValueError`` when the model does not record its vocabulary.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No model file at {path}.")
    try:
        model = keras.models.load_model(path, compile=False)
    except Exception as err:  # not a zip, not a Keras model, a truncated file...
        raise ValueError(
            f"{path} is not a model file Keras can read: it is corrupt or of another kind "
            f"({type(err).__name__}: {err})."
        ) from None
    if not isinstance(model, SplitBatchModel):  # e.g. saved as a plain functional model
        model = SplitBatchModel(model.inputs, model.outputs, name=model.name)
    if not isinstance(model, SequenceModel):  # computed as suits this machine
        model = for_device(model, device)
    vocab = vocab_of(model)
    if vocab is None:
        raise ValueError(
            f"{path} does not record its vocabulary (no CharOneHot layer): save models "
            "made by build_model(CharVocab.from_text(text)) or `python -m textgen_utils "
            "train`."
        )
    if isinstance(model, SequenceModel):
        return compile_model(model, 3e-3, optimizer="adam"), vocab
    return compile_model(model), vocab


def load_pretrained(path: str | Path | None = None, *,
                    kind: str = "lesson") -> tuple[SplitBatchModel, CharVocab]:
    """The lesson's model, already trained on the Nietzsche corpus, and its vocabulary.

    ``kind="every_position"`` returns instead the network trained to predict after every
    position (:func:`build_sequence_model`), built in code from its shipped weights and
    configuration; ``pretrained_run("every_position")`` has its record.

    It is the best epoch of the English lesson notebook's full run: 8 epochs with the
    lesson's defaults (RMSprop 0.01 with gradient clipping, :func:`lesson_schedule`), with
    the last 10% of the corpus held out; ``pretrained/README.md`` beside this module
    records the run and its validation loss. It ships as weights and configuration
    (:func:`save_pretrained`) and is built here by :func:`build_model`, so it loads on every
    Keras 3 the package accepts; ``path`` may also name a ``.keras`` model file. The model
    comes back compiled like :func:`build_model`'s, so it can also be trained further.

    Examples
    --------
    >>> model, vocab = load_pretrained()  # doctest: +SKIP
    >>> model.count_params(), len(vocab)  # doctest: +SKIP
    (102585, 57)
    """
    if kind not in ("lesson", "every_position"):
        raise ValueError(f"kind must be 'lesson' or 'every_position', got {kind!r}.")
    if kind == "every_position":
        return _load_sequence_model(Path(path) if path is not None else SEQUENCE_WEIGHTS_PATH)
    path = Path(path) if path is not None else PRETRAINED_PATH
    if not path.is_file() or (path.suffix == ".npz" and not path.with_suffix(".json").is_file()):
        raise FileNotFoundError(
            f"No pretrained model at {path} (with its .json, for weights in a .npz). "
            "Reinstall textgen-utils, or train one with `python -m textgen_utils train`."
        )
    if path.suffix != ".npz":  # a model file
        return load_model(path)
    config = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["config"]
    vocab = CharVocab(tuple(config["chars"]))
    model = build_model(vocab, config["maxlen"], config["units"])
    with np.load(path) as arrays:
        model.set_weights([arrays[f"w{i}"] for i in range(len(arrays.files))])
    return model, vocab


def save_pretrained(model: SplitBatchModel, path: str | Path, record: dict[str, Any]) -> None:
    """Write :func:`build_model`'s ``model`` in the form :func:`load_pretrained` reads.

    The weights go to ``path`` (``.npz``), plain arrays that every Keras 3 reads; what
    :func:`build_model` needs to build the same model again (``maxlen``, ``units`` and the
    vocabulary) goes to the ``.json`` beside it, under ``"config"``, with ``record`` (the
    run's history and samples, which :func:`pretrained_run` returns).
    """
    vocab = vocab_of(model)
    if vocab is None or isinstance(model, SequenceModel):
        raise ValueError("save_pretrained takes a model made by build_model (reading ids); "
                         "save_sequence_model writes the every-position model.")
    path = Path(path)
    np.savez_compressed(path, **{f"w{i}": w for i, w in enumerate(model.get_weights())})
    config = {"maxlen": int(model.inputs[0].shape[1]),
              "units": int(model.get_layer("lstm").units), "chars": "".join(vocab.chars)}
    payload = {"config": config, **{k: v for k, v in record.items() if k != "config"}}
    path.with_suffix(".json").write_text(json.dumps(payload, ensure_ascii=False),
                                         encoding="utf-8")


def _load_sequence_model(weights_path: Path) -> tuple[SequenceModel, CharVocab]:
    record_path = weights_path.with_suffix(".json")
    if not weights_path.is_file() or not record_path.is_file():
        raise FileNotFoundError(
            f"No pretrained every-position model at {weights_path} (with {record_path.name}): "
            "reinstall textgen-utils.")
    config = json.loads(record_path.read_text(encoding="utf-8"))["config"]
    vocab = CharVocab(tuple(config["chars"]))
    model = build_sequence_model(vocab, config["units"], layers_count=config["layers_count"],
                                 dropout=config["dropout"])
    with np.load(weights_path) as arrays:
        model.set_weights([arrays[f"w{i}"] for i in range(len(arrays.files))])
    return model, vocab


def save_sequence_model(model: SequenceModel, vocab: CharVocab, path: str | Path,
                        config: dict[str, Any], record: dict[str, Any]) -> None:
    """Write ``model``'s weights to ``path`` (``.npz``) and ``config`` and ``record`` beside.

    ``config`` holds :func:`build_sequence_model`'s ``units``, ``layers_count`` and
    ``dropout``; the vocabulary is added. :func:`load_pretrained` reads the pair back.
    """
    path = Path(path)
    np.savez_compressed(path, **{f"w{i}": w for i, w in enumerate(model.get_weights())})
    payload = {"config": {**config, "chars": "".join(vocab.chars)}, **record}
    path.with_suffix(".json").write_text(json.dumps(payload, ensure_ascii=False),
                                         encoding="utf-8")


def pretrained_run(kind: str = "lesson") -> dict[str, Any]:
    """What training the pretrained model returned: ``history``, ``samples``, ``best_epoch``.

    Lets a lesson skip the hour of training and still plot the loss curves and read
    the samples of every epoch. ``kind="every_position"``: the every-position model's
    record (with its ``config`` and training ``seconds``).
    """
    if kind not in ("lesson", "every_position"):
        raise ValueError(f"kind must be 'lesson' or 'every_position', got {kind!r}.")
    path = SEQUENCE_RECORD_PATH if kind == "every_position" else PRETRAINED_RUN_PATH
    if not path.is_file():
        raise FileNotFoundError(f"No record of the pretrained run at {path}.")
    return json.loads(path.read_text(encoding="utf-8"))
