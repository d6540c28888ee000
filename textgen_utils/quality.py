"""Measuring generated text: real words, repetition, and how surprising each character is.

Three numbers for a generated text, each against the corpus:

* ``known_words``: the share of its words that occur in the corpus (misspellings and
  invented words lower it);
* ``distinct_2``: the share of its word pairs that are distinct (a text that loops
  repeats pairs, and this falls towards 0);
* ``cross_entropy``: its mean surprisal per character, in nats, under a
  :class:`~textgen_utils.CharNGram` fitted on the corpus (text the counting model finds
  ordinary scores low).

:func:`surprisal` gives the bits of each character under a model, for a coloured view.
:func:`compare_sampling` generates texts with several sampling settings (temperatures,
top-k, top-p) and scores each, for the lesson's "quality against diversity" figure
(:func:`~textgen_utils.plot_quality`); :func:`reference_quality` scores real text the same
way, as the point to aim for.

Examples
--------
>>> words = corpus_words("the will to power is the will to life")
>>> score = text_quality("the will to powr", words)
>>> score["known_words"], score["distinct_2"]
(0.75, 1.0)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .ngram import CharNGram
from .sampling import check_temperature, sample, truncate_distribution
from .vectorize import CharVocab

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def words_of(text: str) -> list[str]:
    """The words of ``text``: runs of letters, with inner apostrophes ("man's")."""
    return _WORD.findall(text)


def corpus_words(text: str) -> frozenset[str]:
    """Every distinct word of ``text``: what :func:`text_quality` counts as known."""
    return frozenset(words_of(text))


def text_quality(text: str, known: frozenset[str] | set[str],
                 ngram: CharNGram | None = None) -> dict[str, Any]:
    """Score a generated ``text``: ``known_words``, ``distinct_2`` and ``cross_entropy``.

    Parameters
    ----------
    text
        The generated characters (without the seed).
    known
        The corpus's words, from :func:`corpus_words`.
    ngram
        A fitted :class:`~textgen_utils.CharNGram`; without it ``cross_entropy`` is
        ``None``. Characters it does not know make it raise ``ValueError``.

    Returns
    -------
    dict
        ``words`` (how many), ``known_words`` and ``distinct_2`` (shares in [0, 1], or
        ``None`` for a text without words or word pairs) and ``cross_entropy`` (nats per
        character).

    Examples
    --------
    >>> text_quality("to be to be to be", corpus_words("to be or not to be"))["distinct_2"]
    0.4
    """
    words = words_of(text)
    pairs = list(zip(words, words[1:]))
    result: dict[str, Any] = {
        "words": len(words),
        "known_words": sum(w in known for w in words) / len(words) if words else None,
        "distinct_2": len(set(pairs)) / len(pairs) if pairs else None,
        "cross_entropy": None,
    }
    if ngram is not None and len(text) > 0:
        bits = surprisal(ngram, ngram.vocab, text)
        result["cross_entropy"] = float(np.mean(bits) * np.log(2))
    return result


def surprisal(model, vocab: CharVocab, text: str, context: str = "") -> np.ndarray:
    """The bits of each character of ``text``: ``-log2 P(character | what came before)``.

    Parameters
    ----------
    model
        A :class:`~textgen_utils.CharNGram`, a model that reads windows of character ids
        (:func:`~textgen_utils.build_model`; what came before is the last ``maxlen``
        characters, padded on the left with spaces), or one that predicts after every
        position (:func:`~textgen_utils.build_sequence_model`; it reads all that came
        before).
    vocab
        The model's vocabulary.
    text
        The characters to score.
    context
        Text before ``text`` that the model reads but that is not scored (a seed).

    Returns
    -------
    numpy.ndarray
        One value per character of ``text``: 0 for a character the model was sure of,
        ``log2(len(vocab))`` for one it found as likely as any other, more for a surprise.

    Examples
    --------
    >>> ngram = CharNGram(2).fit("abababab", CharVocab(("a", "b")))
    >>> surprisal(ngram, ngram.vocab, "abba", context="b").round(2).tolist()
    [0.13, 0.09, 3.58, 0.13]
    """
    ids = vocab.encode(context + text).astype(np.int64)
    targets = ids[len(context):]
    if isinstance(model, CharNGram):
        need = model.order - 1
        pad = vocab.char_indices.get(" ", 0)
        padded = np.concatenate([np.full(need, pad, np.int64), ids])
        starts = np.arange(len(context), len(ids))
        windows = (np.lib.stride_tricks.sliding_window_view(padded[:-1], need)[starts]
                   if need else np.zeros((len(starts), 0), np.int64))
        p = model._prob_of(windows, targets)
    else:
        p = _model_probs(model, vocab, ids, len(context))
    return -np.log2(np.maximum(p, np.finfo(np.float64).tiny))


def _model_probs(model, vocab: CharVocab, ids: np.ndarray, start: int) -> np.ndarray:
    """P(ids[i] | ids[:i]) for i >= start under a Keras character model."""
    maxlen = model.inputs[0].shape[1]
    pad = vocab.char_indices.get(" ", 0)
    if maxlen is None:  # every position at once: the text is one sequence
        if start == 0:  # the first character needs something before it: one space
            ids, start = np.concatenate([[pad], ids]), 1
        out = np.asarray(model(ids[None, :-1], training=False))[0]
        return out[np.arange(start - 1, len(ids) - 1), ids[start:]]
    padded = np.concatenate([np.full(maxlen, pad, np.int64), ids])
    windows = np.lib.stride_tricks.sliding_window_view(padded[:-1], maxlen)[start:]
    out = model.predict(windows.astype(model.inputs[0].dtype), batch_size=1024, verbose=0)
    return out[np.arange(len(windows)), ids[start:]]


#: The keys a sampling setting of :func:`compare_sampling` may have.
SETTING_KEYS = ("temperature", "top_k", "top_p")
_MEANS = ("known_words", "distinct_2", "cross_entropy")


def _mean_quality(texts: Sequence[str], known: frozenset[str] | set[str],
                  ngram: CharNGram | None) -> dict[str, float | None]:
    """The mean over ``texts`` of each of text_quality's shares, leaving out ``None``."""
    scores = [text_quality(t, known, ngram) for t in texts]
    means: dict[str, float | None] = {}
    for key in _MEANS:
        values = [s[key] for s in scores if s[key] is not None]
        means[key] = float(np.mean(values)) if values else None
    return means


def reference_quality(texts: Iterable[str], known: frozenset[str] | set[str],
                      ngram: CharNGram | None = None) -> dict[str, float | None]:
    """Score real text the way :func:`compare_sampling` scores generated text.

    Give the real continuations of the seeds (the characters that follow each seed in the
    corpus, as many as were generated): their scores are where a perfect model would land.

    Parameters
    ----------
    texts
        The real continuations, at least one.
    known
        The corpus's words, from :func:`corpus_words`.
    ngram
        A fitted :class:`~textgen_utils.CharNGram`; without it ``cross_entropy`` is ``None``.

    Returns
    -------
    dict
        ``known_words``, ``distinct_2`` and ``cross_entropy``: the means over the texts of
        :func:`text_quality`'s values, leaving out the texts where one is ``None`` (it is
        ``None`` when every text lacks it).

    Examples
    --------
    >>> known = corpus_words("the will to power is the will to life")
    >>> reference_quality(["the will to life", "power is power is"], known)
    {'known_words': 1.0, 'distinct_2': 0.8333333333333333, 'cross_entropy': None}
    """
    if isinstance(texts, str):
        raise ValueError("texts must be a list of texts, not one string.")
    texts = list(texts)
    if not texts:
        raise ValueError("Give at least one text to score.")
    return _mean_quality(texts, known, ngram)


def _setting_label(setting: Mapping[str, Any]) -> str:
    parts = []
    if "top_k" in setting:
        parts.append(f"top-k {setting['top_k']}")
    if "top_p" in setting:
        parts.append(f"top-p {setting['top_p']}")
    if not parts:
        return f"T = {setting['temperature']}"
    label = ", ".join(parts)
    return label + (f" (T = {setting['temperature']})" if "temperature" in setting else "")


def _check_setting(setting: Any) -> dict[str, Any]:
    """The setting as a plain dict, or a ValueError that says what is wrong with it."""
    if not isinstance(setting, Mapping):
        raise ValueError(f"A setting must be a dict such as {{'temperature': 0.5}}, "
                         f"{{'top_k': 5}} or {{'top_p': 0.8}}; got {setting!r}.")
    unknown = [key for key in setting if key not in SETTING_KEYS]
    if unknown:
        raise ValueError(f"Unknown key(s) {', '.join(map(repr, unknown))} in the setting "
                         f"{dict(setting)!r}: a setting may have only 'temperature', 'top_k' "
                         "and 'top_p'.")
    if not setting:
        raise ValueError("A setting is empty: give a 'temperature', a 'top_k' or a 'top_p'.")
    if "temperature" in setting:
        check_temperature(setting["temperature"])
    truncation = {k: v for k, v in setting.items() if k != "temperature"}
    if truncation:  # its own checks, on a distribution of two entries
        truncate_distribution([0.5, 0.5], **truncation)
    return dict(setting)


def _window_length(model) -> int:
    shape = tuple(model.inputs[0].shape)
    if len(shape) < 2 or shape[1] is None:
        raise ValueError(
            "compare_sampling needs a model that reads windows of a fixed number of "
            f"characters (its input shape is {shape}). Use the window model: "
            "load_pretrained() or build_model(...), not the every-position model.")
    return int(shape[1])


def compare_sampling(
    model,
    vocab: CharVocab,
    seeds: Sequence[str],
    settings: Sequence[Mapping[str, Any]],
    known: frozenset[str] | set[str],
    *,
    length: int = 300,
    ngram: CharNGram | None = None,
    rng_seed: int = 1,
) -> list[dict[str, Any]]:
    """Generate a text per seed with each sampling setting, and score every text.

    For each setting, one text of ``length`` characters is generated after each seed. The
    texts of all the seeds and all the settings form one batch, so each character costs
    one call of the model for all of them (``len(settings) * len(seeds)`` rows).
    Each row's distribution is cut by :func:`~textgen_utils.truncate_distribution` when the
    setting asks for ``top_k`` or ``top_p``, then drawn from by
    :func:`~textgen_utils.sample` at the setting's temperature (1 unless given; 0 is
    greedy). Every setting starts from a fresh ``numpy.random.default_rng(rng_seed)``, so
    the settings differ only in how they sample, not in their luck. Each text is then
    scored by :func:`text_quality`.

    Parameters
    ----------
    model
        A window model, which reads the last ``maxlen`` character ids
        (:func:`~textgen_utils.build_model`, :func:`~textgen_utils.load_pretrained`).
    vocab
        The model's vocabulary.
    seeds
        The texts to continue, each at least ``maxlen`` characters long; the model reads
        the last ``maxlen`` of each.
    settings
        One dict per way of sampling: ``{"temperature": 0.5}``, ``{"top_k": 5}`` or
        ``{"top_p": 0.8}``, and a truncation may carry a ``"temperature"`` too.
    known
        The corpus's words, from :func:`corpus_words`.
    length
        The characters generated after each seed.
    ngram
        A fitted :class:`~textgen_utils.CharNGram` for ``cross_entropy`` (``None`` without).
    rng_seed
        The seed of every setting's random numbers.

    Returns
    -------
    list of dict
        One row per setting, in order: ``label`` (``"T = 0.5"``, ``"top-k 5"``,
        ``"top-p 0.8"``), ``setting`` (a copy of the dict), ``known_words``,
        ``distinct_2`` and ``cross_entropy`` (the means over the seeds, as
        :func:`reference_quality` computes them) and ``texts`` (one per seed, without it).

    Raises
    ------
    ValueError
        For no seed or no setting, a seed shorter than ``maxlen`` or with a character
        outside ``vocab``, a setting with an unknown key or a bad value, or a model without
        a fixed window.

    Examples
    --------
    >>> from textgen_utils import load_pretrained  # doctest: +SKIP
    >>> model, vocab = load_pretrained()  # doctest: +SKIP
    >>> seed = "the will to power is the instinct of freedom, and the free spirit "
    >>> rows = compare_sampling(model, vocab, [seed], [{"temperature": 0.5}, {"top_k": 5}],
    ...                         corpus_words(seed), length=40)  # doctest: +SKIP
    >>> [row["label"] for row in rows], len(rows[0]["texts"][0])  # doctest: +SKIP
    (['T = 0.5', 'top-k 5'], 40)
    """
    import tensorflow as tf  # here, not at the top: importing this module needs NumPy only

    if isinstance(seeds, str):
        raise ValueError("seeds must be a list of texts, not one string.")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("Give at least one seed text.")
    if isinstance(length, bool) or not isinstance(length, (int, np.integer)) or length < 1:
        raise ValueError(f"length must be a whole number >= 1, got {length!r}.")
    if isinstance(settings, Mapping):
        raise ValueError("settings must be a list of dicts, such as [{'temperature': 0.5}].")
    settings = [_check_setting(s) for s in settings]
    if not settings:
        raise ValueError("Give at least one setting, such as {'temperature': 0.5}.")
    maxlen = _window_length(model)
    for i, seed in enumerate(seeds):
        if not isinstance(seed, str) or len(seed) < maxlen:
            size = f"{len(seed)} characters" if isinstance(seed, str) else repr(seed)
            raise ValueError(f"Seed {i} is {size}; the model reads windows of {maxlen}, "
                             f"so every seed needs at least {maxlen} characters.")
    start = np.stack([vocab.encode(s[-maxlen:]) for s in seeds])
    one_hot = len(model.inputs[0].shape) == 3  # a model that reads one-hot vectors
    dtype = model.inputs[0].dtype
    eye = np.eye(len(vocab), dtype=np.float32)

    # Every text of every setting is one row of a single batch, so each character costs
    # one model call; traced once, as every call has the shape (rows, maxlen).
    predict = tf.function(lambda w: model(w, training=False), autograph=False)
    n = len(seeds)
    plans = [(setting.get("temperature", 1.0),
              {k: v for k, v in setting.items() if k != "temperature"},
              np.random.default_rng(rng_seed))  # each setting its own, same, draws
             for setting in settings]
    windows = np.tile(start, (len(settings), 1))  # row s * n + i: setting s, seed i
    out = np.zeros((len(windows), length), np.int64)
    for step in range(length):
        x = eye[windows] if one_hot else windows.astype(dtype)
        probs = np.asarray(predict(tf.constant(x)), dtype=np.float64)
        for s, (temperature, truncation, rng) in enumerate(plans):
            for row in range(s * n, (s + 1) * n):
                p = truncate_distribution(probs[row], **truncation) if truncation else probs[row]
                out[row, step] = sample(p, temperature, rng)
        windows = np.concatenate([windows[:, 1:], out[:, step:step + 1]], axis=1)

    rows = []
    for s, setting in enumerate(settings):
        texts = [vocab.decode(ids) for ids in out[s * n:(s + 1) * n]]
        rows.append({"label": _setting_label(setting), "setting": setting,
                     **_mean_quality(texts, known, ngram), "texts": texts})
    return rows
