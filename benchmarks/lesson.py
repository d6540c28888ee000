"""The whole lesson, book vs textgen_utils, on the same held-out split, in one run.

    python benchmarks/lesson.py [--corpus PATH] [--compare-epochs 3] [--epochs 8]
                                [--book-epochs 59] [--run-dir runs/bench-lesson]
                                [--out benchmarks/results]

1. For the first ``--compare-epochs`` epochs the book's configuration and ours train
   alternately (so both see the same machine load), each validated on the last 10% of
   the corpus. After every epoch the book's side generates 4 x 400 characters with its
   predict-per-character loop, and ours 4 x 200 from a fixed seed with the compiled loop,
   as the lesson does. The book's lesson costs its median (or mean) epoch, training plus
   samples, times ``--book-epochs`` (the book's ``range(1, 60)``: 59). The book's side runs
   in a child process with TensorFlow's default threads and, like the book's notebook,
   calls ``model.fit(..., epochs=1)`` and then generates, once per epoch; ours runs
   here, with the threads that ``textgen_utils.configure_threads()`` sets, as the
   lesson's setup cell does.
2. Ours then continues to ``--epochs`` (the lesson's 8) through ``textgen_utils.train``
   (checkpointed in ``--run-dir``, so an interrupted benchmark resumes): its whole run is
   timed as it happened, and gives its best validation loss and a check that it never
   diverged.

``--report`` only writes the table from what has been measured so far; with ``--full-run``
it takes the complete run of ours from another run folder of ``textgen_utils.train``.

Results are written as JSON and as a Markdown table to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import book_reference as book  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

import textgen_utils as tg  # noqa: E402
from textgen_utils.run import RunState  # noqa: E402
from textgen_utils.training import LESSON_EPOCHS  # noqa: E402

TEMPS = [0.2, 0.5, 1.0, 1.2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--compare-epochs", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=LESSON_EPOCHS)
    parser.add_argument("--book-epochs", type=int, default=59)
    parser.add_argument("--run-dir", default="runs/bench-lesson")
    parser.add_argument("--out", default="benchmarks/results")
    parser.add_argument("--report", action="store_true",
                        help="only write the report from what has been measured so far")
    parser.add_argument("--full-run", type=Path,
                        help="with --report: take the complete run of ours from this run "
                        "folder of textgen_utils.train (e.g. the notebook's runs/lesson) "
                        "instead of phase 2")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    progress_file = out / "lesson_progress.json"
    progress = json.loads(progress_file.read_text()) if progress_file.exists() else {}
    if args.report:
        if args.full_run:
            state = RunState.load(args.full_run)
            progress["ours_full"] = full_run(state)
            progress["ours_full_source"] = args.full_run.as_posix()
            progress["diverged"] = state.stopped == "diverged"
            progress_file.write_text(json.dumps(progress, indent=1))
        report(progress, out, args.epochs, args.book_epochs)
        return

    threads = tg.configure_threads()  # before TensorFlow computes anything, as the lesson
    text = tg.load_corpus(args.corpus)
    vocab = tg.CharVocab.from_text(text)
    train_text, val_text = tg.split_text(text, 0.1)
    xi, yi = tg.make_windows(train_text, vocab)
    val = tg.make_windows(val_text, vocab)
    print(f"{len(xi):,} training and {len(val[0]):,} validation sequences; "
          f"schedule {[tg.lesson_schedule(e, args.epochs) for e in range(args.epochs)]}; "
          f"{os.cpu_count()} cores; "
          f"Keras {keras.__version__}", flush=True)

    keras.utils.set_random_seed(0)
    ours = tg.build_model(vocab)
    sampler = tg.SampleTextCallback(vocab, text, TEMPS, 200, rng=np.random.default_rng(0),
                                    seed_text=val_text[1000:1060], print_fn=None)
    run_dir = Path(args.run_dir)

    def our_epochs(total):
        """Train ours up to epoch ``total``: the run's state afterwards, and the seconds."""
        t = time.perf_counter()
        tg.train(ours, xi, yi, epochs=total, validation_data=val, run_dir=run_dir,
                 sampler=sampler, verbose=2, restore_best=False)
        seconds = time.perf_counter() - t
        return RunState.load(run_dir), seconds

    # Phase 1: alternate epochs of the book and of ours.
    if progress.get("phase1_done") is None:
        shutil.rmtree(run_dir, ignore_errors=True)  # phase 1 restarts from scratch
        progress["threads"] = {"book": "TensorFlow's defaults",
                               "ours": threads or "TensorFlow's defaults"}
        book_side = start_book(args.corpus, args.compare_epochs)
        rows = []
        for epoch in range(1, args.compare_epochs + 1):
            book_side.send(("epoch", epoch))
            book_row = book_side.recv()
            state, our_time = our_epochs(epoch)  # training + its samples, as in the lesson
            rows.append({
                "epoch": epoch, **book_row,
                "ours_epoch_s": our_time, "ours_loss": state.history["loss"][-1],
                "ours_val_loss": state.history["val_loss"][-1],
            })
            print(json.dumps(rows[-1]), flush=True)
            progress["phase1"] = rows
            progress_file.write_text(json.dumps(progress, indent=1))
        book_side.send(("stop", None))
        progress["phase1_done"] = True
        progress_file.write_text(json.dumps(progress, indent=1))

    # Phase 2: ours continues to the full lesson.
    state, progress["phase2_seconds"] = our_epochs(args.epochs)
    progress["ours_full"] = full_run(state)
    progress["diverged"] = state.stopped == "diverged"
    progress_file.write_text(json.dumps(progress, indent=1))
    report(progress, out, args.epochs, args.book_epochs)


def full_run(state: RunState) -> dict:
    """What the report keeps of a complete run of ours."""
    return {"history": state.history, "epoch": state.epoch, "best_epoch": state.best_epoch,
            "best": state.best}


def start_book(corpus, epochs):
    """Start the book's side in a child process, which keeps TensorFlow's default threads."""
    spawn = multiprocessing.get_context("spawn")
    here, there = spawn.Pipe()
    spawn.Process(target=book_side, args=(there, corpus, epochs), daemon=True).start()
    return here


def book_setup(corpus):
    """The book's side on the lesson's split: text, vocab, one-hot train and validation
    arrays, and the book's model (seed 0)."""
    text = tg.load_corpus(corpus)
    vocab = tg.CharVocab.from_text(text)
    train_text, val_text = tg.split_text(text, 0.1)
    train = tg.vectorize(*tg.make_sequences(train_text), vocab)  # == book.vectorize
    val = tg.vectorize(*tg.make_sequences(val_text), vocab)
    keras.utils.set_random_seed(0)
    return text, vocab, train, val, book.build_model(len(vocab))


def book_samples(model, text, vocab):
    """The book's samples after an epoch: 400 characters at each of the four temperatures."""
    for temperature in TEMPS:
        book.generate(model, text[1000:1060], list(vocab.chars), vocab.char_indices,
                      temperature)


def book_side(conn, corpus, epochs):
    """The book's loop: per epoch, one ``model.fit(..., epochs=1)``, then 4 x 400 characters.

    As in the book's notebook, each epoch calls ``fit`` on the numpy arrays and then
    generates at the four temperatures; both are timed (``fit`` from its call to its
    return, validation included). Each epoch waits for the parent's request, so the two
    sides never run at the same time.
    """
    text, vocab, (bx, by), (vx, vy), model = book_setup(corpus)
    while conn.recv()[0] == "epoch":
        t = time.perf_counter()
        logs = book.train_epoch(model, bx, by, validation_data=(vx, vy), verbose=2).history
        row = {"book_train_s": time.perf_counter() - t, "book_loss": logs["loss"][-1],
               "book_val_loss": logs["val_loss"][-1]}
        t = time.perf_counter()
        book_samples(model, text, vocab)
        row["book_gen_s"] = time.perf_counter() - t
        conn.send(row)


def report(progress, out, epochs, book_epochs):
    rows = progress["phase1"]
    # The book's epochs all cost the same: its training plus its generation, at their
    # median (or mean), times its number of epochs. Ours is the run as measured.
    sizes = [tg.lesson_schedule(r["epoch"] - 1, epochs)[0] for r in rows]

    def book_lesson(stat):
        return float(stat([r["book_train_s"] + r["book_gen_s"] for r in rows])) * book_epochs

    lines = [
        "| measure | book | ours | ratio |",
        "| --- | --- | --- | --- |",
    ]
    for key, what in (("book_train_s", "training, `fit` call"),
                      ("book_gen_s", "4 x 400 generated characters")):
        values = [r[key] for r in rows]
        lines.append(f"| one epoch: {what} (s, median / mean of {len(rows)}) | "
                     f"{np.median(values):.1f} / {np.mean(values):.1f} | | |")
    for size in sorted(set(sizes)):
        ours = [r["ours_epoch_s"] for r, b in zip(rows, sizes) if b == size]
        lines.append(f"| one lesson epoch at batch {size}, training + samples (s, median / "
                     f"mean of {len(ours)}) | | {np.median(ours):.1f} / {np.mean(ours):.1f} | |")
    last = rows[-1]
    lines.append(
        f"| validation loss after {last['epoch']} epochs | {last['book_val_loss']:.4f} "
        f"| {last['ours_val_loss']:.4f} | {last['ours_val_loss'] - last['book_val_loss']:+.4f} |")
    if "phase2_seconds" in progress and "ours_full_source" not in progress:
        ours_total = sum(r["ours_epoch_s"] for r in rows) + progress["phase2_seconds"]
        for name, stat in (("median", np.median), ("mean", np.mean)):
            theirs = book_lesson(stat)
            lines.append(
                f"| whole lesson, training + samples (min): the book's {book_epochs} epochs at "
                f"their {name}; our {epochs} as measured | {theirs / 60:.1f} | "
                f"{ours_total / 60:.1f} | {ours_total / theirs:.3f} of the book's time |")
    if "ours_full" in progress:
        hist = progress["ours_full"]["history"]
        jumps = max((b - a for a, b in zip(hist["loss"][:-1], hist["loss"][1:])), default=0.0)
        source = progress.get("ours_full_source", "phase 2")
        lines += [
            f"| ours after {len(hist['loss'])} epochs ({source}): final / best validation loss | | "
            f"{hist['val_loss'][-1]:.4f} / {min(hist['val_loss']):.4f} "
            f"(epoch {progress['ours_full']['best_epoch']}) | |",
            f"| ours: diverged? largest epoch-to-epoch rise of training loss | | "
            f"{'yes' if progress['diverged'] else 'no'}, {jumps:+.4f} | |",
        ]
    else:
        lines.append(f"| ours after {epochs} epochs | | not measured yet (phase 2 unfinished) | |")
    table = "\n".join(lines)
    (out / "lesson.md").write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
