"""The book's model against ours on whatever device this machine has: training and generation.

Written for a GPU (a Colab GPU runtime, say), where nobody here has measured: one run
times, on the same windows and in alternation,

* training: the book's model (rolled LSTM on one-hot input, batch 128) and
  ``build_model`` in both device configurations (``device="gpu"``: rolled, whole
  batches; ``device="cpu"``: unrolled, two halves), at the lesson's batch 256;
* generation: the book's ``predict``-per-character loop against ``generate_text``
  (4 temperatures x 400 characters, window mode).

It prints the windows per second, the seconds, and each ratio to the book. Without a GPU
it runs on the CPU and says so. ``--fraction`` times only that share of an epoch (the
full corpus's 180,248 training windows otherwise).

    python benchmarks/gpu.py --corpus ../shared/data/nietzsche.txt
    python benchmarks/gpu.py --fraction 0.05 --book-chars 40   # a quick check on a CPU
"""

from __future__ import annotations

import argparse
import time

import keras
import numpy as np
import tensorflow as tf
from book_reference import build_model as build_book_model
from book_reference import generate as book_generate

import textgen_utils as tg

TEMPS = [0.2, 0.5, 1.0, 1.2]


def epoch_rate(model, x, y, batch: int, repeats: int) -> float:
    """Windows per second of ``model.fit`` over ``x``: the best of ``repeats`` passes."""
    model.fit(x[: 4 * batch], y[: 4 * batch], batch_size=batch, epochs=1, verbose=0)  # compile
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
        best = max(best, len(x) / (time.perf_counter() - start))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus")
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--book-chars", type=int, default=400,
                        help="characters per temperature for the book's (slow) loop")
    args = parser.parse_args()
    gpus = tf.config.list_physical_devices("GPU")
    where = f"GPU: {', '.join(g.name for g in gpus)}" if gpus else (
        "no GPU found: these are CPU figures, not GPU figures")
    print(where)
    tg.configure_threads()  # does nothing with a GPU

    text = tg.load_corpus(path=args.corpus)
    vocab = tg.CharVocab.from_text(text)
    train_text, _ = tg.split_text(text)
    x, y = tg.make_windows(train_text, vocab)
    # Whole batches only (a multiple of 128 and 256): a last, smaller batch would make Keras
    # compile the step a second time inside the timing.
    n = max(1024, int(len(x) * args.fraction) // 1024 * 1024)
    x, y = x[:n], y[:n]
    one_hot_x = np.eye(len(vocab), dtype=bool)[x]
    one_hot_y = np.eye(len(vocab), dtype=bool)[y]

    keras.utils.set_random_seed(0)
    book = build_book_model(len(vocab))
    ours = {device: tg.build_model(vocab, device=device) for device in ("gpu", "cpu")}
    rates = {"book (batch 128)": epoch_rate(book, one_hot_x, one_hot_y, 128, args.repeats)}
    for device, model in ours.items():
        rates[f"ours, device={device!r} (batch 256)"] = epoch_rate(model, x, y, 256,
                                                                    args.repeats)
    print(f"\nTraining on {n:,} windows (best of {args.repeats}):")
    base = rates["book (batch 128)"]
    for name, rate in rates.items():
        print(f"  {name:34s} {rate:9,.0f} windows/s   x{rate / base:.2f} the book")

    seed = text[1000:1060]
    model = ours["gpu" if gpus else "cpu"]
    model.set_weights(book.get_weights())
    start = time.perf_counter()
    for t in TEMPS:
        book_generate(book, seed, list(vocab.chars), vocab.char_indices, t, args.book_chars)
    book_seconds = (time.perf_counter() - start) * 400 / args.book_chars
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    tg.generate_text(model, vocab, seed, 400, TEMPS, rng)
    first = time.perf_counter() - start
    times = []
    for _ in range(3):
        start = time.perf_counter()
        tg.generate_text(model, vocab, seed, 400, TEMPS, rng)
        times.append(time.perf_counter() - start)
    ours_seconds = float(np.median(times))
    scaled = "" if args.book_chars == 400 else f" (timed on {args.book_chars}, scaled to 400)"
    print("\nGeneration, 4 temperatures x 400 characters:")
    print(f"  book loop            {book_seconds:8.1f} s{scaled}")
    print(f"  generate_text, first {first:8.2f} s (includes compiling)")
    print(f"  generate_text        {ours_seconds:8.2f} s (median of 3)   "
          f"x{book_seconds / ours_seconds:.0f} faster than the book")
    print(f"\n{where}")


if __name__ == "__main__":
    main()
