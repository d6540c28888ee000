import subprocess
import sys
import textwrap
from pathlib import Path

import keras
import numpy as np
import pytest

from textgen_utils import CharVocab, build_model, make_sequences, make_windows, vectorize, vocab_of

REPO = Path(__file__).resolve().parents[1]


def test_the_lessons_parameter_count():
    model = build_model(57)
    assert model.count_params() == 102_585
    lstm, dense = model.get_layer("lstm"), model.get_layer("next_char")
    assert lstm.units == 128 and dense.units == 57
    assert dense.get_config()["activation"] == "softmax"
    assert model.inputs[0].shape == (None, 60)


def test_compiled_like_the_book_with_clipping():
    model = build_model(57)
    opt = model.optimizer
    assert isinstance(opt, keras.optimizers.RMSprop)
    assert float(opt.learning_rate) == pytest.approx(0.01)
    assert opt.clipnorm == 1.0
    assert build_model(57, clipnorm=None).optimizer.clipnorm is None


def test_one_hot_input_mode_is_the_books_model():
    model = build_model(57, input_mode="one_hot")
    assert model.inputs[0].shape == (None, 60, 57)
    assert model.count_params() == 102_585
    with pytest.raises(ValueError, match="input_mode"):
        build_model(57, input_mode="words")


def test_ids_and_one_hot_models_compute_the_same(small_text):
    vocab = CharVocab.from_text(small_text)
    ids_model = build_model(vocab, maxlen=12, units=8)
    hot_model = build_model(len(vocab), maxlen=12, units=8, input_mode="one_hot")
    hot_model.set_weights(ids_model.get_weights())
    xi, _ = make_windows(small_text, vocab, maxlen=12, step=5)
    xh, _ = vectorize(*make_sequences(small_text, maxlen=12, step=5), vocab)
    np.testing.assert_allclose(ids_model(xi).numpy(), hot_model(xh.astype("float32")).numpy(),
                               atol=1e-6)


def test_saved_model_keeps_its_vocabulary(tmp_path, small_text):
    vocab = CharVocab.from_text(small_text)
    model = build_model(vocab, maxlen=8, units=4)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert vocab_of(loaded) == vocab
    assert vocab_of(build_model(10, maxlen=8, units=4)) is None


def test_tiny_model_learns_and_stays_finite(small_text):
    keras.utils.set_random_seed(1)
    vocab = CharVocab.from_text(small_text)
    x, y = make_windows(small_text, vocab, maxlen=10, step=1)
    model = build_model(vocab, maxlen=10, units=32)
    before = model.evaluate(x, y, verbose=0)
    history = model.fit(x, y, batch_size=32, epochs=12, verbose=0)  # ~300 steps
    losses = history.history["loss"]
    assert len(x) // 32 * 12 >= 300
    assert np.all(np.isfinite(losses))
    assert losses[-1] < 0.6 * before


def test_strategy_on_two_logical_cpus():
    code = textwrap.dedent(
        """
        import numpy as np, tensorflow as tf
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
        from textgen_utils import build_model
        strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
        assert strategy.num_replicas_in_sync == 2
        model = build_model(11, maxlen=6, units=8, strategy=strategy)
        x = np.random.default_rng(0).integers(0, 11, (64, 6)).astype("uint8")
        y = np.random.default_rng(1).integers(0, 11, 64)
        h = model.fit(x, y, batch_size=16, epochs=2, verbose=0)
        assert np.isfinite(h.history["loss"]).all()
        print("replicas", strategy.num_replicas_in_sync, "loss", h.history["loss"][-1])
        """
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "replicas 2" in result.stdout
