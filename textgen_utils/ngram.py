"""A counting baseline: a character n-gram model with interpolated Kneser-Ney smoothing.

It predicts the next character from the last ``order - 1`` characters by counting how
often each character followed them in the training text. Counts alone give zero
probability to anything not seen, so each level lends part of its probability to the
next shorter context (interpolation), down to a uniform distribution over the
vocabulary:

.. math::

    P_k(w \\mid h) = \\frac{\\max(c_k(h w) - D_k,\\ 0)}{c_k(h)}
                   + \\frac{D_k \\, N_k(h)}{c_k(h)} \\, P_{k-1}(w \\mid h')

where ``h`` is the last ``k`` characters, ``h'`` the last ``k - 1``, ``D_k`` a discount
(Ney's estimate ``n1 / (n1 + 2 n2)`` from the counts of counts), ``N_k(h)`` how many
different characters followed ``h`` and ``c_k(h)`` the sum of ``c_k(h w)`` over ``w``.
At the longest context ``c_k`` counts occurrences. At the shorter ones it is Kneser and
Ney's continuation count: *in how many different contexts* ``h w`` occurred. A
character that only ever follows one word should not get much weight where the longer
context has nothing to say. A context never seen passes its whole weight down.
NLTK's ``KneserNeyInterpolated`` ends its recursion differently (an unsmoothed
continuation unigram and no uniform level), so its numbers are not these.

Examples
--------
>>> from textgen_utils import CharVocab
>>> text = "the cat sat on the mat. the hat."
>>> model = CharNGram(3).fit(text, CharVocab.from_text(text))
>>> probs = model.probs("th")
>>> round(float(probs.sum()), 6), model.vocab.chars[int(probs.argmax())]
(1.0, 'e')
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .sampling import sample
from .vectorize import CharVocab


@dataclass(frozen=True)
class _Level:
    """The counts for contexts of one length: sorted integer keys and their numbers."""

    grams: np.ndarray      # keys of (context + next character), sorted
    counts: np.ndarray     # c_k(h w): occurrences, or continuation counts below the top
    contexts: np.ndarray   # keys of the contexts h, sorted
    totals: np.ndarray     # c_k(h)
    types: np.ndarray      # N_k(h): how many different characters follow h
    discount: float


def _lookup(keys: np.ndarray, sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where ``keys`` sit in ``sorted_keys``, and whether they are there at all."""
    at = np.searchsorted(sorted_keys, keys).clip(0, max(len(sorted_keys) - 1, 0))
    found = sorted_keys[at] == keys if len(sorted_keys) else np.zeros(keys.shape, bool)
    return at, found


class CharNGram:
    """A character n-gram language model with interpolated Kneser-Ney smoothing.

    Parameters
    ----------
    order
        ``n``: the model reads the last ``n - 1`` characters. ``1`` is the smoothed
        frequency of each character, whatever came before.
    discount
        A fixed discount ``D`` in (0, 1] for every level, instead of Ney's estimate.

    Examples
    --------
    >>> from textgen_utils import CharVocab, make_windows
    >>> text = "abracadabra " * 20
    >>> vocab = CharVocab.from_text(text)
    >>> model = CharNGram(4).fit(text, vocab)
    >>> x, y = make_windows(text, vocab, maxlen=10)
    >>> round(model.cross_entropy(x, y), 2)  # nats per character: a predictable text
    0.18
    """

    def __init__(self, order: int, discount: float | None = None):
        if not isinstance(order, (int, np.integer)) or order < 1:
            raise ValueError(f"order must be a whole number >= 1, got {order!r}.")
        if discount is not None and not 0 < discount <= 1:
            raise ValueError(f"discount must be in (0, 1], got {discount!r}.")
        self.order, self.discount = int(order), discount
        self.vocab: CharVocab | None = None
        self._levels: list[_Level] = []

    def fit(self, text: str, vocab: CharVocab) -> CharNGram:
        """Count the n-grams of ``text`` (characters of ``vocab`` only); returns ``self``."""
        size = len(vocab)
        if size ** self.order >= 2**62:
            raise ValueError(
                f"order {self.order} with {size} characters needs keys larger than 64 "
                "bits: use a lower order.")
        ids = vocab.encode(text).astype(np.int64)  # raises ValueError for unknown characters
        if len(ids) < self.order:
            raise ValueError(f"The text has {len(ids)} characters; order {self.order} "
                             f"needs at least {self.order}.")
        keys = [ids]  # keys[m - 1]: every m-gram of the text as one integer
        for m in range(2, self.order + 1):
            keys.append(keys[-1][:-1] * size + ids[m - 1:])
        self._levels = []
        for k in range(self.order):  # contexts of k characters, grams of k + 1
            if k == self.order - 1:
                grams, counts = np.unique(keys[k], return_counts=True)
            else:  # continuation counts: distinct characters seen before each gram
                longer = np.unique(keys[k + 1])
                grams, counts = np.unique(longer % size ** (k + 1), return_counts=True)
            contexts, where = np.unique(grams // size, return_inverse=True)
            n1, n2 = np.sum(counts == 1), np.sum(counts == 2)
            estimate = n1 / (n1 + 2 * n2) if n1 + 2 * n2 else 0.5
            self._levels.append(_Level(
                grams, counts, contexts,
                totals=np.bincount(where, weights=counts),
                types=np.bincount(where).astype(float),
                discount=self.discount or float(np.clip(estimate, 0.1, 1.0)),
            ))
        self.vocab = vocab
        return self

    def _prob_of(self, contexts: np.ndarray, nexts: np.ndarray) -> np.ndarray:
        """P(next | context) for rows of context ids (at least ``order - 1`` columns)."""
        size = len(self.vocab)
        p = np.full(len(nexts), 1.0 / size)
        h = np.zeros(len(nexts), np.int64)  # the key of the last k characters
        for k, level in enumerate(self._levels):
            if k:
                h = (h + contexts[:, -k].astype(np.int64) * size ** (k - 1))
            at, seen = _lookup(h, level.contexts)
            gat, gseen = _lookup(h * size + nexts, level.grams)
            count = np.where(gseen, level.counts[gat] if len(level.grams) else 0, 0)
            total, types = level.totals[at], level.types[at]
            mixed = (np.maximum(count - level.discount, 0) + level.discount * types * p)
            p = np.where(seen, mixed / np.where(seen, total, 1), p)
        return p

    def _context_ids(self, context) -> np.ndarray:
        ids = (self.vocab.encode(context) if isinstance(context, str)
               else np.asarray(context, np.int64))
        need = self.order - 1
        if len(ids) < need:  # a short context: pad with spaces, as generate_text does
            pad = self.vocab.char_indices.get(" ", 0)
            ids = np.concatenate([np.full(need - len(ids), pad), ids])
        return ids[len(ids) - need:].astype(np.int64)

    def probs(self, context: str | np.ndarray) -> np.ndarray:
        """The distribution over the next character after ``context`` (a string or ids).

        Only the last ``order - 1`` characters are read; a shorter context is padded on
        the left with spaces. Every character of the vocabulary gets a probability
        above zero, and they sum to 1.
        """
        self._check_fitted()
        ids = self._context_ids(context)
        size = len(self.vocab)
        rows = np.tile(ids, (size, 1))
        return self._prob_of(rows, np.arange(size, dtype=np.int64))

    def cross_entropy(self, x_ids: np.ndarray, y_ids: np.ndarray) -> float:
        """Mean ``-ln P(y | x)`` in nats over windows ``x_ids`` (rows) and targets ``y_ids``.

        These are the arrays :func:`~textgen_utils.make_windows` makes, so the number is
        the one Keras reports as a model's loss on the same windows. Divide by ``ln 2``
        for bits per character.
        """
        self._check_fitted()
        x_ids, y_ids = np.asarray(x_ids), np.asarray(y_ids, np.int64)
        if x_ids.ndim != 2 or len(x_ids) != len(y_ids) or x_ids.shape[1] < self.order - 1:
            raise ValueError(
                f"x_ids must be windows of at least {self.order - 1} ids, one row per target "
                f"in y_ids; got shapes {x_ids.shape} and {y_ids.shape}.")
        return float(-np.mean(np.log(self._prob_of(x_ids, y_ids))))

    def generate(self, seed: str, length: int = 400, temperature: float = 1.0,
                 rng: np.random.Generator | None = None) -> str:
        """``length`` characters after ``seed``, drawn one by one as the LSTM's are."""
        self._check_fitted()
        rng = rng if rng is not None else np.random.default_rng()
        ids = list(self._context_ids(seed))
        out = []
        for _ in range(length):
            nxt = sample(self.probs(np.array(ids[len(ids) - self.order + 1:] if self.order > 1
                                             else [], np.int64)), temperature, rng=rng)
            out.append(nxt)
            ids.append(nxt)
        return self.vocab.decode(out)

    def _check_fitted(self) -> None:
        if self.vocab is None:
            raise RuntimeError("Fit the model first: CharNGram(order).fit(text, vocab).")

    def __repr__(self) -> str:
        return f"CharNGram(order={self.order})"


def bits(nats: float) -> float:
    """Convert nats per character to bits per character."""
    return nats / math.log(2)
