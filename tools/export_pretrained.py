"""Export a trained model as the package's pretrained model (maintainers only).

    python tools/export_pretrained.py notebooks/en/runs/lesson
    python tools/export_pretrained.py path/to/model.keras   # keep the shipped run record
    python tools/export_pretrained.py --every-position runs/every_position/NAME

Takes a run folder written by ``textgen_utils.train``: its best model's weights become
``textgen_utils/pretrained/nietzsche_lstm.npz``, and its configuration (``maxlen``,
``units``, the vocabulary), history and samples ``nietzsche_lstm.json`` (see
``textgen_utils.save_pretrained`` and ``pretrained_run``). Given a ``.keras`` file instead,
it exports that model with the record already shipped (how the ``.keras`` that shipped
until December 2026 was converted). Plain arrays and a model built in code load on every
Keras 3, where a ``.keras`` file loads only on the Keras that wrote it or a newer one.

With ``--every-position``, the run folder is one of ``benchmarks/every_position.py``'s: its
best model becomes ``nietzsche_every_position.npz`` and ``.json``, with the configuration
and the training seconds that the benchmark recorded in
``benchmarks/results/every_position/NAME.json``.

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
    SEQUENCE_RECORD_PATH,
    SEQUENCE_WEIGHTS_PATH,
    load_pretrained,
    save_pretrained,
    save_sequence_model,
    vocab_of,
)
from textgen_utils.run import BEST_MODEL, RunState  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a run folder, or a .keras model file")
    parser.add_argument("--every-position", action="store_true",
                        help="export an every_position.py run as the every-position model")
    args = parser.parse_args()
    if args.every_position:
        export_every_position(args.source)
        return
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

    check(model, load_pretrained()[0], model_path)
    for path in (PRETRAINED_PATH, PRETRAINED_RUN_PATH):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")


def check(model, rebuilt, source, maxlen: int = 60) -> None:
    """Stop unless ``rebuilt`` predicts what ``model`` predicts on 256 random windows."""
    vocab_size = model.outputs[0].shape[-1]
    windows = np.random.default_rng(0).integers(
        0, vocab_size, size=(256, model.inputs[0].shape[1] or maxlen)).astype("uint8")
    difference = float(np.abs(model.predict(windows, verbose=0)
                              - rebuilt.predict(windows, verbose=0)).max())
    print(f"{source} and the rebuilt model, 256 random windows: largest difference "
          f"between their probabilities {difference:.2e}")
    if difference > 1e-5:
        raise SystemExit("the rebuilt model does not compute what the exported one does")


def export_every_position(run_dir: Path) -> None:
    bench = (Path(__file__).parents[1] / "benchmarks" / "results" / "every_position"
             / f"{run_dir.name}.json")
    recorded = json.loads(bench.read_text(encoding="utf-8"))
    model = keras.models.load_model(run_dir / BEST_MODEL, compile=False)
    vocab = vocab_of(model)
    config = {"units": recorded["config"]["units"], "layers_count": recorded["config"]["layers"],
              "dropout": recorded["config"]["dropout"]}
    record = {**RunState.load(run_dir).record(), "benchmark": recorded["config"],
              "seconds": recorded["seconds"]}
    save_sequence_model(model, vocab, SEQUENCE_WEIGHTS_PATH, config, record)
    check(model, load_pretrained(kind="every_position")[0], run_dir / BEST_MODEL)
    for path in (SEQUENCE_WEIGHTS_PATH, SEQUENCE_RECORD_PATH):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
