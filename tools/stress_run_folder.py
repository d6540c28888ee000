"""Kill trainings at random moments and check that their run folders stay whole (maintainers).

    python tools/stress_run_folder.py --trials 20 [--seed 0] [--out DIR]

Each trial starts a small training (a few epochs of a tiny model on a small text, with
validation and samples) in a fresh process and a new run folder, sends it SIGINT or
SIGKILL (alternately) at a random moment, and then checks the folder: the state loads,
the weights it names load into the model and give the validation loss the history
records for the last saved epoch, ``best.keras`` gives the best one, and after SIGINT
the number of epochs the training said it had saved is the number on disk. Then the
training is run again to the end, and the run must count every epoch exactly once.
Prints one line per trial and the totals: trials, inconsistent folders, lost epochs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRAIN = r"""
import os, sys
import numpy as np
import textgen_utils as tg
text = ("the quick brown fox jumps over the lazy dog. what is truth? a mobile army "
        "of metaphors. the early bird catches the worm; a stitch in time saves nine.\n") * 12
vocab = tg.CharVocab.from_text(text)
train_text, val_text = tg.split_text(text, 0.2)
x, y = tg.make_windows(train_text, vocab, 10, 1)
val = tg.make_windows(val_text, vocab, 10, 1)
model = tg.build_model(vocab, maxlen=10, units=16)
sampler = tg.SampleTextCallback(vocab, text, [0.5, 1.0], 40, rng=np.random.default_rng(0),
                                print_fn=None)
result = tg.train(model, x, y, epochs=int(sys.argv[2]), batch_size=16, validation_data=val,
                  run_dir=sys.argv[1], sampler=sampler, verbose=0)
print("RESULT", result["epoch"], result["stopped"], flush=True)
"""

CHECK = r"""
import json, sys
import keras
import textgen_utils as tg
from textgen_utils.run import BEST_MODEL, RunState, restore_weights
run = sys.argv[1]
text = ("the quick brown fox jumps over the lazy dog. what is truth? a mobile army "
        "of metaphors. the early bird catches the worm; a stitch in time saves nine.\n") * 12
vocab = tg.CharVocab.from_text(text)
val = tg.make_windows(tg.split_text(text, 0.2)[1], vocab, 10, 1)
report = {"epoch": 0, "problems": []}
try:
    state = RunState.load(run)
except FileNotFoundError:
    print(json.dumps(report)); sys.exit()
report["epoch"] = state.epoch
if any(len(v) != state.epoch for v in state.history.values()):
    report["problems"].append("history length differs from epoch")
if len(state.samples) != state.epoch:
    report["problems"].append(f"{len(state.samples)} samples for {state.epoch} epochs")
model = tg.build_model(vocab, maxlen=10, units=16)
restore_weights(model, state.weights_path(run), state.optimizer_steps)
loss = model.evaluate(*val, batch_size=16, verbose=0)
if abs(loss - state.history["val_loss"][-1]) > 1e-4:
    report["problems"].append(f"last weights give {loss:.5f}, history says "
                              f"{state.history['val_loss'][-1]:.5f}")
best = keras.models.load_model(f"{run}/{BEST_MODEL}")
best_loss = best.evaluate(*val, batch_size=16, verbose=0)
if abs(best_loss - state.best) > 1e-4:
    report["problems"].append(f"best.keras gives {best_loss:.5f}, state says {state.best:.5f}")
print(json.dumps(report))
"""


def run(code: str, *args: str, timeout: float = 600) -> subprocess.Popen:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    # A job started in the background inherits SIGINT ignored; the training must see it.
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def check(folder: Path) -> dict:
    out, err = run(CHECK, str(folder)).communicate(timeout=600)
    try:
        return json.loads(out.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"epoch": None, "problems": [f"check failed: {err.strip().splitlines()[-1:]}"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = args.out or Path(tempfile.mkdtemp(prefix="stress-"))
    # When a training saves its first epoch and when it ends, so that kills land in between
    # (most of them while epochs are trained and saved, some before the first save).
    t = time.perf_counter()
    timing = run(TRAIN, str(base / "timing"), str(args.epochs))
    while timing.poll() is None and not (base / "timing" / "state.json").exists():
        time.sleep(0.05)
    first = time.perf_counter() - t
    timing.communicate(timeout=900)
    total = time.perf_counter() - t
    inconsistent = lost = 0
    for trial in range(args.trials):
        folder = base / f"trial-{trial}"
        how = signal.SIGINT if trial % 2 == 0 else signal.SIGKILL
        delay = rng.uniform(0.6 * first, total)
        proc = run(TRAIN, str(folder), str(args.epochs))
        time.sleep(delay)
        proc.send_signal(how)
        out, err = proc.communicate(timeout=600)
        said = re.search(r"(\d+) of \d+ epochs are complete and saved", out + err)
        if how == signal.SIGINT and proc.returncode == 0 and "RESULT" in out:
            interrupted = "interrupted" in out.split("RESULT", 1)[1]
        else:
            interrupted = False
        on_disk = check(folder)
        problems = list(on_disk["problems"])
        if said and on_disk["epoch"] is not None and int(said.group(1)) > on_disk["epoch"]:
            lost += int(said.group(1)) - on_disk["epoch"]
            problems.append(f"said {said.group(1)} epochs saved, {on_disk['epoch']} on disk")
        out, err = run(TRAIN, str(folder), str(args.epochs)).communicate(timeout=900)
        done = check(folder)
        if done["epoch"] != args.epochs or done["problems"]:
            problems.append(f"resumed run: epoch {done['epoch']}, {done['problems']}"
                            + (f" ({err.strip().splitlines()[-1:]})" if "RESULT" not in out
                               else ""))
        inconsistent += bool(problems)
        print(json.dumps({"trial": trial, "signal": how.name, "after_s": round(delay, 1),
                          "saved_epochs": on_disk["epoch"], "train_said_interrupted": interrupted,
                          "problems": problems}), flush=True)
    print(f"{args.trials} trials (first epoch saved after {first:.1f} s, training ends after "
          f"{total:.1f} s), {inconsistent} inconsistent "
          f"runs, {lost} lost epochs")
    return 1 if inconsistent or lost else 0


if __name__ == "__main__":
    sys.exit(main())
