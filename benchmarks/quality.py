"""Text quality against diversity, for every way of sampling from the pretrained model.

From 20 seeds (60-character windows of the held-out 10%, drawn with a fixed seed) the
shipped pretrained model writes 400 characters per setting: temperatures 0 (greedy) to
1.5, and top-k and top-p at temperature 1. Every setting uses the same loop (the model's
distribution, truncated if asked, then :func:`textgen_utils.sample`), the same seeds and
the same random numbers. Each text is scored by :func:`textgen_utils.text_quality`
against the training text (its words; a 6-gram fitted on it), and the real continuations
of the same seeds are scored as the reference. Writes ``results/quality.json`` and
``results/quality.png``; prints the table.

    python benchmarks/quality.py --corpus ../shared/data/nietzsche.txt
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import tensorflow as tf

import textgen_utils as tg

RESULTS = Path(__file__).parent / "results"
TEMPERATURES = [0.0, 0.2, 0.5, 0.8, 1.0, 1.2, 1.5]
TRUNCATIONS = [{"top_k": 3}, {"top_k": 5}, {"top_k": 10},
               {"top_p": 0.5}, {"top_p": 0.8}, {"top_p": 0.9}, {"top_p": 0.95}]


def label(setting: dict) -> str:
    if "top_k" in setting:
        return f"top-k {setting['top_k']}"
    if "top_p" in setting:
        return f"top-p {setting['top_p']}"
    return f"T = {setting['temperature']}"


def generate(model, vocab, seeds: list[str], setting: dict, length: int, rng) -> list[str]:
    """One text per seed, all seeds in one batch, one model call per character."""
    maxlen = model.inputs[0].shape[1]
    predict = tf.function(lambda w: model(w, training=False))  # traced once: same shape
    windows = np.stack([vocab.encode(s[-maxlen:]) for s in seeds]).astype(np.uint8)
    out = np.zeros((len(seeds), length), np.int64)
    truncation = {k: v for k, v in setting.items() if k != "temperature"}
    temperature = setting.get("temperature", 1.0)
    for step in range(length):
        probs = predict(tf.constant(windows)).numpy().astype(np.float64)
        for row, p in enumerate(probs):
            if truncation:
                p = tg.truncate_distribution(p, **truncation)
            out[row, step] = tg.sample(p, temperature, rng)
        windows = np.concatenate([windows[:, 1:], out[:, step:step + 1]], axis=1)
        windows = windows.astype(np.uint8)
    return [vocab.decode(row) for row in out]


def score(texts: list[str], known, ngram) -> dict:
    """Means over the texts of text_quality's numbers."""
    rows = [tg.text_quality(t, known, ngram) for t in texts]
    return {key: float(np.mean([r[key] for r in rows if r[key] is not None]))
            for key in ("known_words", "distinct_2", "cross_entropy")}


def plot(rows: list[dict], reference: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 5))
    for kind, marker in (("temperature", "o"), ("top_k", "s"), ("top_p", "^")):
        chosen = [r for r in rows if kind in r["setting"]]
        ax.plot([r["distinct_2"] for r in chosen], [r["known_words"] for r in chosen],
                marker, linestyle="-" if kind == "temperature" else "none",
                label={"temperature": "temperature", "top_k": "top-k (T = 1)",
                       "top_p": "top-p (T = 1)"}[kind])
        for r in chosen:
            ax.annotate(r["label"].replace("T = ", ""), (r["distinct_2"], r["known_words"]),
                        textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.plot(reference["distinct_2"], reference["known_words"], "k*", markersize=12,
            label="the real continuations")
    ax.set_xlabel("distinct word pairs (share): more is more varied")
    ax.set_ylabel("words that occur in the corpus (share)")
    ax.set_title("Sampling settings of the pretrained model, 20 seeds x 400 characters")
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--length", type=int, default=400)
    args = parser.parse_args()
    tg.configure_threads()

    text = tg.load_corpus(path=args.corpus)
    model, vocab = tg.load_pretrained()
    train_text, val_text = tg.split_text(text)  # scored against the training text only
    known = tg.corpus_words(train_text)
    ngram = tg.CharNGram(6).fit(train_text, vocab)
    pick = np.random.default_rng(0)
    starts = pick.choice(len(val_text) - 60 - args.length, args.seeds, replace=False)
    seeds = [val_text[s:s + 60] for s in starts]
    reference = score([val_text[s + 60:s + 60 + args.length] for s in starts], known, ngram)

    settings = [{"temperature": t} for t in TEMPERATURES] + TRUNCATIONS
    rows = []
    for setting in settings:
        texts = generate(model, vocab, seeds, setting, args.length, np.random.default_rng(1))
        rows.append({"label": label(setting), "setting": setting,
                     **score(texts, known, ngram), "example": texts[0][:200]})
        print(f"| {rows[-1]['label']} | {rows[-1]['known_words']:.3f} | "
              f"{rows[-1]['distinct_2']:.3f} | {rows[-1]['cross_entropy']:.3f} |", flush=True)
    print(f"| real text | {reference['known_words']:.3f} | {reference['distinct_2']:.3f} | "
          f"{reference['cross_entropy']:.3f} |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "quality.json").write_text(json.dumps(
        {"seeds": args.seeds, "length": args.length, "reference": reference, "rows": rows},
        indent=1, ensure_ascii=False) + "\n")
    plot(rows, reference, RESULTS / "quality.png")


if __name__ == "__main__":
    main()
