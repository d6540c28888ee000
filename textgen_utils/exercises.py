"""Checks for the lesson's exercises: call ``check_*`` with your answer.

Every exercise has two functions:

* ``check_<exercise>(answer, ...)`` tells you whether ``answer`` is right.

  - With ``None`` (the placeholder of an exercise not done yet) it prints one line saying
    what to compute and returns ``False``: a notebook with unanswered exercises still
    runs from top to bottom.
  - With a right answer it prints a one-line confirmation, with the right value, and
    returns ``True``.
  - With a wrong answer it raises :class:`AssertionError`, whose message says what is
    wrong and how to fix it. The common mistakes are recognised and named.

  The checks compute the expected value themselves (with this package's functions or from
  the formula), so they follow the package rather than a number copied into the code; the
  one measured quantity, the validation loss of exercise 5, is kept in
  :data:`EXPECTED_BEST_VAL_LOSS`.

* ``solution_<exercise>(...)`` computes the answer the way you would: read it after you
  have tried.

The exercises:

1. :func:`check_temperature`: reweight :data:`P` at temperature 0.5 by hand.
2. :func:`check_entropy`: the entropy, in bits, of that reweighted distribution.
3. :func:`check_stacked_params`: the number of parameters of the lesson's model with two
   stacked ``LSTM(128)`` layers.
4. :func:`check_top_p`: a generation loop with nucleus (top-p) sampling.
5. :func:`check_short_maxlen`: the best validation loss of the model trained on windows
   of 20 characters.

Examples
--------
>>> from textgen_utils import exercises
>>> exercises.check_temperature(None)  # doctest: +NORMALIZE_WHITESPACE
Exercise 1: reweight P = [0.5, 0.3, 0.2] at temperature 0.5 (p ** (1 / T), renormalised)
and pass the 3 probabilities to check_temperature.
False
>>> exercises.check_temperature(exercises.solution_temperature())
Right: at temperature 0.5, P = [0.5, 0.3, 0.2] becomes [0.658, 0.237, 0.105].
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .quality import text_quality
from .sampling import entropy, reweight_distribution, sample, truncate_distribution
from .vectorize import CharVocab

__all__ = [
    "P", "TEMPERATURE", "TOLERANCE", "VOCAB_SIZE", "UNITS", "EXPECTED_BEST_VAL_LOSS",
    "check_temperature", "solution_temperature",
    "check_entropy", "solution_entropy",
    "check_stacked_params", "solution_stacked_params",
    "check_top_p", "solution_top_p",
    "check_short_maxlen", "solution_short_maxlen",
]

#: The distribution of exercises 1 and 2.
P = (0.5, 0.3, 0.2)
#: The temperature of exercises 1 and 2.
TEMPERATURE = 0.5
#: How far a numeric answer of exercises 1 and 2 may be from the right value.
TOLERANCE = 1e-3
#: The lesson's vocabulary: the characters of the lower-cased corpus.
VOCAB_SIZE = 57
#: The units of each LSTM layer in the lesson.
UNITS = 128
#: The range of best validation losses (nats per character) that the lesson's training run
#: gives with windows of ``maxlen`` characters, keyed by ``maxlen``: what our runs reached
#: (benchmarks/short_maxlen.py, in benchmarks/README.md), widened for other seeds and
#: machines.
EXPECTED_BEST_VAL_LOSS: dict[int, tuple[float, float]] = {
    20: (1.48, 1.53),
}


def _fmt(values: ArrayLike) -> str:
    return "[" + ", ".join(f"{v:.3f}" for v in np.ravel(values)) + "]"


def _close(a: ArrayLike, b: ArrayLike) -> bool:
    return bool(np.allclose(a, b, rtol=0, atol=TOLERANCE))


def _as_float(x: Any) -> float | None:
    """``x`` as a float if it is one real number (a 0-d array too), else ``None``."""
    if isinstance(x, (bool, np.bool_, str, bytes)):
        return None
    try:
        a = np.asarray(x)
    except (TypeError, ValueError):  # e.g. a ragged list
        return None
    return float(a) if a.ndim == 0 and a.dtype.kind in "iuf" else None


# ---------------------------------------------------------------------------------------
# Exercise 1: temperature by hand


def solution_temperature(p: Sequence[float] = P, temperature: float = TEMPERATURE) -> list[float]:
    """Reweight ``p`` at ``temperature`` by hand: ``p ** (1 / T)``, then divide by the sum.

    Examples
    --------
    >>> [round(q, 3) for q in solution_temperature()]
    [0.658, 0.237, 0.105]
    """
    weights = np.asarray(p, dtype=float) ** (1 / temperature)
    return (weights / weights.sum()).tolist()


def check_temperature(answer: ArrayLike | None) -> bool:
    """Check exercise 1: :data:`P` reweighted at :data:`TEMPERATURE`.

    Parameters
    ----------
    answer
        Your 3 probabilities (a list or an array), or ``None`` before you have them.

    Returns
    -------
    bool
        ``True`` when right, ``False`` for ``None``; a wrong answer raises
        :class:`AssertionError` explaining what is wrong.

    Examples
    --------
    >>> check_temperature([0.658, 0.237, 0.105])
    Right: at temperature 0.5, P = [0.5, 0.3, 0.2] becomes [0.658, 0.237, 0.105].
    True
    >>> check_temperature([0.25, 0.09, 0.04])  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    AssertionError: [0.250, 0.090, 0.040] sums to 0.380, not 1: it has the right shape,
    but a distribution must add up to 1. Divide by the sum: q = w / w.sum().
    """
    p = np.asarray(P, dtype=float)
    if answer is None:
        print(f"Exercise 1: reweight P = {list(P)} at temperature {TEMPERATURE} "
              "(p ** (1 / T), renormalised) and pass the 3 probabilities to "
              "check_temperature.")
        return False
    expected = reweight_distribution(p, TEMPERATURE)
    try:
        q = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise AssertionError(
            f"Pass {len(P)} numbers, one probability per entry of P (a list or a NumPy "
            f"array), not {type(answer).__name__}.") from None
    if q.ndim != 1 or len(q) != len(P):
        raise AssertionError(
            f"Expected {len(P)} probabilities, one per entry of P = {list(P)}, got an array "
            f"of shape {q.shape}: apply the formula to each entry of P, and keep them all.")
    if not np.all(np.isfinite(q)) or np.any(q < 0):
        raise AssertionError(
            f"{_fmt(q)} has negative or non-finite values: probabilities are numbers "
            "from 0 to 1. Compute p ** (1 / T) with p = np.array(P).")
    if _close(q, expected):
        print(f"Right: at temperature {TEMPERATURE}, P = {list(P)} becomes {_fmt(expected)}.")
        return True
    total = float(q.sum())
    normalised = abs(total - 1) <= len(P) * TOLERANCE  # each entry may be rounded
    shape = q / total if total > 0 else q
    renormalise = "" if normalised else (
        f" It also sums to {total:.3f}, not 1: divide by the sum.")
    if _close(shape, expected):
        raise AssertionError(
            f"{_fmt(q)} sums to {total:.3f}, not 1: it has the right shape, but a "
            "distribution must add up to 1. Divide by the sum: q = w / w.sum().")
    if _close(shape, reweight_distribution(p, 1 / TEMPERATURE)):
        raise AssertionError(
            f"{_fmt(q)} is p ** T: that flattens P, as a high temperature does. "
            f"Temperature divides the log-probabilities, so raise p to the power 1 / T "
            f"(here 1 / {TEMPERATURE} = {1 / TEMPERATURE:g}).{renormalise}")
    if _close(shape, p):
        raise AssertionError(
            f"{_fmt(q)} is P itself{'' if normalised else ' (up to a factor)'}: dividing "
            "p by T multiplies every entry by the same number, which renormalising undoes. "
            "Temperature divides the log-probabilities: exp(log(p) / T) = p ** (1 / T).")
    if not normalised:
        raise AssertionError(
            f"{_fmt(q)} sums to {total:.3f}, not 1, so it is no distribution: compute "
            "w = p ** (1 / T), then q = w / w.sum().")
    raise AssertionError(
        f"{_fmt(q)} is a distribution, but not P at temperature {TEMPERATURE}: compute "
        "w = p ** (1 / T) for each entry p of P, then q = w / w.sum().")


# ---------------------------------------------------------------------------------------
# Exercise 2: entropy


def solution_entropy(q: Sequence[float] | None = None) -> float:
    """The entropy in bits, ``-sum(q * log2(q))``, of ``q`` (by default exercise 1's answer).

    Examples
    --------
    >>> round(solution_entropy(), 3)
    1.231
    >>> solution_entropy([0.5, 0.5])
    1.0
    """
    q = np.asarray(solution_temperature() if q is None else q, dtype=float)
    q = q[q > 0]  # 0 * log(0) counts as 0
    return float(-np.sum(q * np.log2(q)))


def check_entropy(answer: float | None) -> bool:
    """Check exercise 2: the entropy in bits of :data:`P` at :data:`TEMPERATURE`.

    Parameters
    ----------
    answer
        Your entropy (one number), or ``None`` before you have it.

    Returns
    -------
    bool
        ``True`` when right, ``False`` for ``None``; a wrong answer raises
        :class:`AssertionError` explaining what is wrong.

    Examples
    --------
    >>> check_entropy(1.231)  # doctest: +NORMALIZE_WHITESPACE
    Right: the distribution at temperature 0.5 has an entropy of 1.231 bits
    (P had 1.485: sharpening lowers it).
    True
    """
    if answer is None:
        print(f"Exercise 2: compute the entropy, in bits, of P at temperature {TEMPERATURE} "
              "(your answer to exercise 1) and pass it to check_entropy.")
        return False
    q = reweight_distribution(P, TEMPERATURE)
    expected, original = entropy(q), entropy(P)
    h = _as_float(answer)
    if h is None:
        if np.shape(answer) == (len(P),):
            raise AssertionError(
                f"Pass one number, not {len(P)}: the entropy is the sum of the terms "
                "-q * log2(q), one per entry of the distribution.")
        raise AssertionError(f"Pass one number (a float), not {answer!r}.")
    if not math.isfinite(h):
        raise AssertionError(
            f"{h} is not a finite number: a probability of 0 gives log(0) = -inf. "
            "Use probabilities above 0 (those of exercise 1 all are).")
    if _close(h, expected):
        print(f"Right: the distribution at temperature {TEMPERATURE} has an entropy of "
              f"{expected:.3f} bits (P had {original:.3f}: sharpening lowers it).")
        return True
    if h < 0:
        raise AssertionError(
            f"{h:.3f} is negative, and an entropy never is: each log2(q) is negative "
            "(q <= 1), so the formula has a minus sign: H = -sum(q * log2(q)).")
    if _close(h, expected * math.log(2)):
        raise AssertionError(
            f"{h:.3f} is the entropy in nats (natural log): for bits use log base 2, "
            "np.log2(q), or divide by np.log(2).")
    if _close(h, original) or _close(h, original * math.log(2)):
        unit = "" if _close(h, original) else ", in nats (use np.log2 for bits)"
        raise AssertionError(
            f"{h:.3f} is the entropy of the original P{unit}: use the distribution at "
            f"temperature {TEMPERATURE}, your answer to exercise 1.")
    raise AssertionError(
        f"{h:.3f} is not the entropy of P at temperature {TEMPERATURE}: compute "
        "H = -sum(q * log2(q)) over the 3 probabilities q of exercise 1.")


# ---------------------------------------------------------------------------------------
# Exercise 3: parameters of two stacked LSTM layers


def _lstm_params(inputs: int, units: int, gates: int = 4, bias: bool = True) -> int:
    """Weights of an LSTM: each of ``gates * units`` values reads the inputs and the units."""
    return gates * units * (inputs + units + int(bias))


def _stacked_count(*, layers: int = 2, second_inputs: int = UNITS, gates: int = 4,
                   lstm_bias: bool = True, dense_bias: bool = True) -> int:
    """Parameters of ``layers`` LSTM(UNITS) then Dense(VOCAB_SIZE), with mistakes to model."""
    count = _lstm_params(VOCAB_SIZE, UNITS, gates, lstm_bias)
    if layers == 2:
        count += _lstm_params(second_inputs, UNITS, gates, lstm_bias)
    return count + (UNITS + int(dense_bias)) * VOCAB_SIZE


_MISTAKE_HINTS = {
    "second_inputs": f"the second LSTM reads the first one's {UNITS} outputs at each step, "
                     f"not the {VOCAB_SIZE} characters: its inputs are {UNITS}",
    "one_lstm": f"that counts one LSTM, the lesson's model; add the second LSTM({UNITS}), "
                f"which reads the first one's {UNITS} outputs",
    "gates": "an LSTM computes 4 values per unit (input, forget and output gates and the "
             "cell's candidate), each with its own weights: multiply each LSTM's count by 4",
    "lstm_bias": "each of the LSTM's 4 x units values has a bias: count + 1 in "
                 "(inputs + units + 1)",
    "dense_bias": f"the Dense layer has a bias for each of its {VOCAB_SIZE} outputs: "
                  f"(units + 1) x {VOCAB_SIZE}",
    "biases": "every layer has biases: count + 1 in each LSTM's (inputs + units + 1), and "
              f"the Dense layer's {VOCAB_SIZE} biases in (units + 1) x {VOCAB_SIZE}",
}


def _stacked_mistakes() -> dict[int, list[str]]:
    """Wrong counts, each with the fewest mistakes that give it."""
    found: dict[int, list[str]] = {}
    for layers, second, gates, lstm_bias, dense_bias in itertools.product(
            (2, 1), (UNITS, VOCAB_SIZE), (4, 1), (True, False), (True, False)):
        if layers == 1 and second != UNITS:
            continue
        mistakes = [name for name, wrong in [
            ("one_lstm", layers == 1), ("second_inputs", second != UNITS),
            ("gates", gates != 4), ("lstm_bias", not lstm_bias),
            ("dense_bias", not dense_bias)] if wrong]
        count = _stacked_count(layers=layers, second_inputs=second, gates=gates,
                               lstm_bias=lstm_bias, dense_bias=dense_bias)
        if not lstm_bias and not dense_bias:  # one hint for both
            mistakes = [m for m in mistakes if not m.endswith("_bias")] + ["biases"]
        if mistakes and (count not in found or len(mistakes) < len(found[count])):
            found[count] = mistakes
    return found


def solution_stacked_params(vocab_size: int = VOCAB_SIZE, units: int = UNITS) -> int:
    """Parameters of LSTM(units) -> LSTM(units) -> Dense(vocab_size), counted by hand.

    Examples
    --------
    >>> solution_stacked_params()
    234169
    """
    first = 4 * units * (vocab_size + units + 1)  # reads the one-hot characters
    second = 4 * units * (units + units + 1)      # reads the first LSTM's outputs
    dense = (units + 1) * vocab_size
    return first + second + dense


def check_stacked_params(answer: int | None) -> bool:
    """Check exercise 3: the parameters of the lesson's model with two stacked LSTMs.

    The model: one-hot inputs of :data:`VOCAB_SIZE` characters, ``LSTM(128,
    return_sequences=True)``, ``LSTM(128)``, ``Dense(57, activation="softmax")``.

    Parameters
    ----------
    answer
        Your count (a whole number), or ``None`` before you have it.

    Returns
    -------
    bool
        ``True`` when right, ``False`` for ``None``; a wrong answer raises
        :class:`AssertionError` explaining what is wrong.

    Examples
    --------
    >>> check_stacked_params(102_585)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    AssertionError: 102,585 is not the count: that counts one LSTM, the lesson's model;
    add the second LSTM(128), which reads the first one's 128 outputs.
    """
    if answer is None:
        print(f"Exercise 3: count the parameters of LSTM({UNITS}, return_sequences=True), "
              f"LSTM({UNITS}), Dense({VOCAB_SIZE}) on one-hot inputs of {VOCAB_SIZE} "
              "characters and pass the total to check_stacked_params.")
        return False
    number = _as_float(answer)
    if number is None or not number.is_integer():
        raise AssertionError(
            f"Pass the count as one whole number, not {answer!r}: a model has a whole "
            "number of weights.")
    count = int(number)
    expected = _stacked_count()
    if count == expected:
        print(f"Right: {expected:,} parameters, "
              f"{_lstm_params(VOCAB_SIZE, UNITS):,} + {_lstm_params(UNITS, UNITS):,} in the "
              f"LSTMs and {(UNITS + 1) * VOCAB_SIZE:,} in the Dense layer.")
        return True
    mistakes = _stacked_mistakes().get(count)
    if mistakes:
        raise AssertionError(
            f"{count:,} is not the count: "
            + "; and ".join(_MISTAKE_HINTS[name] for name in mistakes) + ".")
    raise AssertionError(
        f"{count:,} is not the count. Add up the three layers: an LSTM has "
        "4 x units x (inputs + units + 1) parameters, the Dense layer (units + 1) x "
        f"{VOCAB_SIZE}; the first LSTM's inputs are the {VOCAB_SIZE} characters, the "
        f"second's the first one's {UNITS} outputs.")


# ---------------------------------------------------------------------------------------
# Exercise 4: nucleus (top-p) sampling


def solution_top_p(model: Any, vocab: CharVocab, seed_text: str, length: int,
                   top_p: float, rng: np.random.Generator) -> str:
    """Generate ``length`` characters after ``seed_text`` with nucleus (top-p) sampling.

    Each step keeps the smallest set of most likely characters whose probabilities add up
    to ``top_p``, renormalises it and draws the next character from it.

    Examples
    --------
    >>> import textgen_utils as tg  # doctest: +SKIP
    >>> model, vocab = tg.load_pretrained()  # doctest: +SKIP
    >>> solution_top_p(model, vocab, "the will to power", 40, 0.8,
    ...                np.random.default_rng(0))  # doctest: +SKIP
    """
    from .generation import next_char_probs

    text = seed_text
    for _ in range(length):
        p = next_char_probs(model, vocab, text)  # window mode: reads the last 60 characters
        q = truncate_distribution(p, top_p=top_p)
        text += vocab.chars[sample(q, 1.0, rng)]
    return text[len(seed_text):]


def _check_generated(text: Any, seed: str, length: int, vocab: CharVocab) -> None:
    """``AssertionError`` unless ``text`` is ``length`` new characters of ``vocab``."""
    if not isinstance(text, str):
        if isinstance(text, (list, tuple)) and all(isinstance(c, str) for c in text):
            raise AssertionError(
                f"generate returned a {type(text).__name__} of characters; return one str: "
                "''.join(chars).")
        raise AssertionError(
            f"generate returned {type(text).__name__}, not a str: return the generated "
            "characters as one string.")
    if len(text) != length:
        if len(text) == len(seed) + length and text.startswith(seed):
            raise AssertionError(
                f"generate returned {len(text)} characters, the seed ({len(seed)}) and the "
                f"{length} new ones; return only the new ones, without the seed "
                "(text[len(seed_text):]).")
        if len(text) > length:
            raise AssertionError(
                f"generate returned {len(text)} characters for length={length}; return "
                "only the new ones, without the seed (does the loop run length times?).")
        raise AssertionError(
            f"generate returned {len(text)} characters for length={length}: run the loop "
            "length times, adding one character each time.")
    unknown = sorted(set(text) - set(vocab.chars))
    if unknown:
        raise AssertionError(
            f"generate returned characters outside the vocabulary, {unknown!r}: turn each "
            "sampled index i back into its character with vocab.chars[i].")


def _known_share(texts: list[str], known_words: frozenset[str] | set[str]) -> float:
    """The mean share of known words of ``texts`` (a text without words counts as 0)."""
    shares = [text_quality(text, known_words)["known_words"] or 0.0 for text in texts]
    return float(np.mean(shares))


def check_top_p(
    generate: Callable[..., str] | None,
    model: Any,
    vocab: CharVocab,
    seeds: Sequence[str],
    known_words: frozenset[str] | set[str],
    *,
    top_p: float = 0.8,
    length: int = 150,
    rng_seed: int = 0,
) -> bool:
    """Check exercise 4: your nucleus-sampling ``generate`` writes more real words.

    Your ``generate(model, vocab, seed_text, length, top_p, rng)`` is called on each seed
    with ``rng = np.random.default_rng(rng_seed + i)`` for the ``i``-th seed. Each result
    must be a ``str`` of exactly ``length`` characters of ``vocab`` (without the seed).
    The texts are then scored with :func:`~textgen_utils.text_quality`, and their mean
    share of known words must be higher than that of plain sampling at temperature 1
    (:func:`~textgen_utils.generate_text` on the same seeds with the same random seeds).

    Parameters
    ----------
    generate
        Your generation function, or ``None`` before you have written it.
    model, vocab
        The model to generate with and its vocabulary.
    seeds
        Texts to continue (the lesson passes 4 windows of 60 characters of the
        validation text).
    known_words
        The corpus's words, :func:`~textgen_utils.corpus_words` of the corpus.
    top_p
        The share of probability that ``generate`` keeps.
    length
        How many characters to generate after each seed.
    rng_seed
        The random seed of the first seed's generator (the ``i``-th uses
        ``rng_seed + i``).

    Returns
    -------
    bool
        ``True`` when right, ``False`` for ``None``; a wrong function raises
        :class:`AssertionError` explaining what is wrong.

    Examples
    --------
    >>> check_top_p(None, model=None, vocab=None, seeds=[],
    ...             known_words=frozenset())  # doctest: +NORMALIZE_WHITESPACE
    Exercise 4: write generate(model, vocab, seed_text, length, top_p, rng), one character
    at a time with truncate_distribution(p, top_p=top_p), and pass it to check_top_p.
    False
    >>> check_top_p(generate, model, vocab, seeds, known)  # doctest: +SKIP
    Right: with top_p=0.8, 87.1% of the words are known, against 71.4% when sampling at
    temperature 1 (4 texts of 150 characters).
    True
    """
    if generate is None:
        print("Exercise 4: write generate(model, vocab, seed_text, length, top_p, rng), one "
              "character at a time with truncate_distribution(p, top_p=top_p), and pass it "
              "to check_top_p.")
        return False
    if isinstance(seeds, str) or not seeds or not all(isinstance(s, str) for s in seeds):
        raise TypeError("seeds must be a non-empty list of texts to continue.")
    if isinstance(known_words, str) or not isinstance(known_words, (set, frozenset)):
        raise TypeError("known_words must be the corpus's set of words: "
                        "corpus_words(text), not the text itself.")
    from .generation import generate_text

    texts = []
    for i, seed in enumerate(seeds):
        text = generate(model, vocab, seed, length, top_p, np.random.default_rng(rng_seed + i))
        _check_generated(text, seed, length, vocab)
        texts.append(text)
    plain = [generate_text(model, vocab, seed, length, 1.0, np.random.default_rng(rng_seed + i))
             for i, seed in enumerate(seeds)]
    ours, theirs = _known_share(texts, known_words), _known_share(plain, known_words)
    what = (f"{len(seeds)} text{'s' if len(seeds) > 1 else ''} of {length} characters")
    if ours > theirs:
        print(f"Right: with top_p={top_p}, {ours:.1%} of the words are known, against "
              f"{theirs:.1%} when sampling at temperature 1 ({what}).")
        return True
    raise AssertionError(
        f"With top_p={top_p}, {ours:.1%} of the words are known, no more than the "
        f"{theirs:.1%} of plain sampling at temperature 1 ({what}): does generate sample "
        "from the truncated distribution? Take p = next_char_probs(model, vocab, text) "
        "for the text so far, keep its most likely characters with "
        "q = truncate_distribution(p, top_p=top_p) and draw from q with the rng you are "
        "given: sample(q, 1.0, rng).")


# ---------------------------------------------------------------------------------------
# Exercise 5: windows of 20 characters


def solution_short_maxlen(train_text: str, val_text: str, vocab: CharVocab,
                          maxlen: int = 20, *, run_dir: str | None = "runs/maxlen20",
                          **train_options: Any) -> float:
    """Train the lesson's model on windows of ``maxlen`` characters: its best validation loss.

    ``train_options`` go to :func:`~textgen_utils.train` (``epochs``, ``sampler``...).
    This is a full training run, as long as the lesson's.

    Examples
    --------
    >>> best = solution_short_maxlen(train_text, val_text, vocab)  # doctest: +SKIP
    """
    import textgen_utils as tg

    x_train, y_train = tg.make_windows(train_text, vocab, maxlen)
    x_val, y_val = tg.make_windows(val_text, vocab, maxlen)  # held-out text
    model = tg.build_model(vocab, maxlen=maxlen)
    result = tg.train(model, x_train, y_train, validation_data=(x_val, y_val),
                      run_dir=run_dir, **train_options)
    return result["best"]


def check_short_maxlen(val_loss: float | None, maxlen: int = 20) -> bool:
    """Check exercise 5: the best validation loss with windows of ``maxlen`` characters.

    Parameters
    ----------
    val_loss
        The lowest validation loss of your run (``result["best"]`` of
        :func:`~textgen_utils.train`), or ``None`` before you have it.
    maxlen
        The window length you trained with: one of :data:`EXPECTED_BEST_VAL_LOSS`.

    Returns
    -------
    bool
        ``True`` when in the expected range, ``False`` for ``None``; a value outside it
        raises :class:`AssertionError` saying what may have gone wrong.

    Examples
    --------
    >>> check_short_maxlen(None)  # doctest: +NORMALIZE_WHITESPACE
    Exercise 5: train the lesson's model with maxlen=20 in a new run_dir and pass its best
    validation loss (result["best"]) to check_short_maxlen.
    False
    >>> check_short_maxlen(1.501)
    Right: 1.501 is in the range expected for maxlen=20 (1.48 to 1.53 nats per character).
    True
    """
    if maxlen not in EXPECTED_BEST_VAL_LOSS:
        raise ValueError(f"No expected validation loss for maxlen={maxlen!r}; there is one "
                         f"for maxlen in {sorted(EXPECTED_BEST_VAL_LOSS)}.")
    if val_loss is None:
        print(f"Exercise 5: train the lesson's model with maxlen={maxlen} in a new run_dir "
              'and pass its best validation loss (result["best"]) to check_short_maxlen.')
        return False
    low, high = EXPECTED_BEST_VAL_LOSS[maxlen]
    if isinstance(val_loss, dict):
        raise AssertionError('Pass one number, not what train returned: result["best"].')
    loss = _as_float(val_loss)
    if loss is None:
        if isinstance(val_loss, (list, tuple, np.ndarray)):
            raise AssertionError(
                "Pass one number, the lowest validation loss of the run, not the list of "
                'every epoch\'s: result["best"], or min(result["history"]["val_loss"]).')
        raise AssertionError(
            f'Pass the validation loss as a number (result["best"]), not {val_loss!r}.')
    if not math.isfinite(loss):
        raise AssertionError(
            f"{loss} is not a finite number: the loss diverged. Look at result['stopped'] "
            "and the loss of each epoch; train again in a new run_dir.")
    if low <= loss <= high:
        print(f"Right: {loss:.3f} is in the range expected for maxlen={maxlen} "
              f"({low:.2f} to {high:.2f} nats per character).")
        return True
    if loss > high:
        bits = ""
        if low <= loss * math.log(2) <= high:
            bits = (" It would be in range if it were in bits: Keras's loss is in nats, "
                    "pass it as it is.")
        raise AssertionError(
            f"{loss:.3f} is higher than expected for maxlen={maxlen} ({low:.2f} to "
            f"{high:.2f}): did training run all epochs (result['epoch'])? Pass the best "
            "validation loss of the run, result['best'], not the last epoch's, and train "
            f"the lesson's model (units=128, learning_rate=0.01) on the whole training text."
            + bits)
    raise AssertionError(
        f"{loss:.3f} is lower than expected for maxlen={maxlen} ({low:.2f} to {high:.2f}): "
        "check that validation uses held-out text (x_val, y_val from val_text) and that "
        "you passed the validation loss, not the training loss.")
