"""Does clipping matter late in the 60-epoch run, where the book's run diverged?

    python benchmarks/clipping_late.py --from runs/clip-late-from42 \
        [--corpus PATH] [--epochs 60] [--run-dir runs/clip-late-unclipped]

``--from`` is a copy of the lesson benchmark's checkpoint folder (``runs/bench-lesson``,
trained with ``clipnorm=1``) taken part-way through. This script first measures how often
``clipnorm=1`` actually acts at that point (the share of per-variable gradient norms above
1 over 50 training batches), then continues the same weights and optimizer state to
``--epochs`` WITHOUT clipping, on the lesson benchmark's split. Compare its history with
the clipped continuation in ``benchmarks/results/lesson_progress.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import textgen_utils as tg  # noqa: E402
from textgen_utils.run import RunState  # noqa: E402


def gradient_norms(model, x, y, batches=50, seed=0):
    """Per-variable gradient norms of ``batches`` random training batches."""
    rng = np.random.default_rng(seed)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    norms = []
    for _ in range(batches):
        idx = rng.choice(len(x), tg.BATCH_SIZE, replace=False)
        with tf.GradientTape() as tape:
            loss = loss_fn(y[idx], model(x[idx], training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        norms.append([float(tf.norm(g)) for g in grads])
    return np.array(norms)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", required=True)
    parser.add_argument("--corpus")
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--run-dir", default="runs/clip-late-unclipped")
    parser.add_argument("--out", default="benchmarks/results/clipping_late.json")
    args = parser.parse_args()

    text = tg.load_corpus(args.corpus)
    vocab = tg.CharVocab.from_text(text)
    train_text, val_text = tg.split_text(text, 0.1)  # the lesson benchmark's split
    x, y = tg.make_windows(train_text, vocab)
    val = tg.make_windows(val_text, vocab)

    run = Path(args.run_dir)
    try:
        state = RunState.load(run)
    except FileNotFoundError:  # first start: continue from a copy of --from
        shutil.copytree(args.source, run, dirs_exist_ok=True)
        state = RunState.load(run)
    start = state.epoch

    model = tg.build_model(vocab, clipnorm=None)
    out = Path(args.out)
    report = json.loads(out.read_text()) if out.exists() else {}
    if "gradient_norms" not in report:
        model.optimizer.build(model.trainable_variables)
        model.load_weights(state.weights_path(run))
        norms = gradient_norms(model, x, y)
        names = [v.path for v in model.trainable_variables]
        report["start_epoch"] = start
        report["gradient_norms"] = {
            name: {"median": float(np.median(col)), "max": float(col.max()),
                   "share_above_1": float((col > 1.0).mean())}
            for name, col in zip(names, norms.T)
        }
        out.write_text(json.dumps(report, indent=1))
        print(json.dumps(report["gradient_norms"], indent=1), flush=True)

    tg.train(model, x, y, epochs=args.epochs, validation_data=val, run_dir=run,
             verbose=2, restore_best=False)
    state = RunState.load(run)
    report["unclipped_continuation"] = {"history": state.history, "epoch": state.epoch}
    # The state keeps the good epochs only: the one that diverged is the next.
    report["diverged_at"] = state.epoch + 1 if state.stopped == "diverged" else None
    out.write_text(json.dumps(report, indent=1))
    print(json.dumps({k: v for k, v in report.items() if k != "gradient_norms"}), flush=True)


if __name__ == "__main__":
    main()
