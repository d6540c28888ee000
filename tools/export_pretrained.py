"""Export a trained model as the package's pretrained model (maintainers only).

    python tools/export_pretrained.py runs/bench-lesson/best.keras

Drops the optimizer state (the file shrinks to about 1/3) and writes
``textgen_utils/pretrained/nietzsche_lstm.keras``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

from textgen_utils.model import PRETRAINED_PATH, vocab_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--out", type=Path, default=PRETRAINED_PATH)
    args = parser.parse_args()
    model = keras.models.load_model(args.model, compile=False)  # weights only, no optimizer
    if vocab_of(model) is None:
        raise SystemExit(f"{args.model} has no CharOneHot layer: it does not record its vocabulary")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
