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

Examples
--------
>>> words = corpus_words("the will to power is the will to life")
>>> score = text_quality("the will to powr", words)
>>> score["known_words"], score["distinct_2"]
(0.75, 1.0)
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from .ngram import CharNGram
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
