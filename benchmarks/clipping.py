"""Why build_model clips gradients: the same runs with and without ``clipnorm=1``.

    python benchmarks/clipping.py [--corpus PATH] [--chars 200000] [--epochs 6]

Trains the lesson's model on the start of the corpus (validation on the tail) at the
book's learning rate and at a higher one, with and without clipping, and prints the
loss per epoch and whether training diverged (NaN, or the loss rising above twice its
best, which is how the book's published run ends).
"""

from __future__ import annotations

import argparse
import json
import math
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

import textgen_utils as tg  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--learning-rates", type=float, nargs="+", default=[0.01, 0.05])
    args = parser.parse_args()
    text = tg.load_corpus(args.corpus)
    vocab = tg.CharVocab.from_text(text)
    x, y = tg.make_windows(text[: args.chars], vocab)
    val = tg.make_windows(text[-60_000:], vocab)
    results = []
    for lr in args.learning_rates:
        for clipnorm in (None, 1.0):
            keras.utils.set_random_seed(0)
            model = tg.build_model(vocab, learning_rate=lr, clipnorm=clipnorm)
            losses, val_losses = [], []
            for _ in range(args.epochs):
                h = model.fit(x, y, batch_size=tg.BATCH_SIZE, epochs=1, validation_data=val,
                              verbose=0)
                losses.append(h.history["loss"][0])
                val_losses.append(h.history["val_loss"][0])
                if not math.isfinite(losses[-1]):
                    break
            finite = [v for v in losses if math.isfinite(v)]
            diverged = len(finite) < len(losses) or losses[-1] > 2 * min(finite)
            row = {"learning_rate": lr, "clipnorm": clipnorm, "loss": losses,
                   "val_loss": val_losses, "diverged": diverged,
                   "best_val_loss": float(np.nanmin(val_losses))}
            results.append(row)
            print(json.dumps(row), flush=True)
    print("\n| learning rate | clipnorm | training loss per epoch | best val loss | diverged |")
    print("| --- | --- | --- | --- | --- |")
    for r in results:
        per_epoch = " ".join(f"{v:.3f}" for v in r["loss"])
        print(f"| {r['learning_rate']} | {r['clipnorm']} | {per_epoch} | "
              f"{r['best_val_loss']:.3f} | {'yes' if r['diverged'] else 'no'} |")


if __name__ == "__main__":
    main()
