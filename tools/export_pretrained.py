"""Export a trained model as the package's pretrained model (maintainers only).

    python tools/export_pretrained.py notebooks/en/runs/lesson

Takes a run folder written by ``textgen_utils.train``: its best model, without the
optimizer state, becomes ``textgen_utils/pretrained/nietzsche_lstm.keras``, and its
history and samples ``nietzsche_lstm.json`` (see ``textgen_utils.pretrained_run``).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

from textgen_utils.model import PRETRAINED_PATH, PRETRAINED_RUN_PATH, vocab_of  # noqa: E402
from textgen_utils.run import BEST_MODEL, RunState  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    args = parser.parse_args()
    state = RunState.load(args.run_dir)
    model = keras.models.load_model(args.run_dir / BEST_MODEL, compile=False)  # no optimizer
    if vocab_of(model) is None:
        raise SystemExit(f"{args.run_dir} holds a model that does not record its vocabulary")
    PRETRAINED_PATH.parent.mkdir(parents=True, exist_ok=True)
    model.save(PRETRAINED_PATH)
    PRETRAINED_RUN_PATH.write_text(json.dumps(state.record(), ensure_ascii=False),
                                   encoding="utf-8")
    for path in (PRETRAINED_PATH, PRETRAINED_RUN_PATH):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
