import math

import matplotlib
import numpy as np
import pytest

from textgen_utils import entropy, reweight_distribution
from textgen_utils.plots import plot_history, plot_temperatures

matplotlib.use("Agg")


def test_temperature_plot_shows_reweighted_bars_and_entropies():
    p = np.array([0.05, 0.6, 0.3, 0.05, 0.0])
    fig = plot_temperatures(p, [0.2, 1.0], labels=["a", " ", "\n", "b", "c"], top=3)
    assert len(fig.axes) == 2
    for ax, t in zip(fig.axes, [0.2, 1.0]):
        heights = [bar.get_height() for bar in ax.patches]
        q = reweight_distribution(p, t)
        np.testing.assert_allclose(heights, q[[1, 2, 0]])
        assert ax.get_title() == f"T = {t}: H = {entropy(q):.2f} bits"
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == [" ", "\\n", "a"]


def test_history_plot_has_both_curves_and_a_bits_axis():
    fig = plot_history({"loss": [2.0, 1.5, 1.4], "val_loss": [1.9, 1.6, 1.55]})
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines()] == ["training", "validation"]
    assert list(ax.get_lines()[1].get_ydata()) == [1.9, 1.6, 1.55]
    bits = ax.child_axes[0]
    assert bits.get_ylabel() == "bits per character"
    assert bits._functions[0](math.log(2)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="no 'loss'"):
        plot_history({})
