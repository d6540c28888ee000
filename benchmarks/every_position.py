"""Train the lesson's network on every position, and score it on the book's targets.

One configuration per call. The model is :func:`textgen_utils.build_sequence_model`,
trained with :func:`textgen_utils.train` on consecutive sequences of the training text
(targets shifted by one), and validated after every epoch on the book model's own
validation targets: the 20,010 windows of 60 characters, every 3, of the held-out 10%,
the character after each. The run folder checkpoints every epoch, so a stopped run
resumes; the record (one line per epoch: elapsed training seconds, loss, validation loss)
goes to ``benchmarks/results/every_position/NAME.json``.

Example::

    python benchmarks/every_position.py student --minutes 10 \\
        --corpus ../shared/data/nietzsche.txt
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from pathlib import Path

import keras

import textgen_utils as tg

RESULTS = Path(__file__).parent / "results" / "every_position"


class Clock(keras.callbacks.Callback):
    """Training seconds per epoch (validation included) and a budget that ends the run."""

    def __init__(self, spent: float, budget: float | None):
        super().__init__()
        self.spent, self.budget, self.times = spent, budget, []

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.spent += time.perf_counter() - self.start
        self.times.append(self.spent)
        if self.budget is not None and self.spent >= self.budget:
            self.model.stop_training = True


def schedule_for(args):
    """Constant learning rate, then (with ``--decay-from``) a geometric decay to ``--final``."""

    def schedule(epoch: int) -> tuple[int, float]:
        if args.decay_from is None or epoch < args.decay_from:
            return args.batch, 1.0
        span = max(1, args.epochs - args.decay_from)
        return args.batch, args.final ** min(1.0, (epoch - args.decay_from + 1) / span)

    return schedule


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("name")
    parser.add_argument("--corpus")
    parser.add_argument("--units", type=int, default=128)
    parser.add_argument("--layers", type=int, default=1)
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--seq-len", type=int, default=100)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--optimizer", default="adam")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--decay-from", type=int, help="first epoch of the decay")
    parser.add_argument("--final", type=float, default=0.1,
                        help="learning-rate factor at the last epoch of the decay")
    parser.add_argument("--minutes", type=float, help="stop after this much training")
    parser.add_argument("--runs", default="runs/every_position")
    args = parser.parse_args()
    tg.configure_threads()

    text = tg.load_corpus(path=args.corpus)
    vocab = tg.CharVocab.from_text(text)
    train_text, val_text = tg.split_text(text)
    x, y = tg.make_shifted_sequences(train_text, vocab, args.seq_len)
    x_val, y_val = tg.make_windows(val_text, vocab)  # the book's validation targets
    keras.utils.set_random_seed(1)
    model = tg.build_sequence_model(vocab, args.units, args.lr, layers_count=args.layers,
                                    dropout=args.dropout, optimizer=args.optimizer)

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{args.name}.json"
    old = json.loads(out.read_text()) if out.is_file() else {}
    clock = Clock(old.get("seconds", [0.0])[-1] if old.get("seconds") else 0.0,
                  args.minutes * 60 if args.minutes else None)
    clock.times = list(old.get("seconds", []))
    try:
        result = tg.train(model, x, y, epochs=args.epochs, schedule=schedule_for(args),
                          validation_data=(x_val, y_val),
                          run_dir=Path(args.runs) / args.name, callbacks=[clock], verbose=2)
    finally:
        record = {
            "config": {k: v for k, v in vars(args).items() if k not in ("corpus", "runs")},
            "parameters": model.count_params(),
            "sequences": len(x), "validation_windows": len(x_val),
            "seconds": clock.times,
            "load_average": os.getloadavg(),
        }
        if "result" in locals():
            history = result["history"]
            record.update(loss=history["loss"], val_loss=history["val_loss"],
                          best=result["best"], best_epoch=result["best_epoch"],
                          best_bits=result["best"] / math.log(2))
        out.write_text(json.dumps(record, indent=1) + "\n")
    print(json.dumps({k: record.get(k) for k in ("best", "best_epoch", "parameters")}))


if __name__ == "__main__":
    main()
