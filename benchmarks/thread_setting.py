"""One lesson epoch with the thread setting made on import (before) and by an explicit call.

    python benchmarks/thread_setting.py BEFORE_TREE --corpus ../shared/data/nietzsche.txt

``BEFORE_TREE`` is a checkout of the package from before the change (commit 4dbd84b, e.g.
``git worktree add /tmp/before 4dbd84b``), where importing ``textgen_utils`` set
``TF_NUM_INTRAOP_THREADS=1`` / ``TF_NUM_INTEROP_THREADS=2``; this tree's package sets the
same through :func:`textgen_utils.configure_threads`. Each run is a fresh process training
the lesson's first epoch (batch 256, validation, four samples of 400 characters); the two
trees take turns, so both meet the same machine load. Prints one JSON line per run and
the ratio of the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

EPOCH = """
import json, sys, time
import numpy as np
import textgen_utils as tg
threads = tg.configure_threads() if hasattr(tg, "configure_threads") else "on import"
text = tg.load_corpus(sys.argv[1])
vocab = tg.CharVocab.from_text(text)
train_text, val_text = tg.split_text(text, 0.1)
x, y = tg.make_windows(train_text, vocab, 60, 3)
val = tg.make_windows(val_text, vocab, 60, 3)
model = tg.build_model(vocab)
sampler = tg.SampleTextCallback(vocab, text, rng=np.random.default_rng(2024), print_fn=None)
start = time.perf_counter()
result = tg.train(model, x, y, epochs=1, validation_data=val, sampler=sampler, verbose=0)
print(json.dumps({"package": tg.__file__, "threads": str(threads),
                  "epoch_s": time.perf_counter() - start,
                  "val_loss": result["history"]["val_loss"][0]}))
"""


def one_epoch(tree: Path, corpus: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("TF_NUM_INTRAOP_THREADS", None)
    env.pop("TF_NUM_INTEROP_THREADS", None)
    out = subprocess.run([sys.executable, "-c", EPOCH, corpus], env=env, cwd=tree,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    times = {"before": [], "after": []}
    for _ in range(args.pairs):
        for side, tree in (("before", args.before.resolve()), ("after", HERE)):
            row = one_epoch(tree, str(Path(args.corpus).resolve()))
            times[side].append(row["epoch_s"])
            print(json.dumps({"side": side, **row}), flush=True)
    before, after = (statistics.median(times[s]) for s in ("before", "after"))
    print(f"median epoch: before {before:.1f} s, after {after:.1f} s; "
          f"after / before = {after / before:.3f}")


if __name__ == "__main__":
    main()
