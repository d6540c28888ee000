import json
import subprocess
import sys
from pathlib import Path

import keras
import pytest

from textgen_utils.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_train_then_generate(tmp_path, small_text, capsys):
    corpus = tmp_path / "mine.txt"
    corpus.write_text(small_text, encoding="utf-8")
    run = tmp_path / "run"
    args = ["train", "--corpus", str(corpus), "--run-dir", str(run), "--epochs", "2",
            "--maxlen", "12", "--units", "8", "--length", "20", "--random-seed", "0"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "distinct" in out and "------ temperature: 1.2" in out and "Epoch 1/2" in out
    assert (run / "best.keras").is_file()
    # Without --batch-size, the lesson's schedule sets the learning rate of each epoch.
    state = json.loads((run / "state.json").read_text())
    assert state["history"]["learning_rate"] == pytest.approx([0.01, 0.01])
    # Running the same command again finds the run complete and does not train.
    assert main(args + []) == 0
    out = capsys.readouterr().out
    assert "is complete (2 epochs)" in out and "Epoch 1/2" not in out
    assert main(["generate", "--model", str(run / "best.keras"), "--seed", "The quick",
                 "--temperature", "0.5", "1.0", "--length", "25", "--random-seed", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("------ temperature:") == 2 and "the quick" in out


def test_train_with_a_batch_size_keeps_the_learning_rate(tmp_path, small_text):
    corpus = tmp_path / "mine.txt"
    corpus.write_text(small_text, encoding="utf-8")
    run = tmp_path / "run"
    assert main(["train", "--corpus", str(corpus), "--run-dir", str(run), "--epochs", "1",
                 "--maxlen", "12", "--units", "8", "--length", "5", "--batch-size", "16",
                 "--learning-rate", "0.003"]) == 0
    state = json.loads((run / "state.json").read_text())
    assert "learning_rate" not in state["history"] and state["epoch"] == 1
    model = keras.models.load_model(run / "best.keras")
    assert float(model.optimizer.learning_rate) == pytest.approx(0.003)


def test_generate_reports_bad_input(tmp_path, capsys):
    assert main(["generate", "--model", str(tmp_path / "none.keras"), "--seed", "x"]) == 2
    assert "No model file at" in capsys.readouterr().err


def test_train_reports_a_missing_corpus(tmp_path, capsys):
    assert main(["train", "--corpus", str(tmp_path / "none.txt"),
                 "--run-dir", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: No corpus file at") and "Traceback" not in err


def test_module_entry_point_shows_help():
    result = subprocess.run([sys.executable, "-m", "textgen_utils", "--help"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "train" in result.stdout and "generate" in result.stdout
