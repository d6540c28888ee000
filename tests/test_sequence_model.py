import keras
import numpy as np
import pytest

from textgen_utils import (
    CharVocab,
    SequenceModel,
    build_model,
    build_sequence_model,
    load_model,
    make_shifted_sequences,
    make_windows,
    train,
)


def test_the_same_parameters_as_the_lessons_model():
    vocab = CharVocab(tuple(map(chr, range(40, 97))))
    assert build_sequence_model(vocab).count_params() == build_model(vocab).count_params()


def test_shifted_sequences_make_every_character_a_target_once():
    text = "abcdefghijk"
    vocab = CharVocab.from_text(text)
    x, y = make_shifted_sequences(text, vocab, seq_len=3)
    assert vocab.decode(x.ravel()) == "abcdefghi" and vocab.decode(y.ravel()) == "bcdefghij"
    x, y = make_shifted_sequences(text, vocab, seq_len=3, offset=1)
    assert vocab.decode(x[0]) == "bcd" and vocab.decode(y[0]) == "cde" and len(x) == 3
    with pytest.raises(ValueError, match="needs"):
        make_shifted_sequences("abc", CharVocab.from_text("abc"), seq_len=3)


def test_one_target_per_window_scores_the_prediction_after_its_end(small_text):
    keras.utils.set_random_seed(0)
    vocab = CharVocab.from_text(small_text)
    model = build_sequence_model(vocab, units=8)
    x, y = make_windows(small_text, vocab, maxlen=12)
    last = model.predict(x, verbose=0)[:, -1]
    expected = -np.mean(np.log(last[np.arange(len(y)), y]))
    assert model.evaluate(x, y, verbose=0) == pytest.approx(expected, rel=1e-5)
    # With a target per position it is the mean over all positions instead.
    xs, ys = make_shifted_sequences(small_text, vocab, seq_len=12)
    every = model.predict(xs, verbose=0)
    expected = -np.mean(np.log(np.take_along_axis(every, ys[..., None], -1)))
    assert model.evaluate(xs, ys, verbose=0) == pytest.approx(expected, rel=1e-5)


def test_trains_resumes_and_keeps_its_best_through_train(tmp_path, small_text):
    keras.utils.set_random_seed(0)
    vocab = CharVocab.from_text(small_text)
    x, y = make_shifted_sequences(small_text, vocab, seq_len=20)
    val = make_windows(small_text, vocab, maxlen=20)
    model = build_sequence_model(vocab, units=16, learning_rate=1e-2)
    first = train(model, x, y, epochs=2, batch_size=8, validation_data=val,
                  run_dir=tmp_path, verbose=0)
    assert first["epoch"] == 2 and first["best"] < np.log(len(vocab))
    again = build_sequence_model(vocab, units=16, learning_rate=1e-2)
    result = train(again, x, y, epochs=4, batch_size=8, validation_data=val,
                   run_dir=tmp_path, verbose=0)
    assert result["epoch"] == 4 and result["history"]["val_loss"][:2] == \
        first["history"]["val_loss"]
    assert again.evaluate(*val, verbose=0) == pytest.approx(result["best"], rel=1e-4)
    loaded, loaded_vocab = load_model(tmp_path / "best.keras")
    assert isinstance(loaded, SequenceModel) and loaded_vocab == vocab
    assert loaded.evaluate(*val, verbose=0) == pytest.approx(result["best"], rel=1e-4)
    assert isinstance(loaded.optimizer, keras.optimizers.Adam)


def test_a_fixed_length_unrolled_copy_has_the_same_weights(small_text):
    vocab = CharVocab.from_text(small_text)
    any_length = build_sequence_model(vocab, units=8)
    fixed = build_sequence_model(vocab, units=8, seq_len=10, unroll=True, train_parts=2)
    fixed.set_weights(any_length.get_weights())
    x, _ = make_windows(small_text, vocab, maxlen=10)
    assert np.allclose(fixed.predict(x[:5], verbose=0), any_length.predict(x[:5], verbose=0),
                       atol=1e-6)
    with pytest.raises(ValueError, match="seq_len"):
        build_sequence_model(vocab, unroll=True)


def test_saved_as_arrays_and_built_in_code_it_computes_the_same(tmp_path, small_text):
    from textgen_utils import load_pretrained
    from textgen_utils.model import save_sequence_model

    keras.utils.set_random_seed(0)
    vocab = CharVocab.from_text(small_text)
    model = build_sequence_model(vocab, units=8, layers_count=2, dropout=0.1)
    path = tmp_path / "every_position.npz"
    save_sequence_model(model, vocab, path, {"units": 8, "layers_count": 2, "dropout": 0.1},
                        {"best": 1.0})
    loaded, loaded_vocab = load_pretrained(path, kind="every_position")
    x, _ = make_windows(small_text, vocab, maxlen=12)
    assert loaded_vocab == vocab and loaded.count_params() == model.count_params()
    assert np.allclose(loaded.predict(x[:4], verbose=0), model.predict(x[:4], verbose=0),
                       atol=1e-6)
    with pytest.raises(ValueError, match="kind"):
        load_pretrained(kind="sequence")
    with pytest.raises(FileNotFoundError, match="reinstall"):
        load_pretrained(tmp_path / "missing.npz", kind="every_position")
