"""Figures for the lesson: temperature, training curves, the generation loop, windows, surprisal
and the quality of each way of sampling.

Every function draws a new figure about 8 inches wide (800 pixels at 100 dpi), readable
at that size, and returns it; none calls ``plt.show`` or closes a figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter
from numpy.typing import ArrayLike

from .sampling import TEMPERATURES, entropy, reweight_distribution

#: How a few characters that would be invisible or ambiguous are drawn.
_VISIBLE = {" ": "\u2423", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
#: The same inside a one-character cell, where ``\\n`` would not fit.
_VISIBLE_CELL = {" ": "\u2423", "\n": "\u21b5", "\t": "\u2192", "\r": "\u21b5"}


def _show_char(c: str, cell: bool = False) -> str:
    """A visible form of one character: ``␣`` for a space, ``\\n`` (or ``↵``) for a newline."""
    table = _VISIBLE_CELL if cell else _VISIBLE
    if c in table:
        return table[c]
    return c if c.isprintable() else repr(c)[1:-1]


def _temperature_title(t: float, q: np.ndarray) -> str:
    name = "0 (greedy)" if t == 0 else f"{t:g}"
    return f"T = {name}: H = {entropy(q):.2f} bits"


def plot_temperatures(
    p: ArrayLike,
    temperatures: Sequence[float] = TEMPERATURES,
    labels: Sequence[str] | None = None,
    top: int | None = 20,
    ncols: int = 2,
    ymin: float = 1e-4,
) -> plt.Figure:
    """One distribution reweighted at each temperature: bars on a log axis, with entropies.

    Each panel shows the ``top`` most likely characters of ``p`` (in the same order in every
    panel) and one last grey bar, ``other N``, holding the summed probability of the ``N``
    remaining ones. The probability axis is logarithmic so that the tail, where most of the
    change in entropy happens, stays visible.

    Parameters
    ----------
    p
        A probability distribution, e.g. the model's prediction for one window.
    temperatures
        The temperatures, one panel each. ``0`` is allowed: the greedy choice, all the
        probability on the most likely character.
    labels
        A name for each entry (the vocabulary's characters). A space is shown as ``␣``
        and a newline as ``\\n``.
    top
        How many of the most likely entries get their own bar (all when ``None``). The
        entropy in each title is always that of the whole distribution.
    ncols
        Panels per row; the rows follow from the number of temperatures.
    ymin
        The bottom of the probability axis; smaller probabilities fall below it.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per temperature, titled ``T = 0.5: H = 1.23 bits``.

    Examples
    --------
    >>> fig = plot_temperatures([0.6, 0.3, 0.1], [0, 0.5, 1.0], labels="abc", top=2)
    >>> [ax.get_title() for ax in fig.axes]
    ['T = 0 (greedy): H = 0.00 bits', 'T = 0.5: H = 0.86 bits', 'T = 1: H = 1.30 bits']
    >>> [t.get_text() for t in fig.axes[2].get_xticklabels()]
    ['a', 'b', 'other\\n1']
    >>> plt.close(fig)
    """
    p = np.asarray(p, dtype=np.float64)
    if p.ndim != 1:
        raise ValueError(f"plot_temperatures takes one distribution (1-D), got shape {p.shape}.")
    if len(temperatures) == 0:
        raise ValueError("Give at least one temperature.")
    if labels is not None and len(labels) != len(p):
        raise ValueError(f"labels has {len(labels)} names for {len(p)} probabilities.")
    if top is not None and (isinstance(top, bool) or not isinstance(top, (int, np.integer))
                            or top < 1):
        raise ValueError(f"top must be a whole number >= 1 or None, got {top!r}.")
    if isinstance(ncols, bool) or not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols must be a whole number >= 1, got {ncols!r}.")
    if not 0 < ymin < 1:
        raise ValueError(f"ymin must be between 0 and 1, got {ymin!r}.")

    order = np.argsort(-p, kind="stable")
    shown, rest = order[: top or len(p)], order[top or len(p):]
    names = [_show_char(labels[i]) if labels is not None else str(i) for i in shown]
    positions = list(range(len(shown)))
    if len(rest):
        names.append(f"other\n{len(rest)}")
        positions.append(len(shown) + 1)  # a gap sets the sum apart from the characters

    ncols = min(ncols, len(temperatures))
    nrows = math.ceil(len(temperatures) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(8, 3.1 * nrows), sharey=True,
                             squeeze=False)
    flat = axes.ravel()
    for ax, t in zip(flat, temperatures):
        if t == 0:  # the greedy limit, drawn without asking reweight_distribution for it
            q = np.zeros_like(p)
            q[np.argmax(p)] = 1.0
        else:
            q = reweight_distribution(p, t)
        heights = list(q[shown])
        colors = ["tab:blue"] * len(shown)
        if len(rest):
            heights.append(float(q[rest].sum()))
            colors.append("0.55")
        ax.bar(positions, heights, color=colors, width=0.8)
        ax.set_yscale("log")
        ax.set_ylim(ymin, 1.5)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xticks(positions, names, fontsize=10)
        ax.set_xlim(-0.7, positions[-1] + 0.7)
        ax.set_title(_temperature_title(t, q), fontsize=11)
        ax.set_xlabel("next character")
        ax.grid(axis="y", alpha=0.3)
    for ax in flat[len(temperatures):]:
        fig.delaxes(ax)
    for ax in axes[:, 0]:
        ax.set_ylabel("probability (log scale)")
    fig.tight_layout()
    return fig


def _curve(history: Mapping[str, Sequence[float]], key: str) -> np.ndarray | None:
    values = history.get(key)
    if values is None or len(values) == 0:
        return None
    return np.asarray(values, dtype=np.float64)


def _loss_limits(curves: Sequence[np.ndarray], baselines: Mapping[str, float]
                 ) -> tuple[float, float]:
    """Y-limits that show the curves well, and the baselines that are not far off them."""
    values = np.concatenate([c[np.isfinite(c)] for c in curves])
    if len(values) == 0:
        return 0.0, 1.0
    lo, hi = float(values.min()), float(values.max())
    span = max(hi - lo, 0.05 * abs(hi), 1e-3)
    # A baseline joins the range only if the curves keep at least two thirds of the height.
    near = [v for v in baselines.values() if lo - span / 2 <= v <= hi + span / 2]
    lo, hi = min([lo, *near]), max([hi, *near])
    margin = 0.08 * (hi - lo if hi > lo else span)
    return lo - margin, hi + margin


def plot_history(
    history: Mapping[str, Sequence[float]],
    best_epoch: int | None = None,
    baselines: Mapping[str, float] | None = None,
) -> plt.Figure:
    """Training and validation loss per epoch, in nats (left) and bits per character (right).

    The best epoch is marked with a dotted line and a circle. When the history has a
    ``learning_rate`` per epoch, a shorter panel below shows it on a log axis.

    Parameters
    ----------
    history
        Per-epoch lists: ``loss``, and optionally ``val_loss`` and ``learning_rate`` (what
        :func:`~textgen_utils.train` returns as ``history``).
    best_epoch
        The epoch to mark, counted from 1 (``train`` returns it as ``best_epoch``). By
        default the epoch with the lowest validation loss, or training loss without
        validation.
    baselines
        Losses in nats to compare with, by name, e.g. ``{"unigram": 2.99, "6-gram": 1.36}``:
        dashed horizontal lines labelled with their values. One far above (or below) the
        curves is left off the scale, which would squash them: the legend gives its name
        and value instead.

    Returns
    -------
    matplotlib.figure.Figure
        The loss axes first (its bits axis is ``fig.axes[0].child_axes[0]``), then the
        learning-rate axes if there is one.

    Examples
    --------
    >>> fig = plot_history({"loss": [2.0, 1.5], "val_loss": [1.8, 1.6]})
    >>> ax = fig.axes[0]
    >>> ax.get_ylabel(), ax.child_axes[0].get_ylabel()
    ('cross-entropy (nats)', 'bits per character')
    >>> ax.get_legend().get_texts()[-1].get_text()
    'best: epoch 2, 1.6000'
    >>> plt.close(fig)
    """
    loss = _curve(history, "loss")
    if loss is None:
        raise ValueError("The history has no 'loss' values yet: train for an epoch first.")
    val = _curve(history, "val_loss")
    rate = _curve(history, "learning_rate")
    baselines = dict(baselines or {})
    monitored = val if val is not None else loss
    if best_epoch is None:
        finite = np.flatnonzero(np.isfinite(monitored))
        if len(finite):
            best_epoch = int(finite[np.argmin(monitored[finite])]) + 1
    elif (isinstance(best_epoch, bool) or not isinstance(best_epoch, (int, np.integer))
          or not 1 <= best_epoch <= len(monitored)):
        raise ValueError(f"best_epoch must be one of the epochs 1 to {len(monitored)}, "
                         f"got {best_epoch!r}.")

    if rate is not None:
        fig, (ax, rate_ax) = plt.subplots(2, 1, sharex=True, figsize=(8, 6),
                                          height_ratios=(3, 1))
    else:
        fig, ax = plt.subplots(figsize=(8, 4.5))
        rate_ax = None

    handles = []
    for values, label in ((loss, "training"), (val, "validation")):
        if values is not None:
            (line,) = ax.plot(range(1, len(values) + 1), values, marker=".", label=label)
            handles.append(line)

    ylim = _loss_limits([c for c in (loss, val) if c is not None], baselines)
    ax.set_ylim(*ylim)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"][2:]
    off_scale = []
    for i, (name, value) in enumerate(baselines.items()):
        color = colors[i % len(colors)]
        text = f"{name}: {value:.2f}"
        if ylim[0] <= value <= ylim[1]:  # named in the legend: labels on the lines collide
            handles.append(ax.axhline(value, ls="--", lw=1.3, color=color, label=text,
                                      gid=f"baseline {name}"))
        else:  # off the scale: in the legend, with its value, instead of squashing the curves
            where = "above" if value > ylim[1] else "below"
            off_scale.append(Line2D([], [], ls="--", lw=1.3, color=color,
                                    label=f"{text} ({where} the scale)"))

    if best_epoch is not None:
        value = float(monitored[best_epoch - 1])
        for a in (ax, rate_ax):
            if a is not None:
                a.axvline(best_epoch, ls=":", color="0.3", lw=1.3, label="_best epoch")
        (mark,) = ax.plot([best_epoch], [value], ls="none", marker="o", ms=13, mfc="none",
                          mec="black", mew=1.5, label=f"best: epoch {best_epoch}, {value:.4f}")
        handles.append(mark)

    ax.set_ylabel("cross-entropy (nats)")
    bits = ax.secondary_yaxis("right", functions=(lambda n: n / math.log(2),
                                                  lambda b: b * math.log(2)))
    bits.set_ylabel("bits per character")
    ax.legend(handles=handles + off_scale, loc="best", fontsize=10)
    ax.grid(alpha=0.3)
    bottom = ax
    if rate_ax is not None:
        rate_ax.plot(range(1, len(rate) + 1), rate, marker=".", color="0.35")
        rate_ax.set_yscale("log")
        rate_ax.set_ylabel("learning rate")
        rate_ax.grid(alpha=0.3, which="both")
        bottom = rate_ax
    bottom.set_xlabel("epoch")
    bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
    epochs = max(len(loss), len(val) if val is not None else 0)
    ax.set_xlim(0.5, epochs + 0.5)
    fig.tight_layout()
    return fig


def _box(ax: plt.Axes, name: str, x: float, y: float, heading: str, body: str = "",
         example: str = "", w: float = 2.2, h: float = 1.25, color: str = "#dbe9f6",
         lift: float = 0.0) -> FancyBboxPatch:
    """A rounded box centred at (x, y): a bold heading, a short line, a monospace example."""
    box = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.12",
                         facecolor=color, edgecolor="0.3", lw=1.2, gid=name)
    ax.add_patch(box)
    lines = [("heading", heading, {"fontsize": 11, "fontweight": "bold"})]
    if body:
        lines.append(("body", body, {"fontsize": 10}))
    if example:
        lines.append(("example", example,
                      {"fontsize": 10, "family": "monospace", "color": "#7a1f00"}))
    step = 0.32
    top = y + lift + step * (len(lines) - 1) / 2
    for k, (role, text, style) in enumerate(lines):
        ax.text(x, top - k * step, text, ha="center", va="center", parse_math=False,
                gid=f"{name}:{role}", **style)
    return box


def _arrow(ax: plt.Axes, name: str, start: tuple[float, float], end: tuple[float, float],
           label: str = "") -> None:
    ax.annotate("", xy=end, xytext=start, gid=name,
                arrowprops={"arrowstyle": "-|>,head_width=0.3,head_length=0.5", "lw": 1.6,
                            "color": "0.2", "shrinkA": 0, "shrinkB": 0})
    if label:
        ax.text((start[0] + end[0]) / 2 + 0.12, (start[1] + end[1]) / 2, label, ha="left",
                va="center", fontsize=10, style="italic", color="0.2")


def _quoted(text: str, limit: int = 18) -> str:
    shown = "".join(_show_char(c) if c != " " else " " for c in text)
    if len(shown) > limit:
        shown = "\u2026" + shown[-(limit - 1):]
    return f'"{shown}"'


def plot_generation_loop(window: str | None = "the will to powe", chosen: str = "r"
                         ) -> plt.Figure:
    """A diagram of how a model writes text, one character per turn of the loop.

    The seed text (the conditioning data) goes into the model, which gives a probability
    for each possible next character; one is chosen (the most likely: greedy, or sampled
    at a temperature), appended to the text, and the window slides one character on,
    back into the model.

    Parameters
    ----------
    window
        An example window the boxes show, with what appending ``chosen`` and sliding make
        of it; ``None`` draws the boxes without an example. Long windows are shown by
        their end.
    chosen
        The example's chosen character.

    Returns
    -------
    matplotlib.figure.Figure
        One axes, without axis lines. Each box has a ``gid`` (``"seed"``, ``"model"``,
        ``"distribution"``, ``"choose"``, ``"append"``, ``"slide"``) and each arrow one
        such as ``"slide->model"``.

    Examples
    --------
    >>> fig = plot_generation_loop()
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "slide:example"]
    ['"he will to power"']
    >>> plt.close(fig)
    """
    if window is not None and (not isinstance(window, str) or not window):
        raise ValueError(f"window must be a non-empty string or None, got {window!r}.")
    if not isinstance(chosen, str) or len(chosen) != 1:
        raise ValueError(f"chosen must be one character, got {chosen!r}.")
    fig, ax = plt.subplots(figsize=(8, 3.6))
    fig.subplots_adjust(0, 0, 1, 1)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 4)
    ax.set_axis_off()

    example = window is not None
    grown = window + chosen if example else ""
    xs, top_y, low_y, w, h = (1.2, 3.75, 6.3, 8.8), 2.95, 0.85, 2.2, 1.25
    _box(ax, "seed", xs[0], top_y, "seed text", "(conditioning data)",
         _quoted(window) if example else "", color="#e8e8e8")
    _box(ax, "model", xs[1], top_y, "model", "(the LSTM)")
    dist = _box(ax, "distribution", xs[2], top_y, "probabilities", "of the next character",
                lift=0.18)
    _box(ax, "choose", xs[3], top_y, "choose one", "greedy or sampled at T",
         f"\u2192 '{_show_char(chosen)}'" if example else "", color="#fbe3c8")
    _box(ax, "append", xs[3], low_y, "append it", "to the text",
         _quoted(grown) if example else "")
    _box(ax, "slide", xs[1], low_y, "slide the window", "drop the first character",
         _quoted(grown[1:]) if example else "")
    # A small bar chart in the distribution box, one bar set apart as the likeliest.
    x0, y0 = dist.get_x() + 0.45, dist.get_y() + 0.12
    for k, height in enumerate((0.30, 0.16, 0.10, 0.07, 0.05, 0.035, 0.025, 0.02)):
        ax.add_patch(Rectangle((x0 + 0.14 * k, y0), 0.1, height, gid="distribution:bar",
                               color="#7a1f00" if k == 0 else "0.45"))

    right, left, half = w / 2, -w / 2, h / 2
    _arrow(ax, "seed->model", (xs[0] + right, top_y), (xs[1] + left, top_y))
    _arrow(ax, "model->distribution", (xs[1] + right, top_y), (xs[2] + left, top_y))
    _arrow(ax, "distribution->choose", (xs[2] + right, top_y), (xs[3] + left, top_y))
    _arrow(ax, "choose->append", (xs[3], top_y - half), (xs[3], low_y + half))
    _arrow(ax, "append->slide", (xs[3] + left, low_y), (xs[1] + right, low_y))
    _arrow(ax, "slide->model", (xs[1], low_y + half), (xs[1], top_y - half),
           label="repeat")
    return fig


def plot_windows(text: str, maxlen: int, step: int, n: int = 4) -> plt.Figure:
    """How the training examples are cut from a text: the first ``n`` windows, one per row.

    Each row shows the same stretch of ``text``, one cell per character (a space shown as
    ``␣``, a newline as ``↵``). The window's ``maxlen`` characters, the input, are in one
    colour, the character after them, the target the model learns to predict, in another;
    each row starts ``step`` characters after the one above.

    Parameters
    ----------
    text
        The text to cut; it needs ``(n - 1) * step + maxlen + 1`` characters.
    maxlen
        The number of characters in a window.
    step
        How far each window starts after the previous one.
    n
        How many windows to draw. Keep ``(n - 1) * step + maxlen`` below about 50 for the
        figure to fit in 8 inches; longer strips make a wider figure.

    Returns
    -------
    matplotlib.figure.Figure
        One axes of cells. The input cells and their characters have the ``gid``
        ``"input"``, the target ``"target"``, the rest of the text ``"context"``.

    Examples
    --------
    >>> fig = plot_windows("the cat sat", maxlen=4, step=2, n=3)
    >>> "".join(t.get_text() for t in fig.axes[0].texts if t.get_gid() == "target")
    'cts'
    >>> plt.close(fig)
    """
    for name, value, least in (("maxlen", maxlen, 1), ("step", step, 1), ("n", n, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
            raise ValueError(f"{name} must be a whole number >= {least}, got {value!r}.")
    columns = (n - 1) * step + maxlen + 1
    if len(text) < columns:
        raise ValueError(
            f"The text has {len(text)} characters; {n} windows of maxlen {maxlen} at step "
            f"{step}, each with its target, need {columns}.")

    cell_w, row_h, left, right, top, bottom = 0.15, 0.36, 0.95, 0.15, 0.45, 0.55
    cell_w = min(0.3, max(cell_w, (8 - left - right) / columns))
    width, height = columns * cell_w, n * row_h
    fig = plt.figure(figsize=(left + width + right, top + height + bottom))
    fw, fh = fig.get_size_inches()
    ax = fig.add_axes((left / fw, bottom / fh, width / fw, height / fh))
    ax.set_xlim(0, columns)
    ax.set_ylim(n, 0)
    ax.set_axis_off()
    colors = {"input": ("#cfe2f3", "#3d6f9e"), "target": ("#f9cb9c", "#b45f06")}
    for row in range(n):
        start = row * step
        for col in range(columns):
            kind = ("input" if start <= col < start + maxlen
                    else "target" if col == start + maxlen else "context")
            if kind != "context":
                face, edge = colors[kind]
                ax.add_patch(Rectangle((col, row + 0.1), 1, 0.8, facecolor=face,
                                       edgecolor=edge, lw=0.8, gid=kind))
            ax.text(col + 0.5, row + 0.5, _show_char(text[col], cell=True), ha="center",
                    va="center", family="monospace", fontsize=10, parse_math=False,
                    color="black" if kind != "context" else "0.65", gid=kind)
        ax.text(-0.4, row + 0.5, f"example {row + 1}", ha="right", va="center", fontsize=10)
    ax.set_title(f"maxlen = {maxlen}, step = {step}", fontsize=11)
    handles = [Patch(facecolor=colors["input"][0], edgecolor=colors["input"][1],
                     label=f"input ({maxlen} characters)"),
               Patch(facecolor=colors["target"][0], edgecolor=colors["target"][1],
                     label="target (the next character)")]
    fig.legend(handles=handles, loc="lower center", ncols=2, fontsize=10, frameon=False)
    return fig


def _wrap(text: str, width: int) -> list[range]:
    """Split ``text`` into lines of at most ``width`` characters, at spaces if possible.

    Every character stays on a line: a space that ends a line is kept at its end, a newline
    ends its line.

    >>> [("x " * 5)[r.start:r.stop] for r in _wrap("x " * 5, 4)]
    ['x x ', 'x x ', 'x ']
    """
    lines, start = [], 0
    while start < len(text):
        chunk = text[start:start + width]
        newline = chunk.find("\n")
        if newline >= 0:
            end = start + newline + 1
        elif len(text) - start <= width:
            end = len(text)
        else:
            space = chunk.rfind(" ")
            end = start + space + 1 if space > 0 else start + width
        lines.append(range(start, end))
        start = end
    return lines


def plot_surprisal(
    text: str,
    bits: ArrayLike,
    width: int = 60,
    vmax: float | None = None,
    cmap: str = "YlOrRd",
    title: str | None = None,
) -> plt.Figure:
    """The text with each character on a background as dark as the model was surprised.

    Parameters
    ----------
    text
        The characters that were scored.
    bits
        One surprisal per character, in bits, as :func:`~textgen_utils.surprisal` returns.
    width
        The most characters on a line; lines break after a space where there is one, and
        at every newline (drawn as ``↵``).
    vmax
        The surprisal drawn darkest; by default the largest in ``bits`` (at least 1).
        Larger values are drawn as ``vmax``.
    cmap
        A sequential matplotlib colormap, pale at 0.
    title
        By default the mean surprisal; ``""`` for none.

    Returns
    -------
    matplotlib.figure.Figure
        The text's axes (cell ``i`` has the ``gid`` ``"char i"``), then the colorbar's.

    Examples
    --------
    >>> fig = plot_surprisal("to be", [0.5, 0.1, 2.0, 6.0, 0.2])
    >>> fig.axes[0].get_title(loc="left"), fig.axes[1].get_xlabel()
    ('mean 1.76 bits per character', 'surprisal (bits)')
    >>> plt.close(fig)
    """
    bits = np.asarray(bits, dtype=np.float64)
    if bits.ndim != 1 or len(bits) != len(text):
        raise ValueError(f"The text has {len(text)} characters but bits has "
                         f"{bits.size if bits.ndim == 1 else bits.shape} values: "
                         "give one surprisal per character.")
    if len(text) == 0:
        raise ValueError("The text is empty: there is nothing to draw.")
    if not np.all(np.isfinite(bits)):
        raise ValueError("The surprisals must be finite numbers.")
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1:
        raise ValueError(f"width must be a whole number >= 1, got {width!r}.")
    top = float(vmax) if vmax is not None else max(1.0, float(bits.max()))
    norm = Normalize(0.0, top, clip=True)
    colormap = plt.get_cmap(cmap)

    lines = _wrap(text, width)
    columns = max(len(r) for r in lines)
    cell_w, cell_h, margin = 0.125, 0.24, 0.25
    text_w = columns * cell_w
    bar_w = max(text_w, 3.5)
    head = 0.45 if title != "" else 0.15
    text_h = len(lines) * cell_h
    foot = 1.05  # the colorbar, its ticks and label
    fig = plt.figure(figsize=(bar_w + 2 * margin, head + text_h + foot))
    fw, fh = fig.get_size_inches()
    ax = fig.add_axes((margin / fw, foot / fh, text_w / fw, text_h / fh))
    ax.set_xlim(0, columns)
    ax.set_ylim(len(lines), 0)
    ax.set_axis_off()
    for row, line in enumerate(lines):
        for col, i in enumerate(line):
            face = colormap(norm(bits[i]))
            ax.add_patch(Rectangle((col, row), 1, 1, facecolor=face, edgecolor="none",
                                   gid=f"char {i}"))
            if text[i] != " ":
                luminance = 0.299 * face[0] + 0.587 * face[1] + 0.114 * face[2]
                ax.text(col + 0.5, row + 0.52, _show_char(text[i], cell=True), ha="center",
                        va="center", family="monospace", fontsize=10, parse_math=False,
                        color="white" if luminance < 0.5 else "black", gid=f"char {i}")
    if title is None:
        title = f"mean {bits.mean():.2f} bits per character"
    if title:
        ax.set_title(title, fontsize=11, loc="left")
    cax = fig.add_axes((margin / fw, 0.6 / fh, bar_w / fw, 0.16 / fh))
    fig.colorbar(ScalarMappable(norm=norm, cmap=colormap), cax=cax, orientation="horizontal",
                 extend="max" if bits.max() > top else "neither")
    cax.set_xlabel("surprisal (bits)", fontsize=10)
    cax.tick_params(labelsize=10)
    return fig


def _quality_kind(setting: Mapping[str, object]) -> str:
    return "top_k" if "top_k" in setting else "top_p" if "top_p" in setting else "temperature"


def plot_quality(
    rows: Sequence[Mapping[str, object]],
    reference: Mapping[str, object] | None = None,
    title: str | None = None,
) -> plt.Figure:
    """Quality against diversity: one point per sampling setting, and one for real text.

    Across, the share of distinct word pairs (a text that repeats itself scores low);
    up, the share of words that occur in the corpus (a text of invented words scores
    low). The temperatures are joined by a line in increasing order, each marked with
    its value; top-k and top-p settings are separate markers, labelled. A good setting
    lands near the black star, the real continuations of the same seeds.

    Parameters
    ----------
    rows
        What :func:`~textgen_utils.compare_sampling` returns: each row needs ``label``,
        ``setting``, ``known_words`` and ``distinct_2``. A row where either share is
        ``None`` (no words, or no word pairs) is left out.
    reference
        :func:`~textgen_utils.reference_quality` of the real continuations, drawn as a
        black star; none when ``None``.
    title
        By default the number of seeds and characters (from the rows' ``texts``, when
        they have them); ``""`` for none.

    Returns
    -------
    matplotlib.figure.Figure
        One axes. Its lines have the ``gid`` ``"temperature"``, ``"top_k"``, ``"top_p"``
        and ``"reference"``; each annotation has its row's ``label`` as ``gid``.

    Examples
    --------
    >>> rows = [{"label": "T = 0.5", "setting": {"temperature": 0.5},
    ...          "known_words": 0.95, "distinct_2": 0.6},
    ...         {"label": "T = 1.0", "setting": {"temperature": 1.0},
    ...          "known_words": 0.8, "distinct_2": 0.97},
    ...         {"label": "top-k 5", "setting": {"top_k": 5},
    ...          "known_words": 0.9, "distinct_2": 0.9}]
    >>> fig = plot_quality(rows, {"known_words": 0.97, "distinct_2": 0.95}, title="")
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['0.5', '1', 'top-k 5']
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['temperature', 'top-k (T = 1)', 'the real continuations']
    >>> plt.close(fig)
    """
    if len(rows) == 0:
        raise ValueError("Give at least one row (what compare_sampling returns).")
    for row in rows:
        missing = [k for k in ("label", "setting", "known_words", "distinct_2") if k not in row]
        if missing:
            raise ValueError(f"The row {row.get('label', row)!r} lacks {', '.join(missing)}: "
                             "give the rows compare_sampling returns.")
    shown = [r for r in rows if r["known_words"] is not None and r["distinct_2"] is not None]

    fig, ax = plt.subplots(figsize=(8, 5.5))
    styles = {"temperature": ("o", "-", "tab:blue"), "top_k": ("s", "none", "tab:orange"),
              "top_p": ("^", "none", "tab:green")}
    for kind, (marker, linestyle, color) in styles.items():
        chosen = [r for r in shown if _quality_kind(r["setting"]) == kind]
        if not chosen:
            continue
        if kind == "temperature":
            chosen.sort(key=lambda r: float(r["setting"]["temperature"]))
            name = "temperature"
        else:
            at_one = all(float(r["setting"].get("temperature", 1.0)) == 1 for r in chosen)
            name = ("top-k" if kind == "top_k" else "top-p") + (" (T = 1)" if at_one else "")
        ax.plot([r["distinct_2"] for r in chosen], [r["known_words"] for r in chosen],
                marker=marker, linestyle=linestyle, color=color, markersize=7, label=name,
                gid=kind)
        for r in chosen:
            text = (f"{float(r['setting']['temperature']):g}" if kind == "temperature"
                    else str(r["label"]))
            ax.annotate(text, (r["distinct_2"], r["known_words"]), textcoords="offset points",
                        xytext=(5, 5), fontsize=10, color=color, gid=str(r["label"]))
    if reference is not None:
        ax.plot(reference["distinct_2"], reference["known_words"], "k*", markersize=15,
                label="the real continuations", gid="reference")
    ax.set_xlabel("distinct word pairs (share): more is more varied", fontsize=11)
    ax.set_ylabel("words that occur in the corpus (share)", fontsize=11)
    ax.tick_params(labelsize=10)
    ax.grid(alpha=0.3)
    ax.margins(0.08)
    if title is None:
        texts = rows[0].get("texts")
        title = "Quality against diversity of each way of sampling"
        if texts:
            title += f": {len(texts)} seeds x {len(texts[0])} characters"
    if title:
        ax.set_title(title, fontsize=11)
    ax.legend(loc="best", fontsize=10)
    fig.tight_layout()
    return fig
