"""Plots for the lesson: temperature reweighting and the training curves."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from numpy.typing import ArrayLike

from .sampling import TEMPERATURES, entropy, reweight_distribution


def plot_temperatures(
    p: ArrayLike,
    temperatures: Sequence[float] = TEMPERATURES,
    labels: Sequence[str] | None = None,
    top: int | None = 15,
) -> plt.Figure:
    """Bar charts of one distribution reweighted at each temperature, with entropies.

    Parameters
    ----------
    p
        A probability distribution, e.g. the model's prediction for one window.
    labels
        A name for each entry (the vocabulary's characters); shown with ``repr`` so
        that spaces and newlines are visible.
    top
        Show only the ``top`` most likely entries of ``p`` (all when ``None``); the
        entropy is always computed on the whole distribution.

    Examples
    --------
    >>> fig = plot_temperatures([0.6, 0.3, 0.1], labels="abc")
    >>> [ax.get_title() for ax in fig.axes][:2]
    ['T = 0.2: H = 0.20 bits', 'T = 0.5: H = 0.86 bits']
    """
    p = np.asarray(p, dtype=np.float64)
    order = np.argsort(-p, kind="stable")[: top or len(p)]
    names = [repr(labels[i])[1:-1] if labels is not None else str(i) for i in order]
    fig, axes = plt.subplots(1, len(temperatures), figsize=(3.2 * len(temperatures), 3),
                             sharey=True, squeeze=False)
    for ax, t in zip(axes[0], temperatures):
        q = reweight_distribution(p, t)
        ax.bar(range(len(order)), q[order], color="tab:blue")
        ax.set_xticks(range(len(order)), names, fontsize=8)
        ax.set_title(f"T = {t}: H = {entropy(q):.2f} bits")
        ax.set_ylim(0, 1)
    axes[0][0].set_ylabel("probability")
    fig.tight_layout()
    return fig


def plot_history(history: Mapping[str, Sequence[float]]) -> plt.Figure:
    """Training and validation loss per epoch, in nats (left) and bits per character.

    Examples
    --------
    >>> fig = plot_history({"loss": [2.0, 1.5], "val_loss": [1.8, 1.6]})
    >>> ax = fig.axes[0]
    >>> ax.get_ylabel(), ax.child_axes[0].get_ylabel()
    ('cross-entropy (nats)', 'bits per character')
    """
    if not history.get("loss"):
        raise ValueError("The history has no 'loss' values yet: train for an epoch first.")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for key, label in (("loss", "training"), ("val_loss", "validation")):
        if history.get(key):
            ax.plot(range(1, len(history[key]) + 1), history[key], marker=".", label=label)
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy (nats)")
    bits = ax.secondary_yaxis("right", functions=(lambda n: n / math.log(2),
                                                  lambda b: b * math.log(2)))
    bits.set_ylabel("bits per character")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
