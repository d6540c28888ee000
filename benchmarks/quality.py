"""Text quality against diversity, for every way of sampling from the pretrained model.

From 20 seeds (60-character windows of the held-out 10%, drawn with a fixed seed) the
shipped pretrained model writes 400 characters per setting: temperatures 0 (greedy) to
1.5, and top-k and top-p at temperature 1. Every setting uses the same loop (the model's
distribution, truncated if asked, then :func:`textgen_utils.sample`), the same seeds and
the same random numbers: :func:`textgen_utils.compare_sampling`, which the lesson calls
too. Each text is scored by :func:`textgen_utils.text_quality` against the training text
(its words; a 6-gram fitted on it), and the real continuations of the same seeds are
scored as the reference (:func:`textgen_utils.reference_quality`). Writes
``results/quality.json`` and ``results/quality.png`` (:func:`textgen_utils.plot_quality`);
prints the table.

    python benchmarks/quality.py --corpus ../shared/data/nietzsche.txt
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

import textgen_utils as tg

RESULTS = Path(__file__).parent / "results"
TEMPERATURES = [0.0, 0.2, 0.5, 0.8, 1.0, 1.2, 1.5]
TRUNCATIONS = [{"top_k": 3}, {"top_k": 5}, {"top_k": 10},
               {"top_p": 0.5}, {"top_p": 0.8}, {"top_p": 0.9}, {"top_p": 0.95}]


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
    reference = tg.reference_quality(
        [val_text[s + 60:s + 60 + args.length] for s in starts], known, ngram)

    settings = [{"temperature": t} for t in TEMPERATURES] + TRUNCATIONS
    rows = []
    for row in tg.compare_sampling(model, vocab, seeds, settings, known, length=args.length,
                                   ngram=ngram, rng_seed=1):
        texts = row.pop("texts")
        rows.append({**row, "example": texts[0][:200]})
        print(f"| {row['label']} | {row['known_words']:.3f} | {row['distinct_2']:.3f} | "
              f"{row['cross_entropy']:.3f} |", flush=True)
    print(f"| real text | {reference['known_words']:.3f} | {reference['distinct_2']:.3f} | "
          f"{reference['cross_entropy']:.3f} |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "quality.json").write_text(json.dumps(
        {"seeds": args.seeds, "length": args.length, "reference": reference, "rows": rows},
        indent=1, ensure_ascii=False) + "\n")
    import matplotlib

    matplotlib.use("Agg")  # before pyplot is imported: the figure is only saved
    fig = tg.plot_quality(rows, reference, title=f"Sampling settings of the pretrained model, "
                                                 f"{args.seeds} seeds x {args.length} characters")
    fig.savefig(RESULTS / "quality.png", dpi=110)


if __name__ == "__main__":
    main()
