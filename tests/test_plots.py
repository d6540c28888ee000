import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import Normalize
from matplotlib.text import Annotation

import textgen_utils
from textgen_utils import entropy, reweight_distribution
from textgen_utils.plots import (
    plot_generation_loop,
    plot_history,
    plot_quality,
    plot_surprisal,
    plot_temperatures,
    plot_windows,
)

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_temperature_plot_shows_top_bars_the_rest_summed_and_entropies():
    p = np.array([0.05, 0.5, 0.3, 0.04, 0.0, 0.11])
    fig = plot_temperatures(p, [0, 0.5, 1.0], labels=["a", " ", "\n", "b", "c", "d"], top=3)
    assert len(fig.axes) == 3  # two columns: the empty fourth slot is removed
    assert fig.get_size_inches()[0] == pytest.approx(8)
    for ax, t in zip(fig.axes, [0, 0.5, 1.0]):
        q = np.eye(len(p))[1] if t == 0 else reweight_distribution(p, t)
        heights = [bar.get_height() for bar in ax.patches]
        np.testing.assert_allclose(heights, [*q[[1, 2, 5]], q[[0, 3, 4]].sum()])
        name = "0 (greedy)" if t == 0 else f"{t:g}"
        assert ax.get_title() == f"T = {name}: H = {entropy(q):.2f} bits"
        assert ax.get_yscale() == "log"
        assert ax.get_ylim()[0] == pytest.approx(1e-4)
        assert ax.get_xlabel() == "next character"
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert labels == ["\u2423", "\\n", "d", "other\n3"]
        assert min(t.get_fontsize() for t in ax.get_xticklabels()) >= 10
    assert fig.axes[0].get_title() == "T = 0 (greedy): H = 0.00 bits"


def test_temperature_plot_defaults_to_twenty_bars_and_a_two_column_grid():
    p = np.linspace(1, 2, 57)
    fig = plot_temperatures(p / p.sum())
    assert len(fig.axes) == 4
    assert fig.axes[0].get_subplotspec().get_gridspec().get_geometry() == (2, 2)
    assert [len(ax.patches) for ax in fig.axes] == [21] * 4
    assert fig.axes[0].get_xticklabels()[-1].get_text() == "other\n37"
    # top=None: every entry gets a bar and there is no "other" bar
    assert len(plot_temperatures(p / p.sum(), [1.0], top=None).axes[0].patches) == 57


def test_history_plot_has_both_curves_a_bits_axis_and_the_best_epoch():
    fig = plot_history({"loss": [2.0, 1.5, 1.4], "val_loss": [1.9, 1.6, 1.65]})
    assert len(fig.axes) == 1  # no learning rate, no second panel
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines["validation"].get_ydata()) == [1.9, 1.6, 1.65]
    assert list(lines["training"].get_ydata()) == [2.0, 1.5, 1.4]
    mark = lines["best: epoch 2, 1.6000"]  # the lowest validation loss, circled
    assert (list(mark.get_xdata()), list(mark.get_ydata())) == ([2], [1.6])
    assert mark.get_marker() == "o" and mark.get_markerfacecolor() == "none"
    dotted = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert [list(line.get_xdata()) for line in dotted] == [[2, 2]]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["training", "validation", "best: epoch 2, 1.6000"]
    bits = ax.child_axes[0]
    assert bits.get_ylabel() == "bits per character"
    assert bits._functions[0](math.log(2)) == pytest.approx(1.0)
    assert all(float(t).is_integer() for t in ax.get_xticks())
    # An explicit best epoch is marked as given; one out of range is refused.
    fig = plot_history({"loss": [2.0, 1.5, 1.4], "val_loss": [1.9, 1.6, 1.65]}, best_epoch=3)
    assert "best: epoch 3, 1.6500" in [line.get_label() for line in fig.axes[0].get_lines()]
    with pytest.raises(ValueError, match="best_epoch"):
        plot_history({"loss": [2.0]}, best_epoch=2)
    with pytest.raises(ValueError, match="no 'loss'"):
        plot_history({})
    with pytest.raises(ValueError, match="no 'loss'"):
        plot_history({"loss": np.array([])})


def test_history_plot_draws_the_learning_rate_below_on_a_log_axis():
    history = {"loss": [2.0, 1.6, 1.5, 1.45], "learning_rate": [1e-3, 1e-3, 5e-4, 2.5e-4]}
    fig = plot_history(history)
    loss_ax, rate_ax = fig.axes
    assert rate_ax.get_yscale() == "log" and rate_ax.get_ylabel() == "learning rate"
    assert rate_ax.get_shared_x_axes().joined(loss_ax, rate_ax)
    assert rate_ax.get_position().height < loss_ax.get_position().height / 2
    rate_line = [line for line in rate_ax.get_lines() if line.get_linestyle() != ":"]
    assert list(rate_line[0].get_ydata()) == history["learning_rate"]
    assert rate_ax.get_xlabel() == "epoch"
    # Without validation the best epoch is the lowest training loss.
    assert "best: epoch 4, 1.4500" in [line.get_label() for line in loss_ax.get_lines()]


def test_history_plot_baselines_are_labelled_and_do_not_squash_the_curves():
    history = {"loss": [2.5, 1.8, 1.6, 1.5], "val_loss": [2.2, 1.75, 1.62, 1.58]}
    fig = plot_history(history, baselines={"unigram": 2.99, "6-gram": 1.36, "uniform": 40.0})
    ax = fig.axes[0]
    dashed = {line.get_gid(): line for line in ax.get_lines() if line.get_linestyle() == "--"}
    assert set(dashed) == {"baseline unigram", "baseline 6-gram"}
    assert list(dashed["baseline 6-gram"].get_ydata()) == [1.36, 1.36]
    low, high = ax.get_ylim()
    assert low < 1.36 and 2.99 < high < 4  # the far baseline is left off the scale...
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "uniform: 40.00 (above the scale)" in legend  # ...and named with its value
    assert {"unigram: 2.99", "6-gram: 1.36"} <= set(legend)  # the others by their values


def _by_gid(artists, gid):
    return [a for a in artists if a.get_gid() == gid]


def test_generation_loop_boxes_and_arrows_make_a_loop_with_the_example():
    fig = plot_generation_loop("the will to powe", "r")
    ax = fig.axes[0]
    boxes = {p.get_gid(): p for p in ax.patches if p.get_gid() and ":" not in p.get_gid()}
    assert set(boxes) == {"seed", "model", "distribution", "choose", "append", "slide"}
    arrows = {a.get_gid(): a for a in ax.texts if isinstance(a, Annotation)}
    steps = ["seed", "model", "distribution", "choose", "append", "slide", "model"]
    assert set(arrows) == {f"{a}->{b}" for a, b in zip(steps, steps[1:])}
    for name, arrow in arrows.items():  # each arrow runs from its box's edge to the next's
        start, end = (boxes[n].get_bbox() for n in name.split("->"))
        assert start.expanded(1.01, 1.01).contains(*arrow.xyann)
        assert end.expanded(1.01, 1.01).contains(*arrow.xy)
    examples = {t.get_gid(): t.get_text() for t in ax.texts
                if (t.get_gid() or "").endswith("example")}
    assert examples == {"seed:example": '"the will to powe"', "choose:example": "\u2192 'r'",
                        "append:example": '"the will to power"',
                        "slide:example": '"he will to power"'}
    assert all(t.get_fontsize() >= 10 for t in ax.texts)
    # Without an example the boxes carry only their names; a space is chosen visibly.
    plain = plot_generation_loop(None)
    assert not [t for t in plain.axes[0].texts if (t.get_gid() or "").endswith("example")]
    spaced = plot_generation_loop("to be or not t", " ")
    assert _by_gid(spaced.axes[0].texts, "choose:example")[0].get_text() == "\u2192 '\u2423'"
    with pytest.raises(ValueError, match="one character"):
        plot_generation_loop("abc", "xy")


def test_windows_rows_show_each_input_and_target_shifted_by_step():
    text = "the will to power\nis life"
    maxlen, step, n = 6, 3, 4
    fig = plot_windows(text, maxlen, step, n)
    ax = fig.axes[0]
    shown = text.replace(" ", "\u2423").replace("\n", "\u21b5")
    for row in range(n):
        def cells(kind, row=row):
            found = [t for t in _by_gid(ax.texts, kind) if t.get_position()[1] == row + 0.5]
            return sorted(found, key=lambda t: t.get_position()[0])
        start = row * step
        inputs, target = cells("input"), cells("target")
        assert "".join(t.get_text() for t in inputs) == shown[start:start + maxlen]
        assert [t.get_position()[0] - 0.5 for t in inputs] == list(range(start, start + maxlen))
        assert [t.get_text() for t in target] == [shown[start + maxlen]]
        assert target[0].get_position()[0] - 0.5 == start + maxlen
        assert all(t.get_family() == ["monospace"] for t in inputs + target)
    patches = ax.patches
    assert len(_by_gid(patches, "input")) == n * maxlen
    assert len(_by_gid(patches, "target")) == n
    colours = {p.get_gid(): p.get_facecolor() for p in patches}
    assert colours["input"] != colours["target"]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["input (6 characters)", "target (the next character)"]


def test_windows_refuses_a_text_too_short_for_n_windows():
    # 4 windows of 6 at step 3 with their targets need 3 * 3 + 6 + 1 = 16 characters
    plot_windows("x" * 16, 6, 3, 4)
    with pytest.raises(ValueError, match="15 characters.*need 16"):
        plot_windows("x" * 15, 6, 3, 4)
    with pytest.raises(ValueError, match="step"):
        plot_windows("x" * 50, 6, 0)


def test_surprisal_colours_each_character_and_wraps_at_spaces():
    text = "the will to power\nis the essence of life"
    bits = np.linspace(0.0, 9.0, len(text))
    fig = plot_surprisal(text, bits, width=12)
    ax, cax = fig.axes
    assert cax.get_xlabel() == "surprisal (bits)"
    cells = {p.get_gid(): p for p in ax.patches}
    assert len(cells) == len(text)
    norm, cmap = Normalize(0, 9.0), plt.get_cmap("YlOrRd")
    for i, value in enumerate(bits):
        assert cells[f"char {i}"].get_facecolor() == pytest.approx(cmap(norm(value)))
    assert sum(cmap(0.0)[:3]) > sum(cmap(1.0)[:3])  # pale at 0, dark at the top
    glyphs = {t.get_gid(): t for t in ax.texts}
    assert glyphs["char 0"].get_color() == "black"  # 0 bits: a pale cell
    assert glyphs[f"char {len(text) - 1}"].get_color() == "white"  # 9 bits: a dark one
    assert glyphs["char 17"].get_text() == "\u21b5"  # the newline, visible
    # Lines: at most 12 characters, broken after a space or at the newline.
    rows = {}
    for i in range(len(text)):
        x, y = cells[f"char {i}"].get_xy()
        rows.setdefault(y, []).append((x, text[i]))
    lines = ["".join(c for _, c in sorted(row)) for _, row in sorted(rows.items())]
    assert lines == ["the will to ", "power\n", "is the ", "essence of ", "life"]
    assert "".join(lines) == text


def test_surprisal_names_both_lengths_when_they_differ():
    with pytest.raises(ValueError, match="5 characters but bits has 4 values"):
        plot_surprisal("hello", [1.0, 2.0, 3.0, 4.0])
    fig = plot_surprisal("a" * 70, np.ones(70))  # no space: a hard break at width
    rows = {p.get_xy()[1] for p in fig.axes[0].patches}
    assert len(rows) == 2


def test_new_plot_names_are_exported_lazily():
    for name in ("plot_generation_loop", "plot_windows", "plot_surprisal",
                 "plot_history", "plot_temperatures"):
        assert name in textgen_utils.__all__
        assert name in textgen_utils._LAZY["plots"]
        assert getattr(textgen_utils, name) is getattr(textgen_utils.plots, name)



def _quality_rows():
    def row(label, setting, known, distinct):
        return {"label": label, "setting": setting, "known_words": known,
                "distinct_2": distinct, "texts": ["x" * 30] * 3}

    return [row("T = 1.0", {"temperature": 1.0}, 0.7, 0.98),
            row("T = 0.0", {"temperature": 0.0}, 0.99, 0.2),
            row("T = 0.5", {"temperature": 0.5}, 0.95, 0.7),
            row("top-k 5", {"top_k": 5}, 0.9, 0.9),
            row("top-p 0.8", {"top_p": 0.8}, 0.93, 0.85),
            row("top-p 0.5", {"top_p": 0.5}, None, None)]  # no words: left out


def test_quality_plot_joins_temperatures_marks_truncations_and_the_reference():
    fig = plot_quality(_quality_rows(), {"known_words": 0.97, "distinct_2": 0.96,
                                         "cross_entropy": 1.5})
    assert fig.get_size_inches()[0] == pytest.approx(8)
    ax = fig.axes[0]
    lines = {line.get_gid(): line for line in ax.get_lines()}
    assert set(lines) == {"temperature", "top_k", "top_p", "reference"}
    temperature = lines["temperature"]
    np.testing.assert_allclose(temperature.get_xdata(), [0.2, 0.7, 0.98])  # ordered by T
    np.testing.assert_allclose(temperature.get_ydata(), [0.99, 0.95, 0.7])
    assert temperature.get_linestyle() == "-"
    for kind in ("top_k", "top_p"):
        assert lines[kind].get_linestyle() == "None"
    assert lines["top_p"].get_xdata().tolist() == [0.85]
    reference = lines["reference"]
    assert reference.get_marker() == "*" and reference.get_color() == "k"
    assert (reference.get_xdata()[0], reference.get_ydata()[0]) == (0.96, 0.97)
    notes = {t.get_gid(): t.get_text() for t in ax.texts if isinstance(t, Annotation)}
    assert notes == {"T = 0.0": "0", "T = 0.5": "0.5", "T = 1.0": "1",
                     "top-k 5": "top-k 5", "top-p 0.8": "top-p 0.8"}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["temperature", "top-k (T = 1)", "top-p (T = 1)",
                      "the real continuations"]
    assert ax.get_title() == "Quality against diversity of each way of sampling: " \
                             "3 seeds x 30 characters"
    sizes = [t.get_fontsize() for t in [*ax.texts, *ax.get_xticklabels(),
                                        *ax.get_yticklabels()]]
    assert min(sizes) >= 10


def test_quality_plot_without_reference_or_title_and_its_errors():
    rows = _quality_rows()[:3]
    fig = plot_quality(rows, title="")
    assert fig.axes[0].get_title() == ""
    assert [line.get_gid() for line in fig.axes[0].get_lines()] == ["temperature"]
    rows[0]["setting"] = {"top_k": 3, "temperature": 0.5}
    legend = plot_quality(rows).axes[0].get_legend().get_texts()
    assert [t.get_text() for t in legend] == ["temperature", "top-k"]
    with pytest.raises(ValueError, match="at least one row"):
        plot_quality([])
    with pytest.raises(ValueError, match="lacks distinct_2"):
        plot_quality([{"label": "T = 1", "setting": {"temperature": 1}, "known_words": 1}])


def test_plot_quality_is_exported_lazily():
    assert "plot_quality" in textgen_utils.__all__
    assert "plot_quality" in textgen_utils._LAZY["plots"]
    assert textgen_utils.plot_quality is plot_quality
    for name in ("compare_sampling", "reference_quality"):
        assert name in textgen_utils.__all__
        assert getattr(textgen_utils, name) is getattr(textgen_utils.quality, name)
