"""Book reference vs textgen_utils on the full corpus, in one process; prints ratios.

    python benchmarks/bench.py [--corpus PATH] [--train-samples N] [--skip-book-generation]

Measures vectorization (time and memory of the training inputs), generation of
4 temperatures x 400 characters (the book's predict-per-character loop vs the compiled
window and stateful modes, and the largest difference between their next-character
distributions), and training throughput in samples per second.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import book_reference as book  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

import textgen_utils as tg  # noqa: E402

TEMPS = [0.2, 0.5, 1.0, 1.2]


def measure(fn, *args, **kwargs):
    """(result, seconds, peak bytes allocated while running)."""
    tracemalloc.start()
    t = time.perf_counter()
    result = fn(*args, **kwargs)
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


def row(name, book_value, ours_value, unit, higher_is_better=False):
    ratio = ours_value / book_value if higher_is_better else book_value / ours_value
    print(f"  {name:42s} book {book_value:12.4g} {unit:9s} ours {ours_value:12.4g} {unit:9s}"
          f" -> {ratio:8.1f}x")
    return ratio


def bench_vectorization(text):
    print("Vectorization (full corpus, maxlen=60, step=3)")
    (bx, by, chars, _), t_book, m_book = measure(book.vectorize, text)
    vocab = tg.CharVocab.from_text(text)

    def ours_one_hot():
        return tg.vectorize(*tg.make_sequences(text), vocab)

    (x, y), t_ours, _ = measure(ours_one_hot)
    assert np.array_equal(x, bx) and np.array_equal(y, by), "one-hot arrays differ"
    del x, y
    (x, y), t_again, _ = measure(ours_one_hot)  # into the memory just freed
    print(f"  one-hot vectorize again, into reused memory: {t_again:.3f} s "
          "(the first call's extra time is the OS providing 685 MB of fresh pages)")
    (xi, yi), t_win, m_win = measure(tg.make_windows, text, vocab)
    print(f"  sequences {len(x):,}, chars {len(chars)}, one-hot x {x.shape} identical to book")
    r1 = row("one-hot vectorize time", t_book, t_ours, "s")
    r2 = row("integer windows time", t_book, t_win, "s")
    r3 = row("training inputs x+y (bytes)", bx.nbytes + by.nbytes, xi.nbytes + yi.nbytes, "B")
    r4 = row("peak memory while vectorizing", m_book, m_win, "B")
    del bx, by, x, y
    return {"vectorize": r1, "windows": r2, "input_memory": r3, "peak_memory": r4}


def bench_generation(text, skip_book):
    print("Generation: 4 temperatures x 400 characters (window of 60)")
    vocab = tg.CharVocab.from_text(text)
    keras.utils.set_random_seed(0)
    book_model = book.build_model(len(vocab))
    ours = tg.build_model(vocab)
    ours.set_weights(book_model.get_weights())
    chars, char_indices = list(vocab.chars), vocab.char_indices
    rng = np.random.default_rng(0)
    # Same weights: compare the distributions each path samples from, on 50 windows.
    diff = 0.0
    for start in rng.integers(0, len(text) - 60, 50):
        window = text[start : start + 60]
        one_hot = np.zeros((1, 60, len(chars)))
        for t, char in enumerate(window):
            one_hot[0, t, char_indices[char]] = 1.0
        p_book = book_model.predict(one_hot, verbose=0)[0]
        diff = max(diff, float(np.abs(tg.next_char_probs(ours, vocab, window) - p_book).max()))
    print(f"  max |p_book - p_ours| over 50 windows: {diff:.2e}")
    seed = text[1000:1060]
    if skip_book:
        t_book = 400 * 4 * _predict_seconds(book_model, len(chars))
        print(f"  book loop estimated from predict latency: {t_book:.1f} s")
    else:
        t = time.perf_counter()
        for temperature in TEMPS:
            book.generate(book_model, seed, chars, char_indices, temperature)
        t_book = time.perf_counter() - t
    results = {"max_prob_diff": diff}
    for mode in ("window", "stateful"):
        t = time.perf_counter()
        tg.generate_text(ours, vocab, seed, 400, TEMPS, rng, mode=mode)
        first = time.perf_counter() - t
        times = []
        for _ in range(5):
            t = time.perf_counter()
            tg.generate_text(ours, vocab, seed, 400, TEMPS, rng, mode=mode)
            times.append(time.perf_counter() - t)
        print(f"  {mode}: first call (includes compiling) {first:.2f} s")
        results[mode] = row(f"{mode} mode, median of 5 (s)", t_book, float(np.median(times)), "s")
        results[mode + "_first_call"] = t_book / first
    return results


def _predict_seconds(model, n_chars, repeats=40):
    x = np.zeros((1, 60, n_chars))
    model.predict(x, verbose=0)
    t = time.perf_counter()
    for _ in range(repeats):
        model.predict(x, verbose=0)
    return (time.perf_counter() - t) / repeats


def bench_training(text, samples):
    print(f"Training throughput ({samples:,} samples after a warm-up)")
    vocab = tg.CharVocab.from_text(text)
    part = text[: 3 * samples + 200]  # the same sequences for both, full vocabulary
    bx, by = tg.vectorize(*tg.make_sequences(part), vocab)  # equal to the book's arrays
    xi, yi = tg.make_windows(part, vocab)
    book_model = book.build_model(len(vocab))
    ours = tg.build_model(vocab)
    batch = tg.BATCH_SIZE
    book_model.fit(bx[:1280], by[:1280], batch_size=128, epochs=1, verbose=0)
    ours.fit(xi[: 4 * batch], yi[: 4 * batch], batch_size=batch, epochs=1, verbose=0)
    rates = {}
    for _ in range(2):  # alternate, so that both see the same machine load
        t = time.perf_counter()
        book_model.fit(bx[:samples], by[:samples], batch_size=128, epochs=1, verbose=0)
        rates.setdefault("book", []).append(samples / (time.perf_counter() - t))
        t = time.perf_counter()
        ours.fit(xi[:samples], yi[:samples], batch_size=batch, epochs=1, verbose=0)
        rates.setdefault("ours", []).append(samples / (time.perf_counter() - t))
    book_rate, our_rate = max(rates["book"]), max(rates["ours"])
    return {"train_throughput": row(f"samples/s (book batch 128, ours {batch})", book_rate,
                                    our_rate, "samples/s", higher_is_better=True)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="nietzsche.txt (default: load_corpus())")
    parser.add_argument("--train-samples", type=int, default=30_720)
    parser.add_argument("--sections", nargs="+", default=["vectorization", "generation",
                        "training"], help="which parts to run (default: all)")
    parser.add_argument("--skip-book-generation", action="store_true",
                        help="estimate the book's loop from predict latency (saves ~90 s)")
    args = parser.parse_args()
    text = tg.load_corpus(args.corpus)
    print(f"Corpus: {len(text):,} characters; {os.cpu_count()} CPU cores; "
          f"TensorFlow/Keras {keras.__version__}\n")
    results = {}
    if "vectorization" in args.sections:
        results.update(bench_vectorization(text))
    if "generation" in args.sections:
        results.update(bench_generation(text, args.skip_book_generation))
    if "training" in args.sections:
        results.update(bench_training(text, args.train_samples))
    print("\nSummary (ratios, higher is better): "
          + ", ".join(f"{k} {v:.3g}" for k, v in results.items()))


if __name__ == "__main__":
    main()
