import subprocess
import sys
import textwrap
from pathlib import Path

import keras
import numpy as np
import pytest

from textgen_utils import CharVocab, build_model, make_sequences, make_windows, vectorize, vocab_of

REPO = Path(__file__).resolve().parents[1]
VOCAB57 = CharVocab(tuple(map(chr, range(40, 97))))  # as many characters as the lesson's
VOCAB11 = CharVocab(tuple("abcdefghijk"))


def test_the_lessons_parameter_count():
    model = build_model(VOCAB57)
    assert model.count_params() == 102_585
    lstm, dense = model.get_layer("lstm"), model.get_layer("next_char")
    assert lstm.units == 128 and dense.units == 57
    assert dense.get_config()["activation"] == "softmax"
    assert model.inputs[0].shape == (None, 60)


def test_compiled_like_the_book_with_clipping():
    model = build_model(VOCAB57)
    opt = model.optimizer
    assert isinstance(opt, keras.optimizers.RMSprop)
    assert float(opt.learning_rate) == pytest.approx(0.01)
    assert opt.clipnorm == 1.0
    assert build_model(VOCAB57, clipnorm=None).optimizer.clipnorm is None


def test_one_hot_input_mode_is_the_books_model():
    model = build_model(VOCAB57, input_mode="one_hot")
    assert model.inputs[0].shape == (None, 60, 57)
    assert model.count_params() == 102_585
    with pytest.raises(ValueError, match="input_mode"):
        build_model(VOCAB57, input_mode="words")


def test_ids_and_one_hot_models_compute_the_same(small_text):
    vocab = CharVocab.from_text(small_text)
    ids_model = build_model(vocab, maxlen=12, units=8)
    hot_model = build_model(vocab, maxlen=12, units=8, input_mode="one_hot")
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
    assert vocab_of(build_model(vocab, maxlen=8, units=4, input_mode="one_hot")) is None
    with pytest.raises(TypeError, match="CharVocab.from_text"):
        build_model(len(vocab))


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
        from textgen_utils import CharVocab
        model = build_model(CharVocab(tuple("abcdefghijk")), maxlen=6, units=8,
                            strategy=strategy)
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


def test_training_on_two_halves_gives_the_whole_batchs_step():
    """SplitBatchModel trains a batch as two halves; the step must be the whole batch's step."""
    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(3)
    x, y = rng.integers(0, 11, (37, 6)).astype("uint8"), rng.integers(0, 11, 37)  # odd size
    halves = build_model(VOCAB11, maxlen=6, units=8)
    whole = build_model(VOCAB11, maxlen=6, units=8)
    whole.train_parts = 1
    whole.set_weights(halves.get_weights())
    np.testing.assert_allclose(halves(x, training=True), whole(x), rtol=1e-6, atol=1e-7)
    for _ in range(3):
        halves.train_on_batch(x, y)
        whole.train_on_batch(x, y)
    for a, b in zip(halves.get_weights(), whole.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert not np.allclose(halves.get_weights()[0], build_model(VOCAB11, 6, 8).get_weights()[0])


def test_the_lstm_runs_once_per_half_only_in_training_and_evaluation():
    model = build_model(VOCAB11, maxlen=6, units=8)
    lstm, calls = model.get_layer("lstm"), []
    call = lstm.call
    lstm.call = lambda *args, **kwargs: calls.append(kwargs.get("training")) or call(
        *args, **kwargs)
    x, y = np.zeros((4, 6), dtype="uint8"), np.zeros(4)
    model(x, training=True)
    assert len(calls) == 2
    model(x)
    model.predict(x, verbose=0)
    assert len(calls) == 4  # one more call each
    model.evaluate(x, y, verbose=0)  # traced once: one call per half
    assert len(calls) == 6
    model.predict(x, verbose=0)  # evaluating left the model whole for everything else
    model(x)
    assert len(calls) == 7


@pytest.mark.parametrize("size", [1, 2, 37])
def test_validation_in_two_halves_gives_the_whole_batchs_loss(size):
    """A batch of 1 leaves one half empty; the loss must still be the whole batch's."""
    keras.utils.set_random_seed(4)
    rng = np.random.default_rng(4)
    x, y = rng.integers(0, 11, (size, 6)).astype("uint8"), rng.integers(0, 11, size)
    halves = build_model(VOCAB11, maxlen=6, units=8)
    whole = build_model(VOCAB11, maxlen=6, units=8)
    whole.train_parts = 1
    whole.set_weights(halves.get_weights())
    expected = keras.losses.sparse_categorical_crossentropy(y, whole.predict(x, verbose=0))
    for model in (halves, whole):
        loss = model.evaluate(x, y, batch_size=size, verbose=0)
        np.testing.assert_allclose(loss, float(np.mean(expected)), rtol=1e-5)
    halves.train_on_batch(x, y)  # and a training step on such a batch works
    assert np.isfinite(halves.evaluate(x, y, batch_size=size, verbose=0))


def test_a_last_batch_of_one_window_trains_and_validates():
    """In a stream of batches the size is unknown when the step is traced, so a last batch
    of one window meets the split at run time, with an empty first half."""
    from textgen_utils.training import epoch_batches

    rng = np.random.default_rng(5)
    x, y = rng.integers(0, 11, (5, 6)).astype("uint8"), rng.integers(0, 11, 5)
    model = build_model(VOCAB11, maxlen=6, units=8)
    data, steps = epoch_batches(x, y, 4)
    val, val_steps = epoch_batches(x, y, 4, shuffle=False)
    assert [len(b[0]) for b in val.take(2)] == [4, 1]
    history = model.fit(data, steps_per_epoch=steps, validation_data=val,
                        validation_steps=val_steps, epochs=2, shuffle=False, verbose=0).history
    assert np.isfinite(history["loss"] + history["val_loss"]).all()
    whole = build_model(VOCAB11, maxlen=6, units=8)
    whole.train_parts = 1
    whole.set_weights(model.get_weights())
    np.testing.assert_allclose(model.evaluate(val, steps=val_steps, verbose=0),
                               whole.evaluate(val, steps=val_steps, verbose=0), rtol=1e-5)


def test_saved_model_comes_back_as_charlstm(tmp_path):
    from textgen_utils import SplitBatchModel

    model = build_model(CharVocab(tuple("abcdefghij")), maxlen=6, units=8)
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras", compile=False)
    assert isinstance(again, SplitBatchModel) and again.train_parts == 2
    x = np.arange(12, dtype="uint8").reshape(2, 6) % 10
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0))


@pytest.mark.parametrize(
    ("cores", "preset", "expected"),
    [(2, None, "1 2 set"), (1, None, "1 2 set"), (8, None, "0 0 None"), (2, "3", "0 0 None")],
)
def test_threads_change_only_when_asked_on_two_cores(cores, preset, expected):
    """Importing and using the package leaves TensorFlow's threads alone; the call sets them."""
    code = textwrap.dedent(
        f"""
        import os
        os.cpu_count = lambda: {cores}
        os.environ.pop("TF_NUM_INTRAOP_THREADS", None)
        os.environ.pop("TF_NUM_INTEROP_THREADS", None)
        if {preset!r} is not None:
            os.environ["TF_NUM_INTEROP_THREADS"] = {preset!r}
        import tensorflow as tf
        import textgen_utils as tg
        tg.build_model, tg.train, tg.generate_text  # every module imported
        threading = tf.config.threading
        assert (threading.get_intra_op_parallelism_threads(),
                threading.get_inter_op_parallelism_threads()) == (0, 0)
        assert "TF_NUM_INTRAOP_THREADS" not in os.environ
        done = tg.configure_threads()
        print(threading.get_intra_op_parallelism_threads(),
              threading.get_inter_op_parallelism_threads(), "set" if done else None)
        tg.build_model(tg.CharVocab(tuple("abc")))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-3:] == expected.split()


def test_configure_threads_after_tensorflow_started_says_what_to_do():
    code = textwrap.dedent(
        """
        import os
        os.cpu_count = lambda: 2
        import tensorflow as tf
        import textgen_utils as tg
        tf.constant(1.0) + 1  # TensorFlow starts with its own threads
        try:
            tg.configure_threads()
        except RuntimeError as err:
            print("error:", err)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert "must run before TensorFlow computes anything" in result.stdout, result.stderr[-2000:]


def test_the_corpus_vectors_and_sampling_need_no_tensorflow(tmp_path):
    code = textwrap.dedent(
        f"""
        import sys
        sys.modules["keras"] = sys.modules["tensorflow"] = sys.modules["matplotlib"] = None
        import textgen_utils as tg
        from textgen_utils.corpus import load_corpus
        path = {str(tmp_path / "t.txt")!r}
        open(path, "w", encoding="utf-8").write("Über alles, " * 20)
        text = load_corpus(path, maxlen=10)
        x, y = tg.make_windows(text, tg.CharVocab.from_text(text), 10, 3)
        ngram = tg.CharNGram(3).fit(text, tg.CharVocab.from_text(text))
        print(len(x), tg.sample([0.0, 1.0], 1.0), tg.entropy([0.5, 0.5]), ngram.order)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["77", "1", "1.0", "3"]


def test_a_vocabulary_of_more_than_256_characters_keeps_its_ids():
    """Chinese text has thousands of characters: id 260 must not be read as id 4."""
    vocab = CharVocab(tuple(map(chr, range(0x4E00, 0x4E00 + 300))))
    model = build_model(vocab, maxlen=4, units=4)
    x = np.array([[260, 4, 299, 0], [4, 260, 0, 299]], dtype=np.int32)
    hot = np.eye(len(vocab), dtype="float32")[x]
    book = build_model(vocab, maxlen=4, units=4, input_mode="one_hot")
    book.set_weights(model.get_weights())
    np.testing.assert_allclose(model(x).numpy(), book(hot).numpy(), atol=1e-6)
    x_ids, _ = make_windows("".join(vocab.chars) * 2, vocab, maxlen=4, step=7)
    assert x_ids.dtype == np.int32 and model.inputs[0].dtype == "int32"


@pytest.mark.parametrize("device, gpus, cores, expected", [
    ("auto", 1, 2, {"device": "gpu", "unroll": False, "train_parts": 1}),
    ("auto", 0, 2, {"device": "cpu", "unroll": True, "train_parts": 2}),
    ("auto", 0, 1, {"device": "cpu", "unroll": True, "train_parts": 1}),
    ("cpu", 1, 8, {"device": "cpu", "unroll": True, "train_parts": 2}),
    ("gpu", 0, 2, {"device": "gpu", "unroll": False, "train_parts": 1}),
])
def test_the_device_chooses_how_the_model_is_computed(device, gpus, cores, expected):
    from textgen_utils.model import device_config

    assert device_config(device, gpus=gpus, cores=cores) == expected


def test_a_device_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="device"):
        build_model(CharVocab(("a", "b")), device="tpu")


@pytest.mark.parametrize("trained_on, loaded_on", [("gpu", "cpu"), ("cpu", "gpu")])
def test_a_model_file_crosses_devices(tmp_path, small_text, trained_on, loaded_on):
    from textgen_utils import generate_text, load_model

    keras.utils.set_random_seed(0)
    vocab = CharVocab.from_text(small_text)
    model = build_model(vocab, maxlen=10, units=8, device=trained_on)
    assert model.get_layer("lstm").unroll == (trained_on == "cpu")
    assert model.train_parts == (2 if trained_on == "cpu" else 1)
    x, y = make_windows(small_text, vocab, maxlen=10)
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded, _ = load_model(tmp_path / "m.keras", device=loaded_on)
    assert loaded.get_layer("lstm").unroll == (loaded_on == "cpu")
    assert loaded.train_parts == (2 if loaded_on == "cpu" else 1)
    assert np.allclose(loaded.predict(x[:8], verbose=0), model.predict(x[:8], verbose=0),
                       atol=1e-5)
    rng = np.random.default_rng
    assert generate_text(loaded, vocab, "the quick ", 30, 0.5, rng(1)) == \
        generate_text(model, vocab, "the quick ", 30, 0.5, rng(1))
    loaded.fit(x, y, batch_size=32, epochs=1, verbose=0)  # and it trains on in its new form
