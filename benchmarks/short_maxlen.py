"""Exercise 5's expected range: the lesson's model trained on shorter windows.

    python benchmarks/short_maxlen.py --corpus ../shared/data/nietzsche.txt [--maxlen 20]
                                      [--seeds 2024 7]

Runs ``textgen_utils.exercises.solution_short_maxlen`` (the lesson's model and schedule,
windows of ``--maxlen`` characters, ``textgen_utils.train``'s default epochs) once per
random seed, each in its own run folder under ``runs/`` (an interrupted run resumes), and
writes the best validation losses and times to ``results/short_maxlen.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import keras

import textgen_utils as tg
from textgen_utils import exercises

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--maxlen", type=int, default=20)
    parser.add_argument("--seeds", type=int, nargs="+", default=[2024, 7])
    args = parser.parse_args()
    tg.configure_threads()
    text = tg.load_corpus(args.corpus)
    vocab = tg.CharVocab.from_text(text)
    train_text, val_text = tg.split_text(text, 0.1)
    out = RESULTS / f"short_maxlen_{args.maxlen}.json"
    runs = json.loads(out.read_text())["runs"] if out.exists() else []
    for seed in args.seeds:
        if any(r["seed"] == seed for r in runs):
            continue
        keras.utils.set_random_seed(seed)
        start, load = time.monotonic(), os.getloadavg()[0]
        best = exercises.solution_short_maxlen(
            train_text, val_text, vocab, args.maxlen,
            run_dir=f"runs/short-maxlen-{args.maxlen}-seed{seed}", verbose=0)
        runs.append({"seed": seed, "best_val_loss": best,
                     "seconds": round(time.monotonic() - start),
                     "load_average": [round(load, 1), round(os.getloadavg()[0], 1)]})
        print(runs[-1], flush=True)
        RESULTS.mkdir(exist_ok=True)
        out.write_text(json.dumps({"maxlen": args.maxlen, "runs": runs}, indent=1) + "\n")


if __name__ == "__main__":
    main()
