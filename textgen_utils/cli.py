"""Command line: ``python -m textgen_utils train ...`` and ``... generate ...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .sampling import TEMPERATURES
from .training import BATCH_SIZE, LARGE_BATCH_SIZE


def _train(args: argparse.Namespace) -> int:
    from .corpus import load_corpus
    from .model import build_model, configure_threads
    from .training import SampleTextCallback, train
    from .vectorize import CharVocab, make_windows, split_text

    try:
        text = load_corpus(args.corpus, maxlen=args.maxlen)
    except (OSError, ValueError) as err:  # no file, failed download, text too short
        print(f"error: {err}", file=sys.stderr)
        return 2
    vocab = CharVocab.from_text(text)
    train_text, val_text = split_text(text, args.val_fraction)
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
    result = train(
        model, x, y, epochs=args.epochs, batch_size=args.batch_size,
        validation_data=validation, run_dir=args.run_dir, sampler=sampler,
    )
    best = Path(args.run_dir) / "best.keras"
    if result.get("best_epoch"):
        print(
            f"Best model (epoch {result['best_epoch']}, "
            f"{'validation' if validation else 'training'} loss {result['best']:.4f}): "
            f"{best}\nTry: python -m textgen_utils generate --model {best} --seed 'the '"
        )
    return 1 if result["stopped"] else 0


def _generate(args: argparse.Namespace) -> int:
    from .generation import generate_text
    from .model import PRETRAINED_PATH, load_model

    args.model = args.model or str(PRETRAINED_PATH)
    try:
        model, vocab = load_model(args.model)
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    seed = args.seed if not args.lower else args.seed.lower()
    rng = np.random.default_rng(args.random_seed)
    try:
        texts = generate_text(model, vocab, seed, args.length, args.temperature, rng,
                              mode=args.mode)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for temperature, text in zip(args.temperature, texts):
        print(f"------ temperature: {temperature}\n{seed}{text}\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m textgen_utils",
        description="Train a character-level LSTM and generate text with it.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="train a model; run again with the same --run-dir to resume")
    t.add_argument("--corpus", help="a UTF-8 text file (default: $TEXTGEN_CORPUS, else "
                   "download the Nietzsche corpus)")
    t.add_argument("--run-dir", default="runs/lesson",
                   help="checkpoints go here (default: %(default)s)")
    t.add_argument("--epochs", type=int, default=60)
    t.add_argument("--batch-size", type=int, default=None,
                   help="one batch size for every epoch, at a constant learning rate (default: "
                   f"the lesson's schedule, batch {BATCH_SIZE} then {LARGE_BATCH_SIZE} with a "
                   "shrinking learning rate)")
    t.add_argument("--learning-rate", type=float, default=0.01,
                   help="the (initial) learning rate (default: %(default)s)")
    t.add_argument("--units", type=int, default=128)
    t.add_argument("--maxlen", type=int, default=60)
    t.add_argument("--step", type=int, default=3)
    t.add_argument("--val-fraction", type=float, default=0.1,
                   help="held-out tail of the text for validation (default: %(default)s)")
    t.add_argument("--temperature", type=float, nargs="+", default=list(TEMPERATURES))
    t.add_argument("--length", type=int, default=400, help="characters sampled after each epoch")
    t.add_argument("--random-seed", type=int, default=None)
    t.set_defaults(func=_train)

    g = sub.add_parser("generate", help="generate text with a trained model")
    g.add_argument("--model", help="a .keras file written by train (default: the "
                   "pretrained model shipped with the package)")
    g.add_argument("--seed", required=True, help="the text to continue")
    g.add_argument("--temperature", type=float, nargs="+", default=list(TEMPERATURES))
    g.add_argument("--length", type=int, default=400)
    g.add_argument("--mode", choices=["window", "stateful"], default="window")
    g.add_argument("--random-seed", type=int, default=None)
    g.add_argument("--no-lower", dest="lower", action="store_false",
                   help="do not lower-case the seed")
    g.set_defaults(func=_generate)

    args = parser.parse_args(argv)
    return args.func(args)
