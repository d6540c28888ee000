"""Generation with other architectures: the compiled paths against the book's loop, one run.

    python benchmarks/generation_models.py [--book-chars 100] [--threads]

For each model (random weights: speed does not depend on them; the pretrained model's
57 characters, windows of 60): the book's loop, one ``model.predict`` per character
(``book_reference.generate``; for a model that reads character ids, the same loop with
the window's ids in place of its one-hot matrix), for 4 temperatures x ``--book-chars``
characters; then ``generate_text``: its first call (4 x 400, window mode, includes
compiling) and its steady state (4 x 400, median of 3), in window and stateful mode.
Prints seconds per character and the ratios. The lesson's model and the every-position
model take the fast path, the others the general one (the Keras model called inside the
compiled loop).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import book_reference as book  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

import textgen_utils as tg  # noqa: E402
from textgen_utils.generation import lstm_weights  # noqa: E402
from textgen_utils.model import CharOneHot  # noqa: E402

TEMPS = [0.2, 0.5, 1.0, 1.2]
MAXLEN, UNITS = 60, 128


def architectures(vocab):
    v = len(vocab)

    def softmax():
        return keras.layers.Dense(v, activation="softmax")

    one_hot = keras.Input((MAXLEN, v))
    yield "lesson (build_model)", tg.build_model(vocab)
    yield "every position (build_sequence_model)", tg.build_sequence_model(vocab)
    yield "GRU(128), one-hot input", keras.Sequential(
        [one_hot, keras.layers.GRU(UNITS), softmax()])
    yield "2 x LSTM(128), one-hot input", keras.Sequential(
        [keras.Input((MAXLEN, v)), keras.layers.LSTM(UNITS, return_sequences=True),
         keras.layers.LSTM(UNITS), softmax()])
    ids = keras.Input((MAXLEN,), dtype="uint8")
    x = keras.layers.LSTM(UNITS)(keras.layers.Embedding(v, 32)(ids))
    yield "Embedding(32) + LSTM(128)", keras.Model(ids, softmax()(x))
    ids = keras.Input((None,), dtype="uint8")
    x = keras.layers.GRU(UNITS, return_sequences=True)(CharOneHot(vocab.chars)(ids))
    yield "CharOneHot + GRU(128), every position", keras.Model(ids, softmax()(x))


def book_loop(model, seed, vocab, temperature, length):
    """``book_reference.generate``; for a model of character ids, the same loop on ids."""
    if len(model.inputs[0].shape) == 3:
        return book.generate(model, seed, list(vocab.chars), vocab.char_indices, temperature,
                             length)
    window, out = seed, ""
    for _ in range(length):
        sampled = np.array([[vocab.char_indices[c] for c in window]])
        preds = model.predict(sampled, verbose=0)[0]
        preds = preds[-1] if preds.ndim == 2 else preds  # every position: the last one
        next_char = vocab.chars[book.sample(preds, temperature)]
        window = (window + next_char)[1:]
        out += next_char
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book-chars", type=int, default=100,
                        help="characters per temperature in the book's loop")
    parser.add_argument("--threads", action="store_true", help="call configure_threads()")
    args = parser.parse_args()
    if args.threads:
        tg.configure_threads()
    _, vocab = tg.load_pretrained()
    seed = "the philosopher is a man who is always thinking of the world"[:MAXLEN]
    rng = np.random.default_rng(0)
    keras.utils.set_random_seed(0)
    print(f"{os.cpu_count()} CPU cores, load {os.getloadavg()}, threads set: {args.threads}")
    print(f"{'model':40s} {'path':8s} {'book s/char':>11s} {'first call':>10s} "
          f"{'window s/char':>13s} {'stateful s/char':>15s} {'window vs book':>14s} "
          f"{'stateful vs book':>16s}")
    for name, model in architectures(vocab):
        try:
            lstm_weights(model)
            path = "fast"
        except ValueError:
            path = "general"
        t = time.perf_counter()
        for temperature in TEMPS:
            book_loop(model, seed, vocab, temperature, args.book_chars)
        book_per_char = (time.perf_counter() - t) / (4 * args.book_chars)
        t = time.perf_counter()
        tg.generate_text(model, vocab, seed, 400, TEMPS, rng)
        first = time.perf_counter() - t
        per_char = {}
        for mode in ("window", "stateful"):
            tg.generate_text(model, vocab, seed, 400, TEMPS, rng, mode=mode)  # compiled
            times = []
            for _ in range(3):
                t = time.perf_counter()
                tg.generate_text(model, vocab, seed, 400, TEMPS, rng, mode=mode)
                times.append(time.perf_counter() - t)
            per_char[mode] = float(np.median(times)) / 1600
        print(f"{name:40s} {path:8s} {book_per_char:11.4f} {first:9.1f}s "
              f"{per_char['window']:13.2e} {per_char['stateful']:15.2e} "
              f"{book_per_char / per_char['window']:13.0f}x "
              f"{book_per_char / per_char['stateful']:15.0f}x   load {os.getloadavg()[0]:.2f}",
              flush=True)


if __name__ == "__main__":
    main()
