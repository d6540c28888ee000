"""Command line: ``python -m textgen_utils train ...`` and ``... generate ...``."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .sampling import TEMPERATURES

#: The longest text ``generate`` writes in one call.
MAX_LENGTH = 100_000


def _train(args: argparse.Namespace) -> int:
    from .corpus import CorpusDownloadError, load_corpus
    from .model import build_model, configure_threads
    from .training import SampleTextCallback, train
    from .vectorize import CharVocab, make_windows, split_text

    try:
        text = load_corpus(args.corpus, maxlen=args.maxlen)
    except (OSError, ValueError) as err:  # no file, failed download, text too short
        hint = ("\n  - or give the file to this command:  python -m textgen_utils train "
                "--corpus path/to/nietzsche.txt" if isinstance(err, CorpusDownloadError) else "")
        print(f"error: {err}{hint}", file=sys.stderr)
        return 2
    vocab = CharVocab.from_text(text)
    train_text, val_text = split_text(text, args.val_fraction)
    if len(train_text) <= args.maxlen:
        print(f"error: --val-fraction {args.val_fraction} leaves {len(train_text)} characters "
              f"to train on, fewer than one window needs ({args.maxlen} + 1): give a smaller "
              "--val-fraction or --maxlen.", file=sys.stderr)
        return 2
    x, y = make_windows(train_text, vocab, args.maxlen, args.step)
    validation = None
    if len(val_text) > args.maxlen:
        validation = make_windows(val_text, vocab, args.maxlen, args.step)
    print(
        f"Corpus: {len(text):,} characters, {len(vocab)} distinct; "
        f"{len(x):,} training and {len(validation[0]) if validation else 0:,} "
        f"validation sequences."
    )
    try:
        configure_threads()
    except RuntimeError:  # called from a process whose TensorFlow already runs
        print("note: TensorFlow is already running; its thread settings stay.", file=sys.stderr)
    model = build_model(vocab, args.maxlen, args.units, args.learning_rate)
    rng = np.random.default_rng(args.random_seed)
    sampler = SampleTextCallback(vocab, text, args.temperature, args.length, rng=rng)
    try:
        result = train(
            model, x, y, epochs=args.epochs, batch_size=args.batch_size,
            validation_data=validation, run_dir=args.run_dir, sampler=sampler,
        )
    except (OSError, ValueError, RuntimeError) as err:  # a run folder that cannot be used
        print(f"error: {err}", file=sys.stderr)
        return 2
    best = Path(args.run_dir) / "best.keras"
    if result.get("best_epoch"):
        print(
            f"Best model (epoch {result['best_epoch']}, "
            f"{'validation' if validation else 'training'} loss {result['best']:.4f}): "
            f"{best}\nTry: python -m textgen_utils generate --model {best} --seed 'the '"
        )
    return {"interrupted": 130, "diverged": 1}.get(result["stopped"], 0)


def _generate(args: argparse.Namespace) -> int:
    from .generation import iter_generate
    from .model import load_model, load_pretrained

    try:
        model, vocab = load_model(args.model) if args.model else load_pretrained()
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    seed = args.seed if not args.lower else args.seed.lower()
    rng = np.random.default_rng(args.random_seed)
    try:
        chunks = iter_generate(model, vocab, seed, args.length, args.temperature, rng,
                               mode=args.mode)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    parts: list[list[str]] = []
    try:
        for chunk in chunks:
            parts.append(chunk)
    except KeyboardInterrupt:  # print what was generated before Ctrl-C
        _print_texts(args.temperature, seed, parts)
        done = sum(len(chunk[0]) for chunk in parts)
        print(f"\ninterrupted after {done} of {args.length} characters", file=sys.stderr)
        return 130
    _print_texts(args.temperature, seed, parts)
    return 0


def _print_texts(temperatures: Sequence[float], seed: str, parts: list[list[str]]) -> None:
    """One text per temperature, the seed before it, from the chunks generated."""
    texts = ["".join(chunks) for chunks in zip(*parts)] if parts else [""] * len(temperatures)
    for temperature, text in zip(temperatures, texts):
        print(f"------ temperature: {temperature}\n{seed}{text}\n")


def _number(kind: type, low: float, *, low_ok: bool = True, high: float | None = None,
            what: str = "") -> Any:
    """An argparse type: a ``kind`` number >= ``low`` (or > it) and below ``high``."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a {what or kind.__name__}") from None
        bad = (value < low if low_ok else value <= low) or not math.isfinite(value)
        if bad or (high is not None and value >= high):
            bound = f">= {low}" if low_ok else f"> {low}"
            bound += f" and < {high}" if high is not None else ""
            raise argparse.ArgumentTypeError(f"{text} is out of range: give a number {bound}")
        return value

    return parse


def _import_tensorflow_quietly() -> None:
    """Import TensorFlow with the C++ side's stderr closed, so no start-up lines print.

    TensorFlow's native libraries write a few lines when they load ("All log messages
    before absl::InitializeLog() is called...", "Could not find cuda drivers...") before
    ``TF_CPP_MIN_LOG_LEVEL`` is read. Python's own errors still show: stderr is restored
    before any exception leaves this function.
    """
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        import tensorflow  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2: bad input, 130: interrupted)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # TensorFlow's start-up log lines
    positive = _number(int, 1, what="whole number")
    count = _number(int, 0, what="whole number")
    temperature = _number(float, 0, what="number")
    parser = argparse.ArgumentParser(
        prog="python -m textgen_utils",
        description="Train a character-level LSTM and generate text with it.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    fmt = argparse.ArgumentDefaultsHelpFormatter

    t = sub.add_parser("train", formatter_class=fmt,
                       help="train a model; run again with the same --run-dir to resume")
    t.add_argument("--corpus", help="a UTF-8 text file (default: $TEXTGEN_CORPUS, else "
                   "download the Nietzsche corpus)")
    t.add_argument("--run-dir", default="runs/lesson", help="checkpoints go here")
    # 8: textgen_utils.training.LESSON_EPOCHS, not imported here so that --help is quick.
    t.add_argument("--epochs", type=positive, default=8, help="epochs in all, resumed ones "
                   "included (the book trains for 59)")
    t.add_argument("--batch-size", type=positive, default=None,
                   help="one batch size for every epoch, at a constant learning rate (default: "
                   "the lesson's schedule, textgen_utils.lesson_schedule)")
    t.add_argument("--learning-rate", type=_number(float, 0, low_ok=False), default=0.01,
                   help="the (initial) learning rate")
    t.add_argument("--units", type=positive, default=128, help="the LSTM's size")
    t.add_argument("--maxlen", type=positive, default=60,
                   help="characters the model reads to predict the next one")
    t.add_argument("--step", type=positive, default=3,
                   help="characters between the starts of two training windows")
    t.add_argument("--val-fraction", type=_number(float, 0, high=1), default=0.1,
                   help="held-out tail of the text for validation")
    t.add_argument("--temperature", type=temperature, nargs="+", default=list(TEMPERATURES),
                   help="temperatures of the samples after each epoch")
    t.add_argument("--length", type=count, default=400,
                   help="characters sampled after each epoch")
    t.add_argument("--random-seed", type=count, default=None,
                   help="a whole number that makes the samples reproducible")
    t.set_defaults(func=_train)

    g = sub.add_parser("generate", formatter_class=fmt,
                       help="generate text with a trained model")
    g.add_argument("--model", help="a .keras file written by train (default: the "
                   "pretrained model shipped with the package)")
    g.add_argument("--seed", required=True, help="the text to continue (not a random seed: "
                   "that is --random-seed)")
    g.add_argument("--temperature", type=temperature, nargs="+", default=list(TEMPERATURES),
                   help="one text per temperature; 0 is greedy")
    g.add_argument("--length", type=_number(int, 0, high=MAX_LENGTH + 1, what="whole number"),
                   default=400, help="characters to generate")
    g.add_argument("--mode", choices=["window", "stateful"], default="window",
                   help="window: re-read the last maxlen characters at each step (as the "
                   "model was trained); stateful: carry the LSTM's state forward")
    g.add_argument("--random-seed", type=count, default=None,
                   help="a whole number that makes the text reproducible")
    g.add_argument("--no-lower", dest="lower", action="store_false",
                   help="do not lower-case the seed")
    g.set_defaults(func=_generate)

    args = parser.parse_args(argv)
    try:
        _import_tensorflow_quietly()
        return args.func(args)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `generate ... | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
