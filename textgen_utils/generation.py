"""Generation: writing new text one character at a time.

The book calls ``model.predict`` once per character, and almost all of each call is
overhead. Here the whole loop runs inside one compiled TensorFlow function: each step
reads the last ``maxlen`` characters (the book's window semantics) for every temperature
at once, samples the next character, and slides the window. ``mode="stateful"`` carries
the recurrent state forward instead, one step per character. ``benchmarks/README.md``
measures both against the book's loop.

A step is computed in one of two ways:

* **The lesson's layers** (character ids through ``CharOneHot``, or one-hot vectors; one
  ``LSTM``; a softmax ``Dense``), whether the LSTM returns its last output
  (:func:`~textgen_utils.build_model`) or one after every position
  (:func:`~textgen_utils.build_sequence_model`: only the last one is needed): the LSTM's
  equations written out as plain functions of TensorFlow tensors, which the lesson
  prints: :func:`lstm_step` (one step), :func:`read_window` (the LSTM over a window of
  ids), :func:`output_log_probs` (the softmax layer) and :func:`choose_next` (the
  inverse-CDF draw that :func:`~textgen_utils.sample` makes).
* **Any other character model** (stacked LSTMs, a GRU, an ``Embedding`` input...): the
  Keras model itself is called inside the compiled loop.

The compiled function always sees the same shapes, so it is compiled once per model
architecture and process, whatever the length and the number of temperatures: texts
come in chunks of :data:`CHUNK` characters (Python regains control between chunks, so
Ctrl-C stops a long text and :func:`iter_generate` hands each chunk over), and the
temperatures in blocks of :data:`BLOCK` rows, which run side by side on the CPU cores (a
single temperature is one row: that shape is compiled the first time it is asked for).
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import keras
import numpy as np
import tensorflow as tf

from .sampling import check_temperature
from .vectorize import CharVocab

#: Characters generated per compiled call. Every call has this shape (a shorter text
#: stops the loop early), so a new length never compiles anything.
CHUNK = 400
#: Rows (temperatures) per compiled call. A batch is cut into blocks of this many rows
#: (the last one padded), so a new number of temperatures compiles nothing either. A
#: single temperature is a block of one row (compiled once more): padded to two rows it
#: would cost twice as much (``benchmarks/README.md``).
BLOCK = 2
#: How many characters window mode reads for a model that takes texts of any length.
DEFAULT_MAXLEN = 60


def lstm_weights(model: keras.Model) -> dict[str, np.ndarray]:
    """The weights of a model with the lesson's layers, for the fast compiled path.

    The model must read character ids (through ``CharOneHot``) or one-hot vectors, then
    have one ``LSTM`` (tanh/sigmoid, with bias, reading forwards; returning its last
    output, or its output after every position), optionally ``Dropout`` (which does
    nothing while generating), and a softmax ``Dense`` layer last. Gate columns are in
    Keras' order: input, forget, cell, output.

    Raises ``ValueError`` for any other model; :func:`generate_text` then calls the Keras
    model itself.

    Examples
    --------
    >>> from textgen_utils import CharVocab, build_model
    >>> weights = lstm_weights(build_model(CharVocab(("a", "b", "c")), units=4))
    >>> {name: w.shape for name, w in weights.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'kernel': (3, 16), 'recurrent': (4, 16), 'bias': (16,), 'dense_kernel': (4, 3),
     'dense_bias': (3,)}
    """
    from .model import CharOneHot

    lstms = [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)]
    denses = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    known = (keras.layers.InputLayer, CharOneHot, keras.layers.LSTM, keras.layers.Dropout,
             keras.layers.Dense)
    if (len(lstms) != 1 or len(denses) != 1 or model.layers[-1] is not denses[0]
            or not all(isinstance(layer, known) for layer in model.layers)):
        raise ValueError(
            "The fast path needs the lesson's layers: one LSTM layer followed by one "
            "Dense softmax layer (as build_model and build_sequence_model make). This "
            f"model has {[type(layer).__name__ for layer in model.layers]}."
        )
    lstm, dense = lstms[0], denses[0]
    cfg = lstm.get_config()
    if (
        cfg["activation"] != "tanh"
        or cfg["recurrent_activation"] != "sigmoid"
        or not cfg["use_bias"]
        or cfg["go_backwards"]
        or cfg["stateful"]
        or dense.get_config()["activation"] != "softmax"
    ):
        raise ValueError(
            "The fast path needs a standard LSTM (tanh, sigmoid, with bias, forwards, "
            "not stateful) and a softmax Dense layer."
        )
    kernel, recurrent, bias = (np.asarray(w, np.float32) for w in lstm.get_weights())
    dense_kernel, dense_bias = (np.asarray(w, np.float32) for w in dense.get_weights())
    return {
        "kernel": kernel,
        "recurrent": recurrent,
        "bias": bias,
        "dense_kernel": dense_kernel,
        "dense_bias": dense_bias,
    }


def lstm_step(x_proj, h, c, recurrent):
    """One step of the LSTM, given its input's projection ``x @ kernel + bias``.

    The equations, with the four gates in Keras' order (input, forget, cell, output)::

        i, f, g, o = split(x_proj + h @ recurrent, 4)
        c = sigmoid(f) * c + sigmoid(i) * tanh(g)
        h = sigmoid(o) * tanh(c)

    The lesson prints this function.
    """
    z = x_proj + tf.matmul(h, recurrent)
    i, f, g, o = tf.split(z, 4, axis=-1)
    c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
    return tf.sigmoid(o) * tf.tanh(c), c


def read_window(ids, weights, state=None):
    """Run the LSTM over ``ids`` (a batch of windows): its last output and memory ``(h, c)``.

    A one-hot input times the kernel is a row lookup, so the input projection of every
    step is one ``gather``; the loop over the window's steps is unrolled. ``state``
    continues from an earlier ``(h, c)``; by default the LSTM starts from zeros, as the
    model does for each window. The lesson prints this function.
    """
    x_proj = tf.gather(weights["kernel"], ids) + weights["bias"]
    if state is None:
        h = tf.zeros((tf.shape(ids)[0], weights["recurrent"].shape[0]))
        state = (h, tf.zeros_like(h))
    h, c = state
    for t in range(ids.shape[1]):
        h, c = lstm_step(x_proj[:, t], h, c, weights["recurrent"])
    return h, c


def output_log_probs(h, weights):
    """The model's last layer: log-probabilities of the next character given the LSTM's ``h``.

    The lesson prints this function.
    """
    return tf.nn.log_softmax(tf.matmul(h, weights["dense_kernel"]) + weights["dense_bias"])


def choose_next(log_probs, inv_temperature, greedy, u):
    """Inverse-CDF sampling from ``softmax(log_probs * inv_temperature)``, row by row.

    ``u`` holds one uniform number per row, drawn by NumPy from the caller's ``rng``.
    Rows marked ``greedy`` take the most likely character (temperature 0). This is the
    draw of :func:`~textgen_utils.sample`, in TensorFlow operations; the lesson prints it.
    """
    # With the largest log-probability at 0, even a huge 1 / temperature gives no NaN.
    top = tf.reduce_max(log_probs, axis=-1, keepdims=True)
    q = tf.nn.softmax((log_probs - top) * inv_temperature[:, None])
    cdf = tf.cumsum(q, axis=-1)
    drawn = tf.reduce_sum(tf.cast(cdf <= (u * cdf[:, -1])[:, None], tf.int32), axis=-1)
    # Never step past the last character with non-zero probability.
    last = q.shape[-1] - 1 - tf.argmax(tf.reverse(q, [-1]) > 0, axis=-1, output_type=tf.int32)
    drawn = tf.minimum(drawn, last)
    return tf.where(greedy, tf.argmax(log_probs, axis=-1, output_type=tf.int32), drawn)


# ---------------------------------------------------------------------------------------
# The two loops. ``uniforms`` always has CHUNK rows; only the first ``steps`` are used.


def _window_loop(log_probs_of, window, uniforms, steps, inv_temperature, greedy):
    """``steps`` characters of the window mode: the ids drawn and the last window.

    ``log_probs_of(window)`` is the model: log-probabilities of the next character after
    each row of ``window``.
    """
    def body(k, window, out):
        nxt = choose_next(log_probs_of(window), inv_temperature, greedy, uniforms[k])
        window = tf.concat([window[:, 1:], nxt[:, None]], axis=1)
        return k + 1, window, tf.tensor_scatter_nd_update(out, [[k]], nxt[None])

    out = tf.zeros(tf.shape(uniforms), tf.int32)
    _, window, out = tf.while_loop(lambda k, *_: k < steps, body, (0, window, out))
    return tf.transpose(out), window


def _stateful_loop(step, carry, uniforms, steps, inv_temperature, greedy):
    """``steps`` characters of the stateful mode; ``carry`` is ``(last ids, state)``.

    ``step(ids, state)`` reads one character per row: ``(log_probs, new state)``.
    """
    def body(k, last, state, out):
        log_probs, state = step(last, state)
        nxt = choose_next(log_probs, inv_temperature, greedy, uniforms[k])
        return k + 1, nxt, state, tf.tensor_scatter_nd_update(out, [[k]], nxt[None])

    out = tf.zeros(tf.shape(uniforms), tf.int32)
    _, last, state, out = tf.while_loop(lambda k, *_: k < steps, body, (0, *carry, out))
    return tf.transpose(out), (last, state)


def _read_text(step, ids, state):
    """The state after ``step`` has read ``ids`` (a batch of texts), one position at a time."""
    def body(t, state):
        return t + 1, step(ids[:, t], state)[1]

    return tf.while_loop(lambda t, _: t < tf.shape(ids)[1], body, (0, state))[1]


# ---------------------------------------------------------------------------------------
# The fast path: the lesson's layers as equations. The weights are arguments, so one
# compiled function serves every model of the same shapes, and a model being trained.


def _lstm_window_model(weights):
    return lambda window: output_log_probs(read_window(window, weights)[0], weights)


def _lstm_one_step(weights):
    def step(ids, state):
        h, c = read_window(ids[:, None], weights, state)
        return output_log_probs(h, weights), (h, c)

    return step


@cache
def _compiled_lstm(mode: str, jit: bool):
    """One chunk of the fast path, compiled with XLA (``jit``) or as a plain graph."""
    def chunk(weights, carry, uniforms, steps, inv_temperature, greedy):
        if mode == "window":
            return _window_loop(_lstm_window_model(weights), carry, uniforms, steps,
                                inv_temperature, greedy)
        return _stateful_loop(_lstm_one_step(weights), carry, uniforms, steps,
                              inv_temperature, greedy)

    return tf.function(chunk, jit_compile=jit)


# A plain graph (no XLA) reads a stateful seed; traced again only for a new model shape.
_read_lstm = tf.function(lambda weights, ids, state: _read_text(_lstm_one_step(weights),
                                                                ids, state),
                         reduce_retracing=True)


# ---------------------------------------------------------------------------------------
# The general path: the Keras model itself, called inside the compiled loop.

#: Layers that treat each position on its own, so that stateful mode can run them on
#: one character at a time.
_PER_POSITION = (keras.layers.Embedding, keras.layers.Dense, keras.layers.Dropout,
                 keras.layers.Activation, keras.layers.Softmax,
                 keras.layers.LayerNormalization)
_RECURRENT = (keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN)


def _model_input(model: keras.Model, ids):
    """Character ids as the model reads them: one-hot vectors, or ids of its dtype."""
    spec = model.inputs[0]
    if len(spec.shape) == 3:
        return tf.one_hot(ids, spec.shape[-1])
    return tf.cast(ids, spec.dtype)


def _as_log_probs(model: keras.Model, outputs):
    """Log-probabilities from the model's outputs: after the last position, if it has several.

    A model ending in a softmax outputs probabilities; one ending in a linear layer
    outputs logits (trained with ``from_logits=True``).
    """
    if len(outputs.shape) == 3:
        outputs = outputs[:, -1]
    if _ends_in_softmax(model):
        return tf.math.log(tf.cast(outputs, tf.float32))
    return tf.nn.log_softmax(tf.cast(outputs, tf.float32))


def _ends_in_softmax(model: keras.Model) -> bool:
    last = model.layers[-1]
    name = getattr(getattr(last, "activation", None), "__name__", None)
    if isinstance(last, keras.layers.Softmax) or name == "softmax":
        return True
    if name == "linear":
        return False
    raise ValueError(
        f"The model's last layer ({type(last).__name__}) gives neither probabilities (a "
        "softmax) nor logits (a linear Dense): end the model with "
        "Dense(len(vocab), activation='softmax')."
    )


def _keras_window_model(model: keras.Model):
    return lambda window: _as_log_probs(model, model(_model_input(model, window),
                                                     training=False))


def _stepping_layers(model: keras.Model) -> list:
    """The model's layers, if it can run one character at a time; else ``ValueError``.

    That needs a chain of layers (each reads the one before) that are either recurrent
    (``LSTM``, ``GRU``, ``SimpleRNN``, reading forwards) or treat each position alone.
    """
    from .model import CharOneHot

    layers = [layer for layer in model.layers
              if not isinstance(layer, keras.layers.InputLayer)]
    previous, chain = model.inputs[0], True
    for layer in layers:
        try:
            chain = chain and layer.input is previous
            previous = layer.output
        except (AttributeError, ValueError):  # a layer called more than once
            chain = False
        recurrent = isinstance(layer, _RECURRENT) and not layer.go_backwards
        per_position = (isinstance(layer, (CharOneHot, *_PER_POSITION))
                        and not getattr(layer, "mask_zero", False))
        chain = chain and (recurrent or per_position)
    if not chain or previous is not model.outputs[0]:
        raise ValueError(
            "mode='stateful' runs the model one character at a time, which needs a chain "
            "of recurrent layers (LSTM, GRU, SimpleRNN) and layers that treat each "
            "position alone (CharOneHot, Embedding without mask_zero, Dense, Dropout...). "
            f"This model has {[type(layer).__name__ for layer in layers]}: use "
            "mode='window'."
        )
    return layers


def _keras_one_step(model: keras.Model, layers: list):
    """``step(ids, state)`` for stateful mode; ``state`` holds each recurrent layer's."""
    def step(ids, state):
        x, new_state = _model_input(model, ids[:, None]), []
        for layer in layers:
            if isinstance(layer, _RECURRENT):
                y, s = layer.cell(x[:, 0], list(state[len(new_state)]), training=False)
                new_state.append(tuple(s) if isinstance(s, (list, tuple)) else (s,))
                x = y[:, None] if layer.return_sequences else y
            else:
                x = layer(x, training=False)
        return _as_log_probs(model, x), tuple(new_state)

    return step


def _keras_zero_state(layers: list, rows: int):
    return tuple(tuple(layer.cell.get_initial_state(batch_size=rows))
                 for layer in layers if isinstance(layer, _RECURRENT))


# The compiled functions of each Keras model, forgotten with the model.
_KERAS_COMPILED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _compiled_keras(model: keras.Model, what: str, jit: bool):
    """``what`` ("window", "stateful" or "read") for this model, compiled once."""
    functions = _KERAS_COMPILED.setdefault(model, {})
    if (what, jit) not in functions:
        ref = weakref.ref(model)  # the cached function must not keep the model alive

        def chunk(carry, uniforms, steps, inv_temperature, greedy):
            if what == "window":
                return _window_loop(_keras_window_model(ref()), carry, uniforms, steps,
                                    inv_temperature, greedy)
            step = _keras_one_step(ref(), _stepping_layers(ref()))
            return _stateful_loop(step, carry, uniforms, steps, inv_temperature, greedy)

        def read(ids, state):
            return _read_text(_keras_one_step(ref(), _stepping_layers(ref())), ids, state)

        functions[(what, jit)] = (tf.function(read, reduce_retracing=True) if what == "read"
                                  else tf.function(chunk, jit_compile=jit))
    return functions[(what, jit)]


def _check_keras_model(model: keras.Model, vocab: CharVocab, mode: str) -> None:
    """``ValueError`` unless the general path can generate with this model."""
    shape_in = model.inputs[0].shape if len(model.inputs) == 1 else None
    shape_out = model.outputs[0].shape if len(model.outputs) == 1 else None
    if (shape_in is None or shape_out is None or len(shape_in) not in (2, 3)
            or len(shape_out) not in (2, 3)
            or (len(shape_in) == 3 and shape_in[-1] != len(vocab))):
        raise ValueError(
            "generate_text needs a model with one input, character ids of shape (batch, "
            "length) or one-hot vectors (batch, length, len(vocab)), and one output, the "
            "next character's distribution (batch, len(vocab)) or one after every position "
            f"(batch, length, len(vocab)). This model reads {[i.shape for i in model.inputs]}"
            f" and gives {[o.shape for o in model.outputs]}."
        )
    if shape_out[-1] != len(vocab):
        raise ValueError(
            f"The model predicts {shape_out[-1]} characters but the vocabulary has "
            f"{len(vocab)}: pass the vocabulary the model was trained with."
        )
    if any(getattr(layer, "stateful", False) for layer in model.layers):
        raise ValueError(
            "The model has a stateful=True layer, whose state would leak from one call "
            "into the next: build it with stateful=False (mode='stateful' carries the "
            "state itself)."
        )
    _ends_in_softmax(model)
    if mode == "stateful":
        _stepping_layers(model)


# ---------------------------------------------------------------------------------------
# Checks and the plan: what generate_text, iter_generate and next_char_probs share.


def check_settings(temperatures: Sequence[float], length: int, mode: str,
                   rng: np.random.Generator | None) -> list[float]:
    """Check what :func:`generate_text` is asked for; the temperatures as floats.

    Raises ``ValueError`` (or ``TypeError`` for ``rng``) saying what is wrong, so that a
    caller such as :class:`~textgen_utils.SampleTextCallback` can fail before any work.

    Examples
    --------
    >>> check_settings([0, 0.5], 400, "window", None)
    [0.0, 0.5]
    """
    if mode not in ("window", "stateful"):
        raise ValueError(f"mode must be 'window' or 'stateful', got {mode!r}.")
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                        f"got {type(rng).__name__}.")
    if not isinstance(length, (int, np.integer)) or length < 0:
        raise ValueError(f"length must be a whole number >= 0, got {length!r}.")
    temps = [check_temperature(t) for t in temperatures]
    if not temps:
        raise ValueError("Give at least one temperature.")
    return temps


def _check_vocab(model: keras.Model, vocab: CharVocab) -> None:
    from .model import vocab_of

    own = vocab_of(model)
    if own is not None and own != vocab:
        raise ValueError(
            f"The model records its own vocabulary ({len(own)} characters) and it is not the "
            f"one given ({len(vocab)} characters): pass textgen_utils.vocab_of(model)."
        )


def window_length(model: keras.Model, maxlen: int | None = None) -> int:
    """How many characters the window mode reads: the model's input length.

    A model that reads texts of any length (input shape ``(None,)``, as
    :func:`~textgen_utils.build_sequence_model` makes it) reads ``maxlen`` characters,
    :data:`DEFAULT_MAXLEN` (60, the lesson's) unless given. A model with a fixed length
    accepts no other ``maxlen`` (``ValueError``).

    Examples
    --------
    >>> from textgen_utils import CharVocab, build_model
    >>> window_length(build_model(CharVocab(("a", "b")), maxlen=10, units=2))
    10
    """
    fixed = model.inputs[0].shape[1]
    if maxlen is None:
        return fixed if fixed is not None else DEFAULT_MAXLEN
    if not isinstance(maxlen, (int, np.integer)) or isinstance(maxlen, bool) or maxlen < 1:
        raise ValueError(f"maxlen must be a whole number >= 1, got {maxlen!r}.")
    if fixed is not None and maxlen != fixed:
        raise ValueError(f"This model reads windows of {fixed} characters; leave maxlen "
                         f"out (it was {maxlen}).")
    return int(maxlen)


def _plan(model: keras.Model, vocab: CharVocab, mode: str, maxlen: int | None) -> dict:
    """How to generate with ``model``: checked, then three functions of NumPy rows of ids.

    ``start(rows)`` is the carry after reading a seed, ``chunk(carry, uniforms, steps,
    inv_temperature, greedy)`` generates one compiled chunk, and ``log_probs(rows)`` is
    the next character's distribution after each row (for :func:`next_char_probs`).
    """
    if mode not in ("window", "stateful"):
        raise ValueError(f"mode must be 'window' or 'stateful', got {mode!r}.")
    _check_vocab(model, vocab)
    window = window_length(model, maxlen)
    try:
        weights = lstm_weights(model)
    except ValueError:
        weights = None
    if weights is not None:  # the fast path
        if weights["kernel"].shape[0] != len(vocab):
            raise ValueError(
                f"The model reads {weights['kernel'].shape[0]} characters but the vocabulary "
                f"has {len(vocab)}: pass the vocabulary the model was trained with."
            )
        weights = {k: tf.constant(v) for k, v in weights.items()}
        window_model, one_step = _lstm_window_model(weights), _lstm_one_step(weights)

        def zero_state(rows):
            h = tf.zeros((rows, weights["recurrent"].shape[0]))
            return h, tf.zeros_like(h)

        def read(ids, state):
            return _read_lstm(weights, ids, state)

        compiled = {jit: _compiled_lstm(mode, jit) for jit in (True, False)}

        def chunk(*args):
            return _call_compiled(compiled, weights, *args)
    else:  # the general path
        _check_keras_model(model, vocab, mode)
        window_model = _keras_window_model(model)
        layers = _stepping_layers(model) if mode == "stateful" else []
        one_step = _keras_one_step(model, layers)

        def zero_state(rows):
            return _keras_zero_state(layers, rows)

        def read(ids, state):
            return _compiled_keras(model, "read", False)(ids, state)

        compiled = {jit: _compiled_keras(model, mode, jit) for jit in (True, False)}

        def chunk(*args):
            return _call_compiled(compiled, *args)

    def start(rows):
        rows = tf.constant(rows, tf.int32)
        if mode == "window":
            return rows
        return rows[:, -1], read(rows[:, :-1], zero_state(rows.shape[0]))

    def log_probs(rows):
        if mode == "window":
            return window_model(tf.constant(rows, tf.int32))
        last, state = start(rows)
        return one_step(last, state)[0]

    fixed = model.inputs[0].shape[1] is not None
    return {"window": window, "fixed": fixed, "start": start, "chunk": chunk,
            "log_probs": log_probs}


_XLA = {"available": True}


def _call_compiled(compiled: dict[bool, Callable], *args):
    """Run ``compiled[True]`` (XLA); where this TensorFlow build cannot, ``compiled[False]``.

    The functions are looked up before the blocks' threads start, so that two threads
    never create (and compile) one each.
    """
    if _XLA["available"]:
        try:
            return compiled[True](*args)
        except (tf.errors.UnimplementedError, tf.errors.NotFoundError):
            _XLA["available"] = False
    return compiled[False](*args)


@cache
def _pool() -> ThreadPoolExecutor:
    """Threads that run the blocks side by side (TensorFlow lets go of Python meanwhile)."""
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1,
                              thread_name_prefix="textgen-generate")


def _run_block(chunk: Callable, carry, uniforms, steps, inv_temperature, greedy):
    """One compiled chunk for one block of rows: ``(ids as NumPy, carry)``."""
    ids, carry = chunk(carry, tf.constant(uniforms), tf.constant(steps),
                       tf.constant(inv_temperature), tf.constant(greedy))
    return ids.numpy(), carry


def _run_blocks(chunk: Callable, blocks: list[tuple]) -> list[tuple]:
    """:func:`_run_block` for every block, side by side when there are several."""
    if len(blocks) == 1:
        return [_run_block(chunk, *blocks[0])]
    return list(_pool().map(lambda block: _run_block(chunk, *block), blocks))


def _seed_ids(vocab: CharVocab, seed_text: str, plan: dict, mode: str) -> np.ndarray:
    """The seed's ids: the last window in window mode, padded on the left with spaces."""
    if not isinstance(seed_text, str) or not seed_text:
        raise ValueError("seed_text must be a non-empty string.")
    ids = vocab.encode(seed_text)  # raises ValueError naming unknown characters
    maxlen = plan["window"]
    if mode == "window":
        ids = ids[-maxlen:]
    elif not plan["fixed"]:  # stateful, with a model that reads any length: as it is
        return ids
    if len(ids) < maxlen:
        if " " not in vocab.chars:
            raise ValueError(
                f"The seed has {len(ids)} characters but the model reads {maxlen}, and "
                "this vocabulary has no space to pad it with: give a longer seed."
            )
        pad = np.full(maxlen - len(ids), vocab.char_indices[" "], dtype=np.int32)
        ids = np.concatenate([pad, ids])
    return ids


def _temperature_list(temperature) -> tuple[list, bool]:
    """``(temperatures, many)``: a list (``many``) or one temperature, as a list."""
    many = (isinstance(temperature, (Sequence, np.ndarray)) and not isinstance(temperature, str)
            and np.ndim(temperature) > 0)
    return (list(temperature) if many else [temperature]), many


# ---------------------------------------------------------------------------------------
# The public functions.


def iter_generate(
    model: keras.Model,
    vocab: CharVocab,
    seed_text: str,
    length: int = 400,
    temperature: float | Sequence[float] = 0.5,
    rng: np.random.Generator | None = None,
    *,
    mode: str = "window",
    maxlen: int | None = None,
) -> Iterator[list[str]]:
    """:func:`generate_text`, one chunk at a time: yields the new characters as they come.

    Takes the arguments of :func:`generate_text` and checks them at once (before the
    first chunk). Each item is a list with one string per temperature (one string for
    a single temperature): the next :data:`CHUNK` characters, fewer in the last chunk.
    Joined, the chunks are what :func:`generate_text` returns with the same ``rng``. Stop
    early (``break``, Ctrl-C) and the chunks received so far are a valid beginning.

    Examples
    --------
    >>> for chunk in iter_generate(model, vocab, "the meaning of", 1000, [0.2, 1.0],
    ...                            rng=np.random.default_rng(0)):  # doctest: +SKIP
    ...     print(len(chunk[0]))
    400
    400
    200
    """
    temps, _ = _temperature_list(temperature)
    temps = check_settings(temps, length, mode, rng)
    plan = _plan(model, vocab, mode, maxlen)
    seed = _seed_ids(vocab, seed_text, plan, mode)
    return _chunks(plan, vocab, seed, temps, length,
                   rng if rng is not None else np.random.default_rng())


def _chunks(plan: dict, vocab: CharVocab, seed: np.ndarray, temps: list[float],
            length: int, rng: np.random.Generator) -> Iterator[list[str]]:
    batch = len(temps)
    size = 1 if batch == 1 else BLOCK  # one temperature: a block of one row, not padded
    blocks = [slice(a, a + size) for a in range(0, batch, size)]
    rows = len(blocks) * size  # the last block padded with a row that is thrown away
    # 1 / temperature, kept finite in float32: a tiny temperature is then greedy.
    inv_t = np.ones(rows, np.float32)
    inv_t[:batch] = [min(1 / t, 1e30) if t > 0 else 1.0 for t in temps]
    greedy = np.zeros(rows, bool)
    greedy[:batch] = [t == 0 for t in temps]
    carries = [plan["start"](np.tile(seed, (size, 1)))] * len(blocks)  # all read one seed
    for done in range(0, length, CHUNK):
        n = min(CHUNK, length - done)
        uniforms = np.zeros((CHUNK, rows), np.float32)  # the same shape every call
        uniforms[:n, :batch] = rng.random((n, batch), dtype=np.float32)
        results = _run_blocks(plan["chunk"], [
            (carry, uniforms[:, b], n, inv_t[b], greedy[b]) for carry, b in zip(carries, blocks)
        ])
        carries = [carry for _, carry in results]
        ids = np.concatenate([ids for ids, _ in results])[:batch, :n]
        yield [vocab.decode(row) for row in ids]


def generate_text(
    model: keras.Model,
    vocab: CharVocab,
    seed_text: str,
    length: int = 400,
    temperature: float | Sequence[float] = 0.5,
    rng: np.random.Generator | None = None,
    *,
    mode: str = "window",
    maxlen: int | None = None,
) -> str | list[str]:
    """Generate ``length`` characters after ``seed_text``.

    Each next character is predicted from the last ``maxlen`` characters (the book's
    semantics), reweighted by ``temperature`` and sampled as
    :func:`~textgen_utils.sample` does; all of it runs in a compiled loop, :data:`CHUNK`
    characters per call (so Ctrl-C stops it within one call; :func:`iter_generate` gives
    the chunks as they come), with no ``model.predict`` per character.

    Parameters
    ----------
    model
        A character model: it reads character ids (or one-hot vectors) and gives the
        next character's distribution, after the last position or after every position
        (then the last one is used). The lesson's models (:func:`build_model`,
        :func:`build_sequence_model`) take a fast path; any other (stacked LSTMs, GRU,
        Embedding...) is called inside the compiled loop. A model whose last layer is a
        linear ``Dense`` is taken to give logits. Its weights are read at each call.
    vocab
        The vocabulary the model was trained with.
    seed_text
        The text to continue. In window mode only its last ``maxlen`` characters are
        read. A shorter seed is padded on the left with spaces, as if the text began
        after a blank. Characters outside ``vocab`` raise ``ValueError``.
    length
        How many characters to generate.
    temperature
        One temperature, or a list of them: the list is generated in one batch from
        the same seed and one text per temperature is returned. ``0`` is greedy.
    rng
        A :class:`numpy.random.Generator` that makes the output reproducible.
    mode
        ``"window"`` (default): each step re-reads the last ``maxlen`` characters,
        exactly what a window model was trained on. ``"stateful"``: the recurrent layers
        read the seed once and then one character per step, carrying their state, so
        it is about ``maxlen`` times less work per character. A window model then
        conditions on everything since the seed, longer than the windows it was trained
        on, so its output differs from the window mode after the first character; for a
        model that reads any length (:func:`build_sequence_model`) it is the natural mode,
        and its seed is read whole, without padding.
    maxlen
        The window of a model that reads texts of any length: :data:`DEFAULT_MAXLEN` (60)
        unless given. A model with a fixed input length reads its own length.

    Returns
    -------
    str or list of str
        The generated characters (without the seed), one string per temperature
        when ``temperature`` is a list.

    Examples
    --------
    >>> texts = generate_text(model, vocab, "the meaning of", 40,
    ...                       [0.2, 1.0], rng=np.random.default_rng(0))  # doctest: +SKIP
    """
    temps, many = _temperature_list(temperature)
    chunks = list(iter_generate(model, vocab, seed_text, length, temps, rng, mode=mode,
                                maxlen=maxlen))
    texts = ["".join(parts) for parts in zip(*chunks)] if chunks else [""] * len(temps)
    return texts if many else texts[0]


def next_char_probs(
    model: keras.Model, vocab: CharVocab, text: str, *, mode: str = "window",
    maxlen: int | None = None,
) -> np.ndarray:
    """The distribution over the next character that generation samples from.

    The computation of :func:`generate_text` (same model, ``mode`` and ``maxlen``),
    for one text: useful to plot, and to check against ``model(window)``.

    Examples
    --------
    >>> p = next_char_probs(model, vocab, "the meaning of lif")  # doctest: +SKIP
    >>> vocab.chars[int(p.argmax())]  # doctest: +SKIP
    'e'
    """
    plan = _plan(model, vocab, mode, maxlen)
    seed = _seed_ids(vocab, text, plan, mode)
    return np.exp(plan["log_probs"](seed[None]).numpy()[0])


def check_model(model: keras.Model, vocab: CharVocab, *, mode: str = "window",
                maxlen: int | None = None) -> None:
    """Raise ``ValueError`` now if :func:`generate_text` cannot generate with ``model``.

    Examples
    --------
    >>> from textgen_utils import CharVocab, build_model
    >>> vocab = CharVocab(("a", "b"))
    >>> check_model(build_model(vocab, maxlen=5, units=2), vocab)  # no error
    """
    _plan(model, vocab, mode, maxlen)
