"""Export a trained model as the package's pretrained model (maintainers only).

    python tools/export_pretrained.py notebooks/en/runs/lesson
    python tools/export_pretrained.py path/to/model.keras   # keep the shipped run record

Takes a run folder written by ``textgen_utils.train``: its best model's weights become
``textgen_utils/pretrained/nietzsche_lstm.npz``, and its configuration (``maxlen``,
``units``, the vocabulary), history and samples ``nietzsche_lstm.json`` (see
``textgen_utils.save_pretrained`` and ``pretrained_run``). Given a ``.keras`` file instead,
it exports that model with the record already shipped (how the ``.keras`` that shipped
until December 2026 was converted). Plain arrays and a model built in code load on every
Keras 3, where a ``.keras`` file loads only on the Keras that wrote it or a newer one.

The export is checked before it is kept: the model rebuilt from the written files must
predict what the exported model predicts on random windows.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from textgen_utils.model import (  # noqa: E402
    PRETRAINED_PATH,
    PRETRAINED_RUN_PATH,
    load_pretrained,
    save_pretrained,
    vocab_of,
)
from textgen_utils.run import BEST_MODEL, RunState  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a run folder, or a .keras model file")
    args = parser.parse_args()
    if args.source.is_dir():
        model_path = args.source / BEST_MODEL
        record = RunState.load(args.source).record()
    else:
        model_path = args.source
        record = json.loads(PRETRAINED_RUN_PATH.read_text(encoding="utf-8"))
    model = keras.models.load_model(model_path, compile=False)  # no optimizer
    if vocab_of(model) is None:
        raise SystemExit(f"{model_path} holds a model that does not record its vocabulary")
    PRETRAINED_PATH.parent.mkdir(parents=True, exist_ok=True)
    save_pretrained(model, PRETRAINED_PATH, record)

    rebuilt, vocab = load_pretrained()
    windows = np.random.default_rng(0).integers(
        0, len(vocab), size=(256, model.inputs[0].shape[1])).astype("uint8")
    expected = model.predict(windows, verbose=0)
    got = rebuilt.predict(windows, verbose=0)
    difference = float(np.abs(expected - got).max())
    print(f"{model_path} and the rebuilt model, 256 random windows: largest difference "
          f"between their probabilities {difference:.2e}")
    if difference > 1e-5:
        raise SystemExit("the rebuilt model does not compute what the exported one does")
    for path in (PRETRAINED_PATH, PRETRAINED_RUN_PATH):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
