"""Generation: writing new text one character at a time.

The book calls ``model.predict`` once per character, and almost all of each call is
overhead. Here the whole loop runs inside one compiled TensorFlow function. Each step runs
the model's LSTM over the last ``maxlen`` characters (the book's window semantics) for
every temperature at once, samples the next character, and slides the window. Several
temperatures are split across the CPU cores. ``mode="stateful"`` carries the LSTM state
forward instead, one LSTM step per character. ``benchmarks/README.md`` measures both
against the book's loop.

The pieces, each a plain function of TensorFlow tensors that the lesson prints:
:func:`lstm_step` (one step of the LSTM's equations), :func:`read_window` (the LSTM over a
window of character ids), :func:`output_log_probs` (the softmax layer) and
:func:`choose_next` (the inverse-CDF draw that :func:`~textgen_utils.sample` makes).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache

import keras
import numpy as np
import tensorflow as tf

from .sampling import _check_temperature
from .vectorize import CharVocab


def lstm_weights(model: keras.Model) -> dict[str, np.ndarray]:
    """The weights of the lesson's model, for the compiled generator.

    The model must be the lesson's architecture: an ``LSTM`` (tanh/sigmoid, with bias,
    returning its last output) followed by a softmax ``Dense``, reading either integer
    ids or one-hot vectors. Gate columns are in Keras' order: input, forget, cell, output.
    """
    from .model import CharOneHot

    lstms = [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)]
    denses = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    known = (keras.layers.InputLayer, CharOneHot, keras.layers.LSTM, keras.layers.Dense)
    if (len(lstms) != 1 or len(denses) != 1 or model.layers[-1] is not denses[0]
            or not all(isinstance(layer, known) for layer in model.layers)):
        raise ValueError(
            "generate_text works with the lesson's model: one LSTM layer followed by one "
            "Dense softmax layer (as build_model makes). This model has "
            f"{[type(layer).__name__ for layer in model.layers]}."
        )
    lstm, dense = lstms[0], denses[0]
    cfg = lstm.get_config()
    if (
        cfg["activation"] != "tanh"
        or cfg["recurrent_activation"] != "sigmoid"
        or not cfg["use_bias"]
        or cfg["return_sequences"]
        or cfg["go_backwards"]
        or dense.get_config()["activation"] != "softmax"
    ):
        raise ValueError(
            "generate_text needs a standard LSTM (tanh, sigmoid, with bias, last output "
            "only) and a softmax Dense layer."
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


def _generate_window(weights, carry, uniforms, inv_temperature, greedy):
    """``len(uniforms)`` steps of the window mode; ``carry`` is ``(window,)``."""
    def body(k, window, out):
        log_probs = output_log_probs(read_window(window, weights)[0], weights)
        nxt = choose_next(log_probs, inv_temperature, greedy, uniforms[k])
        window = tf.concat([window[:, 1:], nxt[:, None]], axis=1)
        return k + 1, window, out.write(k, nxt)

    n = tf.shape(uniforms)[0]
    out = tf.TensorArray(tf.int32, size=n)
    _, window, out = tf.while_loop(lambda k, *_: k < n, body, (0, carry[0], out))
    return tf.transpose(out.stack()), (window,)


def _generate_stateful(weights, carry, uniforms, inv_temperature, greedy):
    """``len(uniforms)`` steps of the stateful mode; ``carry`` is ``(last, h, c)``."""
    def body(k, last, h, c, out):
        h, c = read_window(last[:, None], weights, (h, c))
        nxt = choose_next(output_log_probs(h, weights), inv_temperature, greedy, uniforms[k])
        return k + 1, nxt, h, c, out.write(k, nxt)

    n = tf.shape(uniforms)[0]
    out = tf.TensorArray(tf.int32, size=n)
    _, *carry, out = tf.while_loop(lambda k, *_: k < n, body, (0, *carry, out))
    return tf.transpose(out.stack()), tuple(carry)


# A graph (traced once per seed length, no XLA compilation) for reading a stateful seed.
_read_seed = tf.function(read_window)

#: Characters generated per compiled call: Ctrl-C is seen between calls, and every call
#: has the same shapes, so the loop is compiled once per process.
CHUNK = 400


@cache
def _compiled(mode: str, groups: int, jit: bool = True):
    """One compiled generator per group of rows; the groups run in parallel."""
    generate_group = tf.function(
        _generate_window if mode == "window" else _generate_stateful,
        jit_compile=jit,
    )

    @tf.function
    def generate_all(weights, carry, uniforms, inv_temperature, greedy):
        bounds = np.linspace(0, carry[0].shape[0], groups + 1).astype(int)
        parts = [
            generate_group(weights, tuple(t[a:b] for t in carry), uniforms[:, a:b],
                           inv_temperature[a:b], greedy[a:b])
            for a, b in zip(bounds[:-1], bounds[1:])
            if b > a
        ]
        ids = tf.concat([p[0] for p in parts], axis=0)
        return ids, tuple(tf.concat([p[1][i] for p in parts], axis=0)
                          for i in range(len(carry)))

    return generate_all


_XLA = {"available": True}


def _run_compiled(mode: str, groups: int, *args):
    """Run with XLA; where this TensorFlow build cannot compile it, run without."""
    if _XLA["available"]:
        try:
            return _compiled(mode, groups, True)(*args)
        except (tf.errors.UnimplementedError, tf.errors.NotFoundError):
            _XLA["available"] = False
    return _compiled(mode, groups, False)(*args)


def check_settings(temperatures: Sequence[float], length: int, mode: str,
                   rng: np.random.Generator | None) -> list[float]:
    """Check what :func:`generate_text` is asked for; the temperatures as floats.

    Raises ``ValueError`` (or ``TypeError`` for ``rng``) saying what is wrong, so that a
    caller such as :class:`~textgen_utils.SampleTextCallback` can fail before any work.
    """
    if mode not in ("window", "stateful"):
        raise ValueError(f"mode must be 'window' or 'stateful', got {mode!r}.")
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                        f"got {type(rng).__name__}.")
    if not isinstance(length, (int, np.integer)) or length < 0:
        raise ValueError(f"length must be a whole number >= 0, got {length!r}.")
    temps = [_check_temperature(t) for t in temperatures]
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


def _seed_ids(vocab: CharVocab, seed_text: str, maxlen: int, mode: str) -> np.ndarray:
    if not isinstance(seed_text, str) or not seed_text:
        raise ValueError("seed_text must be a non-empty string.")
    ids = vocab.encode(seed_text)  # raises ValueError naming unknown characters
    if mode == "window":
        ids = ids[-maxlen:]
    if len(ids) < maxlen:
        if " " not in vocab.chars:
            raise ValueError(
                f"The seed has {len(ids)} characters but the model reads {maxlen}, and "
                "this vocabulary has no space to pad it with: give a longer seed."
            )
        pad = np.full(maxlen - len(ids), vocab.char_indices[" "], dtype=np.int32)
        ids = np.concatenate([pad, ids])
    return ids


def generate_text(
    model: keras.Model,
    vocab: CharVocab,
    seed_text: str,
    length: int = 400,
    temperature: float | Sequence[float] = 0.5,
    rng: np.random.Generator | None = None,
    *,
    mode: str = "window",
) -> str | list[str]:
    """Generate ``length`` characters after ``seed_text``.

    Each next character is predicted from the last ``maxlen`` characters (the book's
    semantics), reweighted by ``temperature`` and sampled as
    :func:`~textgen_utils.sample` does; all of it runs in a compiled loop, ``CHUNK``
    characters per call (so Ctrl-C stops it within one call), with no ``model.predict``
    per character.

    Parameters
    ----------
    model
        The lesson's model (see :func:`build_model`); its weights are read at each call.
    vocab
        The vocabulary the model was trained with.
    seed_text
        The text to continue. Only its last ``maxlen`` characters are read. A shorter
        seed is padded on the left with spaces, as if the text began after a blank.
        Characters outside ``vocab`` raise ``ValueError``.
    length
        How many characters to generate.
    temperature
        One temperature, or a list of them: the list is generated in one batch from
        the same seed and one text per temperature is returned. ``0`` is greedy.
    rng
        A :class:`numpy.random.Generator` that makes the output reproducible.
    mode
        ``"window"`` (default): each step re-reads the last ``maxlen`` characters,
        exactly what the model was trained on. ``"stateful"``: the LSTM reads the seed
        once and then one character per step, carrying its state, so it is about
        ``maxlen`` times less work per character; the model then conditions on
        everything since the seed, longer than the windows it was trained on, so its
        output differs from the window mode after the first character.

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
    many = (isinstance(temperature, (Sequence, np.ndarray)) and not isinstance(temperature, str)
            and np.ndim(temperature) > 0)
    temps = check_settings(temperature if many else [temperature], length, mode, rng)
    _check_vocab(model, vocab)
    weights = lstm_weights(model)
    if weights["kernel"].shape[0] != len(vocab):
        raise ValueError(
            f"The model reads {weights['kernel'].shape[0]} characters but the vocabulary "
            f"has {len(vocab)}: pass the vocabulary the model was trained with."
        )
    maxlen = model.inputs[0].shape[1]
    if length == 0:
        return [""] * len(temps) if many else ""
    seed = _seed_ids(vocab, seed_text, maxlen, mode)
    batch = len(temps)
    # 1 / temperature, kept finite in float32: a tiny temperature is then greedy.
    inv_t = np.array([min(1 / t, 1e30) if t > 0 else 1.0 for t in temps], np.float32)
    greedy = np.array([t == 0 for t in temps])
    groups = max(1, min(batch, os.cpu_count() or 1))
    weights = {k: tf.constant(v) for k, v in weights.items()}
    rows = np.tile(seed, (batch, 1))
    if mode == "window":
        carry = (tf.constant(rows),)
    else:  # the seed, all but its last character, read once outside the XLA loop
        h, c = _read_seed(tf.constant(rows[:, :-1]), weights)
        carry = (tf.constant(rows[:, -1]), h, c)
    rng = rng if rng is not None else np.random.default_rng()
    parts = []
    for done in range(0, length, CHUNK):
        n = min(CHUNK, length - done)
        uniforms = np.zeros((CHUNK, batch), np.float32)  # the same shape every call
        uniforms[:n] = rng.random((n, batch), dtype=np.float32)
        ids, carry = _run_compiled(mode, groups, weights, carry, tf.constant(uniforms),
                                   tf.constant(inv_t), tf.constant(greedy))
        parts.append([vocab.decode(row[:n]) for row in ids.numpy()])
    texts = ["".join(chunks) for chunks in zip(*parts)]
    return texts if many else texts[0]


def next_char_probs(
    model: keras.Model, vocab: CharVocab, text: str, *, mode: str = "window"
) -> np.ndarray:
    """The distribution over the next character that generation samples from.

    The same compiled computation as :func:`generate_text`, for one text: useful to
    plot, and to check against ``model(window)``.
    """
    if mode not in ("window", "stateful"):
        raise ValueError(f"mode must be 'window' or 'stateful', got {mode!r}.")
    _check_vocab(model, vocab)
    weights = {k: tf.constant(v) for k, v in lstm_weights(model).items()}
    maxlen = model.inputs[0].shape[1]
    seed = _seed_ids(vocab, text, maxlen, mode)
    h, _ = read_window(tf.constant(seed[None]), weights)
    return np.exp(output_log_probs(h, weights).numpy()[0])


# The stored notebook prints these three under these names. Its outputs come from a full
# run, which the lesson issue makes again; until then they stay, word for word, and
# tests/test_generation.py checks that they compute what the functions above compute.


def _lstm_step(x_proj, h, c, recurrent):
    """One LSTM step given the input projection ``x @ kernel + bias``."""
    z = x_proj + tf.matmul(h, recurrent)
    i, f, g, o = tf.split(z, 4, axis=-1)
    c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
    return tf.sigmoid(o) * tf.tanh(c), c


def _window_log_probs(ids, w):
    """Log-probabilities of the next character after each window of ``ids``.

    A one-hot input times the kernel is a row lookup, so the input projection of all
    steps is a single gather. The loop over the window's steps is unrolled.
    """
    x_proj = tf.gather(w["kernel"], ids) + w["bias"]
    units = w["recurrent"].shape[0]
    h = tf.zeros((tf.shape(ids)[0], units))
    c = tf.zeros_like(h)
    for t in range(ids.shape[1]):
        h, c = _lstm_step(x_proj[:, t], h, c, w["recurrent"])
    return tf.nn.log_softmax(tf.matmul(h, w["dense_kernel"]) + w["dense_bias"])


def _choose(log_probs, inv_temperature, greedy, u):
    """Inverse-CDF sampling from ``softmax(log_probs * inv_temperature)``, row by row.

    ``u`` holds one uniform number per row, drawn by NumPy from the caller's ``rng``.
    Rows marked ``greedy`` take the most likely character (temperature 0).
    """
    q = tf.nn.softmax(log_probs * inv_temperature[:, None])
    cdf = tf.cumsum(q, axis=-1)
    drawn = tf.reduce_sum(tf.cast(cdf <= (u * cdf[:, -1])[:, None], tf.int32), axis=-1)
    # Never step past the last character with non-zero probability.
    last = q.shape[-1] - 1 - tf.argmax(tf.reverse(q, [-1]) > 0, axis=-1, output_type=tf.int32)
    drawn = tf.minimum(drawn, last)
    return tf.where(greedy, tf.argmax(log_probs, axis=-1, output_type=tf.int32), drawn)

