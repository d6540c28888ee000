"""The counting baseline on the lesson's validation targets: character n-grams, orders 1-8.

Each order is fitted on the lesson's training text (the first 90% of the corpus) and
scored on the book model's validation targets: the 20,010 windows of 60 characters,
every 3, of the held-out 10%, and the character after each. Writes
``benchmarks/results/ngram.json``; ``tests/test_real_corpus.py`` checks that the code
still gives these numbers.

    python benchmarks/ngram_table.py --corpus ../shared/data/nietzsche.txt
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import textgen_utils as tg

RESULT = Path(__file__).parent / "results" / "ngram.json"


def table(text: str, orders=range(1, 9)) -> list[dict]:
    """One row per order: cross-entropy in nats and bits, seconds to fit and to score."""
    vocab = tg.CharVocab.from_text(text)
    train_text, val_text = tg.split_text(text)
    x_val, y_val = tg.make_windows(val_text, vocab)
    rows = []
    for order in orders:
        start = time.perf_counter()
        model = tg.CharNGram(order).fit(train_text, vocab)
        fitted = time.perf_counter()
        nats = model.cross_entropy(x_val, y_val)
        rows.append({"order": order, "nats": round(nats, 4), "bits": round(nats / math.log(2), 4),
                     "fit_seconds": round(fitted - start, 2),
                     "score_seconds": round(time.perf_counter() - fitted, 2)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus")
    args = parser.parse_args()
    text = tg.load_corpus(path=args.corpus)
    rows = table(text)
    vocab_size = len(tg.CharVocab.from_text(text))
    RESULT.write_text(json.dumps({"uniform_nats": round(math.log(vocab_size), 4),
                                  "rows": rows}, indent=1) + "\n")
    print("| order | nats | bits | fit (s) | score (s) |\n| --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['order']} | {r['nats']:.4f} | {r['bits']:.4f} | {r['fit_seconds']} "
              f"| {r['score_seconds']} |")


if __name__ == "__main__":
    main()
