"""Sampling: choosing the next character from the model's predicted distribution."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

#: The temperatures the lesson samples at after each epoch.
TEMPERATURES = (0.2, 0.5, 1.0, 1.2)

def check_temperature(temperature: float) -> float:
    """``temperature`` as a float, or ``ValueError`` saying why it is not a temperature.

    A temperature is a finite number >= 0: 0 means greedy, 1 leaves a distribution as it
    is. :func:`reweight_distribution`, :func:`sample` and the generation functions check
    theirs with it, so that all of them reject a bad value the same way.

    Examples
    --------
    >>> check_temperature(0.5)
    0.5
    >>> check_temperature(-1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: temperature must be a finite number >= 0, got -1 (0 means greedy; ...
    """
    try:
        t = float(temperature)
    except (TypeError, ValueError):
        raise ValueError(f"temperature must be a number, got {temperature!r}.") from None
    if not math.isfinite(t) or t < 0:
        raise ValueError(
            f"temperature must be a finite number >= 0, got {temperature!r} "
            "(0 means greedy; 1 leaves the distribution as it is)."
        )
    return t


def _check_distribution(p: ArrayLike) -> np.ndarray:
    p = np.asarray(p, dtype=np.float64)
    if p.ndim == 0 or p.shape[-1] == 0:
        raise ValueError("A distribution needs at least one probability.")
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError("Probabilities must be finite and non-negative.")
    if np.any(p.sum(axis=-1) <= 0):
        raise ValueError("Probabilities must not all be zero.")
    return p


def reweight_distribution(p: ArrayLike, temperature: float) -> np.ndarray:
    """Sharpen or flatten a probability distribution with a softmax temperature.

    The result is proportional to ``p ** (1 / temperature)``: the book's
    ``exp(log(p) / temperature)``, normalised. Computed in float64 with the largest
    logit subtracted, it stays exact for tiny and huge temperatures, accepts
    distributions that sum to 0.99999994 (float32 rounding), and keeps zeros at zero
    without a ``log(0)`` warning. ``temperature=0`` gives the greedy limit, all mass on
    the most likely entry.

    Parameters
    ----------
    p
        Probabilities along the last axis (need not sum exactly to 1).
    temperature
        Finite and >= 0. Below 1 sharpens, above 1 flattens.

    Examples
    --------
    >>> reweight_distribution([0.5, 0.3, 0.2, 0.0], 1.0).round(3).tolist()
    [0.5, 0.3, 0.2, 0.0]
    >>> reweight_distribution([0.5, 0.3, 0.2, 0.0], 0.5).round(3).tolist()
    [0.658, 0.237, 0.105, 0.0]
    >>> reweight_distribution([0.5, 0.3, 0.2, 0.0], 0).tolist()
    [1.0, 0.0, 0.0, 0.0]
    """
    t = check_temperature(temperature)
    p = _check_distribution(p)
    if t == 0:
        return np.eye(p.shape[-1])[np.argmax(p, axis=-1)]
    with np.errstate(divide="ignore", over="ignore"):
        logits = np.log(p)
        # Shifted before dividing: the largest becomes 0 / t = 0, so even a temperature
        # of 1e-320 gives the greedy limit (the others go to -inf, not NaN).
        logits = (logits - logits.max(axis=-1, keepdims=True)) / t
    e = np.exp(logits)
    return e / e.sum(axis=-1, keepdims=True)


def sample(
    preds: ArrayLike, temperature: float = 1.0, rng: np.random.Generator | None = None
) -> int:
    """Draw the index of the next character from ``preds`` reweighted by ``temperature``.

    Parameters
    ----------
    preds
        A 1-D probability distribution, such as one row of ``model.predict``.
    temperature
        Finite and >= 0; ``0`` returns the most likely index (greedy decoding).
    rng
        A :class:`numpy.random.Generator`; pass a seeded one to make sampling
        reproducible.

    Examples
    --------
    >>> sample([0.1, 0.7, 0.2], temperature=0)
    1
    >>> rng = np.random.default_rng(0)
    >>> [sample([0.1, 0.7, 0.2], 1.0, rng) for _ in range(5)]
    [1, 1, 0, 0, 2]
    """
    p = _check_distribution(preds)
    if p.ndim != 1:
        raise ValueError(f"sample takes one distribution (1-D), got shape {p.shape}.")
    q = reweight_distribution(p, temperature)
    if check_temperature(temperature) == 0:
        return int(np.argmax(q))
    cdf = np.cumsum(q)
    u = (rng if rng is not None else np.random.default_rng()).random() * cdf[-1]
    # Inverse-CDF sampling: an index with zero probability has an empty interval.
    index = int(np.searchsorted(cdf, u, side="right"))
    return min(index, int(np.flatnonzero(q)[-1]))


def entropy(p: ArrayLike, base: float = 2.0) -> np.ndarray | float:
    """Shannon entropy of distributions along the last axis (bits by default).

    Examples
    --------
    >>> entropy([0.5, 0.5])
    1.0
    >>> entropy([1.0, 0.0])
    0.0
    """
    if isinstance(base, bool) or not isinstance(base, (int, float, np.number)) or not (
            math.isfinite(base) and base > 0 and base != 1):
        raise ValueError(f"base must be a finite number > 0 other than 1 (2 for bits, e for "
                         f"nats), got {base!r}.")
    p = _check_distribution(p)
    p = p / p.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log(p), 0.0)
    h = terms.sum(axis=-1) / math.log(base)
    return float(h) if np.ndim(h) == 0 else h


def truncate_distribution(
    p: ArrayLike, top_k: int | None = None, top_p: float | None = None
) -> np.ndarray:
    """Keep only the most likely entries of ``p``, renormalised: top-k and nucleus (top-p).

    Temperature reshapes the whole distribution; truncation instead cuts off its unlikely
    tail. ``top_k`` keeps the ``k`` most likely entries, ``top_p`` the smallest set of
    most likely entries whose probabilities add up to at least ``top_p``. Combine the
    result with :func:`sample` (at temperature 1, or any other).

    Examples
    --------
    >>> truncate_distribution([0.5, 0.3, 0.15, 0.05], top_k=2).round(3).tolist()
    [0.625, 0.375, 0.0, 0.0]
    >>> truncate_distribution([0.5, 0.3, 0.15, 0.05], top_p=0.9).round(3).tolist()
    [0.526, 0.316, 0.158, 0.0]
    """
    p = _check_distribution(p)
    if p.ndim != 1:
        raise ValueError(f"truncate_distribution takes one distribution, got shape {p.shape}.")
    # Ordered before normalising: dividing can round two nearly equal values into a tie.
    order = np.argsort(-p, kind="stable")
    p = p / p.sum()
    keep = np.ones(len(p), dtype=bool)
    if top_k is not None:
        if isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer)) or top_k < 1:
            raise ValueError(f"top_k must be a whole number >= 1, got {top_k!r}.")
        keep[order[int(top_k):]] = False
    if top_p is not None:
        if (isinstance(top_p, bool) or not isinstance(top_p, (int, float, np.number))
                or not 0 < top_p <= 1):
            raise ValueError(f"top_p must be a number in (0, 1], got {top_p!r}.")
        cumulative = np.cumsum(p[order])
        # Keep entries up to and including the one that reaches top_p.
        cut = int(np.searchsorted(cumulative, top_p - 1e-12)) + 1
        keep[order[cut:]] = False
    q = np.where(keep, p, 0.0)
    return q / q.sum()
