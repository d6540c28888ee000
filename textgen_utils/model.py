"""The model: the book's LSTM(128) + Dense(softmax), compiled with Keras 3."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import keras
from keras import layers

from .vectorize import CharVocab

#: Gradient-norm clip used by default; see :func:`build_model` for why it is there.
DEFAULT_CLIPNORM = 1.0
#: The lesson's model trained for 60 epochs on the corpus, shipped with the package.
PRETRAINED_PATH = Path(__file__).parent / "pretrained" / "nietzsche_lstm.keras"
#: That training run's history and samples (what :func:`textgen_utils.train` returned).
PRETRAINED_RUN_PATH = PRETRAINED_PATH.with_suffix(".json")


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

    def __init__(self, chars: tuple[str, ...] | list[str] | int, **kwargs: Any):
        super().__init__(**kwargs)
        self.chars = tuple(chars) if not isinstance(chars, int) else None
        self.depth = len(self.chars) if self.chars is not None else int(chars)

    def call(self, ids):
        return keras.ops.one_hot(keras.ops.cast(ids, "int32"), self.depth)

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.depth)

    def get_config(self) -> dict[str, Any]:
        chars = list(self.chars) if self.chars is not None else self.depth
        return {**super().get_config(), "chars": chars}


@keras.saving.register_keras_serializable(package="textgen_utils")
class CharLSTM(keras.Model):
    """A functional model that trains and validates each batch as two halves, one per core.

    Only *how* a batch is computed changes: in a training step and in an evaluation step
    (the validation after each epoch), ``call`` runs the model's layers on the first and
    on the second half of the batch and joins the two outputs, so the loss, the gradients
    and the weights are the ones the whole batch gives (to float rounding). The two
    halves do not depend on each other, so TensorFlow runs them side by side; importing
    :mod:`textgen_utils` on a machine with at most 2 cores gives TensorFlow one thread per
    operation and two operations at a time, which suits this. Measured on 2 cores
    (``benchmarks/README.md``): 17% to 35% more training windows per second in a test of
    the training step alone, and validation in about two thirds of the time. Calling the
    model, ``predict`` and generation see the ordinary model.

    Examples
    --------
    >>> import numpy as np
    >>> inputs = keras.Input(shape=(3,))
    >>> model = CharLSTM(inputs, layers.Dense(2)(inputs))
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
            super(CharLSTM, self).call(inputs[a:b], training=training, mask=mask, **kwargs)
            for a, b in zip(cuts, cuts[1:])
        ]
        return keras.ops.concatenate(parts, axis=0)


def build_model(
    vocab_size: int | CharVocab,
    maxlen: int = 60,
    units: int = 128,
    learning_rate: float = 0.01,
    *,
    clipnorm: float | None = DEFAULT_CLIPNORM,
    input_mode: str = "ids",
    unroll: bool = True,
    strategy: Any = None,
) -> keras.Model:
    """The lesson's model: ``LSTM(units)`` then ``Dense(vocab_size, softmax)``.

    Compiled with RMSprop at ``learning_rate`` and cross-entropy, like the book, with
    two differences that change speed and stability but not what the model is:

    * ``input_mode="ids"`` (default) reads integer windows from
      :func:`~textgen_utils.make_windows` and one-hot encodes them inside the model
      (:class:`CharOneHot`), so the loss is the sparse form of categorical
      cross-entropy: the same number, without one-hot targets. ``input_mode="one_hot"``
      is the book's input, the arrays from :func:`~textgen_utils.vectorize`.
    * ``clipnorm`` caps the norm of each weight's gradient before RMSprop uses it, so
      one unusually large gradient cannot throw the weights away (the book's published
      run blows up in its last epochs). Measured in ``benchmarks/README.md``: at the
      lesson's learning rate it is inactive once training has settled, and at ten
      times that rate it turns a first-epoch blow-up (loss 7.0) into normal training
      (2.8). ``None`` turns it off.

    ``unroll=True`` unrolls the 60 LSTM steps into one graph, which trains faster on
    a CPU. Parameters: ``4 * units * (vocab + units + 1) + (units + 1) * vocab``,
    102,585 for the lesson.

    Parameters
    ----------
    vocab_size
        The number of distinct characters, or a :class:`CharVocab` (whose characters
        are then saved with the model).
    strategy
        A ``tf.distribute`` strategy (e.g. ``MirroredStrategy`` for several GPUs);
        the model and its optimizer are created in its scope.

    Examples
    --------
    >>> model = build_model(57)
    >>> model.count_params()
    102585
    """
    if input_mode not in ("ids", "one_hot"):
        raise ValueError(f"input_mode must be 'ids' or 'one_hot', got {input_mode!r}.")
    chars = vocab_size.chars if isinstance(vocab_size, CharVocab) else int(vocab_size)
    depth = len(chars) if isinstance(chars, tuple) else chars
    if depth < 2 or maxlen < 1 or units < 1:
        raise ValueError("vocab_size must be >= 2, maxlen and units >= 1.")
    with strategy.scope() if strategy is not None else nullcontext():
        if input_mode == "ids":
            inputs = keras.Input(shape=(maxlen,), dtype="uint8", name="char_ids")
            x = CharOneHot(chars, name="one_hot")(inputs)
            loss = "sparse_categorical_crossentropy"
        else:
            inputs = keras.Input(shape=(maxlen, depth), name="one_hot_chars")
            x = inputs
            loss = "categorical_crossentropy"
        x = layers.LSTM(units, unroll=unroll, name="lstm")(x)
        outputs = layers.Dense(depth, activation="softmax", name="next_char")(x)
        model = CharLSTM(inputs, outputs, name="char_lstm")
        optimizer = keras.optimizers.RMSprop(learning_rate=learning_rate, clipnorm=clipnorm)
        model.compile(optimizer=optimizer, loss=loss)
    return model


def vocab_of(model: keras.Model) -> CharVocab | None:
    """The vocabulary saved in a model built from a :class:`CharVocab`, else ``None``."""
    for layer in model.layers:
        if isinstance(layer, CharOneHot) and layer.chars is not None:
            return CharVocab(layer.chars)
    return None


def load_pretrained(path: str | Path | None = None) -> tuple[keras.Model, CharVocab]:
    """The lesson's model, already trained on the Nietzsche corpus, and its vocabulary.

    It is the best epoch of the English lesson notebook's full run: 60 epochs with the
    lesson's defaults (RMSprop 0.01 with gradient clipping, :func:`lesson_schedule`), with
    the last 10% of the corpus held out; ``pretrained/README.md`` beside this module
    records the run and its validation loss. The model comes back
    compiled like :func:`build_model`'s, so it can also be trained further.

    Examples
    --------
    >>> model, vocab = load_pretrained()  # doctest: +SKIP
    >>> model.count_params(), len(vocab)  # doctest: +SKIP
    (102585, 57)
    """
    path = Path(path) if path is not None else PRETRAINED_PATH
    if not path.is_file():
        raise FileNotFoundError(
            f"No pretrained model at {path}. Reinstall textgen-utils, or train one with "
            "`python -m textgen_utils train`."
        )
    model = keras.models.load_model(path, compile=False)
    if not isinstance(model, CharLSTM):  # files saved before CharLSTM existed
        model = CharLSTM(model.inputs, model.outputs, name=model.name)
    vocab = vocab_of(model)
    if vocab is None:
        raise ValueError(f"{path} does not record its vocabulary (no CharOneHot layer).")
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=0.01, clipnorm=DEFAULT_CLIPNORM),
        loss="sparse_categorical_crossentropy",
    )
    return model, vocab


def pretrained_run() -> dict[str, Any]:
    """What training the pretrained model returned: ``history``, ``samples``, ``best_epoch``.

    Lets a lesson skip the hour of training and still plot the loss curves and read
    the samples of every epoch.
    """
    if not PRETRAINED_RUN_PATH.is_file():
        raise FileNotFoundError(f"No record of the pretrained run at {PRETRAINED_RUN_PATH}.")
    return json.loads(PRETRAINED_RUN_PATH.read_text(encoding="utf-8"))
