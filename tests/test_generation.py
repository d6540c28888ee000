import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from textgen_utils import CharVocab, build_model, generate_text, generation, next_char_probs, sample
from textgen_utils.generation import lstm_weights

TEMPS = [0.2, 0.5, 1.0, 1.2]


def test_fast_distribution_equals_calling_the_model(tiny_model_and_vocab, small_text):
    model, vocab = tiny_model_and_vocab
    for start in (0, 17, 101):
        window = small_text[start : start + 10]
        expected = model(vocab.encode(window)[None]).numpy()[0]
        got = next_char_probs(model, vocab, window)
        assert np.abs(got - expected).max() <= 1e-5


def test_generation_follows_the_books_window_semantics(tiny_model_and_vocab, small_text):
    """Replay the book's loop (model call on the window + sample) with the same uniforms."""
    model, vocab = tiny_model_and_vocab
    seed = small_text[5:25]  # longer than maxlen: only its tail is read
    got = generate_text(model, vocab, seed, 30, 0.7, rng=np.random.default_rng(3))
    uniforms = np.random.default_rng(3).random((30, 1), dtype=np.float32)[:, 0]

    class Replay:  # hands `sample` the same uniform numbers the fast path used
        def __init__(self):
            self.k = 0

        def random(self):
            self.k += 1
            return float(uniforms[self.k - 1])

    replay, text = Replay(), seed
    for _ in range(30):
        p = model(vocab.encode(text[-10:])[None]).numpy()[0]
        text += vocab.chars[sample(p, 0.7, replay)]
    assert got == text[len(seed):]


def test_temperatures_in_one_batch_share_the_seed(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    texts = generate_text(model, vocab, "the quick ", 50, TEMPS, rng=np.random.default_rng(0))
    assert isinstance(texts, list) and len(texts) == 4
    assert all(len(t) == 50 and set(t) <= set(vocab.chars) for t in texts)
    again = generate_text(model, vocab, "the quick ", 50, TEMPS, rng=np.random.default_rng(0))
    assert texts == again
    single = generate_text(model, vocab, "the quick ", 50, 0.5, rng=np.random.default_rng(0))
    assert isinstance(single, str) and len(single) == 50


def test_greedy_generation_is_the_argmax_path(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    text = "the lazy d"
    greedy = generate_text(model, vocab, text, 15, 0)
    for _ in range(15):
        text += vocab.chars[int(np.argmax(model(vocab.encode(text[-10:])[None])[0]))]
    assert greedy == text[10:]


def test_short_seed_is_left_padded_with_spaces(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    rng = np.random.default_rng
    assert generate_text(model, vocab, "fox", 20, 0.5, rng(1)) == generate_text(
        model, vocab, "       fox", 20, 0.5, rng(1)
    )


def test_bad_seeds_and_arguments(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    with pytest.raises(ValueError, match="'Q'"):
        generate_text(model, vocab, "Quick fox!", 5)
    with pytest.raises(ValueError, match="non-empty"):
        generate_text(model, vocab, "", 5)
    with pytest.raises(ValueError, match="temperature"):
        generate_text(model, vocab, "the fox", 5, [0.5, -1])
    with pytest.raises(ValueError, match="mode"):
        generate_text(model, vocab, "the fox", 5, mode="beam")
    with pytest.raises(ValueError, match="records its own vocabulary"):
        generate_text(model, CharVocab.from_text("abc "), "abc", 5)
    same_size = CharVocab(tuple(map(chr, range(200, 200 + len(vocab)))))
    with pytest.raises(ValueError, match="records its own vocabulary"):
        next_char_probs(model, same_size, same_size.chars[0] * 3)
    assert generate_text(model, vocab, "the fox", 0, TEMPS) == ["", "", "", ""]


def test_seed_without_space_in_vocabulary():
    vocab = CharVocab.from_text("abcdefgh")
    model = build_model(vocab, maxlen=6, units=4)
    with pytest.raises(ValueError, match="longer seed"):
        generate_text(model, vocab, "abc", 5)
    assert len(generate_text(model, vocab, "abcdefgh", 5)) == 5


def test_stateful_mode_equals_running_the_lstm_over_everything(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    seed = "the quick brown fox jumps"  # 25 characters, longer than maxlen: all read
    full = seed + generate_text(model, vocab, seed, 12, 0, mode="stateful")
    # An LSTM with the same weights, unrolled over the whole text, from a zero state.
    keras_lstm = keras.Sequential([keras.Input((None, len(vocab))), keras.layers.LSTM(16),
                                   keras.layers.Dense(len(vocab), activation="softmax")])
    keras_lstm.set_weights(model.get_weights())
    for k in range(len(seed), len(full)):
        x = np.eye(len(vocab), dtype="float32")[vocab.encode(full[:k])][None]
        p = keras_lstm(x).numpy()[0]
        assert vocab.chars[int(np.argmax(p))] == full[k]
        np.testing.assert_allclose(next_char_probs(model, vocab, full[:k], mode="stateful"),
                                   p, atol=1e-5)


def test_only_the_lessons_architecture_is_accepted():
    other = keras.Sequential([keras.Input((5, 3)), keras.layers.GRU(4),
                              keras.layers.Dense(3, activation="softmax")])
    with pytest.raises(ValueError, match="one LSTM layer"):
        lstm_weights(other)


def test_without_xla_the_text_is_the_same(tiny_model_and_vocab, monkeypatch):
    model, vocab = tiny_model_and_vocab
    with_xla = generate_text(model, vocab, "the quick ", 30, TEMPS, np.random.default_rng(5))
    monkeypatch.setitem(generation._XLA, "available", False)
    without = generate_text(model, vocab, "the quick ", 30, TEMPS, np.random.default_rng(5))
    assert without == with_xla


def test_the_pieces_the_stored_notebook_prints_compute_what_generation_uses(
        tiny_model_and_vocab, small_text):
    model, vocab = tiny_model_and_vocab
    weights = {k: tf.constant(v) for k, v in lstm_weights(model).items()}
    ids = tf.constant(np.stack([vocab.encode(small_text[i:i + 10]) for i in (0, 9, 40)]))
    new = generation.output_log_probs(generation.read_window(ids, weights)[0], weights)
    np.testing.assert_allclose(generation._window_log_probs(ids, weights), new, atol=1e-6)
    h, c = tf.random.normal((3, 16), seed=1), tf.random.normal((3, 16), seed=2)
    x = tf.random.normal((3, 64), seed=3)
    for a, b in zip(generation._lstm_step(x, h, c, weights["recurrent"]),
                    generation.lstm_step(x, h, c, weights["recurrent"])):
        np.testing.assert_array_equal(a, b)
    args = (new, tf.constant([1.0, 2.0, 1.0]), tf.constant([False, False, True]),
            tf.constant([0.1, 0.5, 0.9]))
    np.testing.assert_array_equal(generation._choose(*args), generation.choose_next(*args))


def test_next_char_probs_rejects_an_unknown_mode(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    with pytest.raises(ValueError, match="mode"):
        next_char_probs(model, vocab, "the fox", mode="windw")


@pytest.mark.parametrize("tiny", [1e-10, 1e-30, 1e-320])
def test_a_tiny_temperature_is_greedy(tiny_model_and_vocab, tiny):
    model, vocab = tiny_model_and_vocab
    greedy = generate_text(model, vocab, "the lazy d", 40, 0)
    assert generate_text(model, vocab, "the lazy d", 40, tiny, np.random.default_rng(0)) == greedy


def test_an_embedding_model_is_not_taken_for_the_lessons():
    other = keras.Sequential([keras.Input((5,)), keras.layers.Embedding(3, 4),
                              keras.layers.LSTM(4), keras.layers.Dense(3, activation="softmax")])
    with pytest.raises(ValueError, match="one LSTM layer"):
        lstm_weights(other)


def test_long_texts_come_in_chunks_of_one_compiled_shape(tiny_model_and_vocab, monkeypatch):
    model, vocab = tiny_model_and_vocab
    calls = []
    run = generation._run_compiled

    def counting(mode, groups, weights, carry, uniforms, *rest):
        calls.append(tuple(uniforms.shape))
        return run(mode, groups, weights, carry, uniforms, *rest)

    monkeypatch.setattr(generation, "_run_compiled", counting)
    rng = np.random.default_rng
    long = generate_text(model, vocab, "the quick ", 2 * generation.CHUNK + 5, TEMPS, rng(2))
    assert calls == [(generation.CHUNK, 4)] * 3  # Python gets control back after each
    assert [len(t) for t in long] == [2 * generation.CHUNK + 5] * 4
    # The chunks continue one another: the first is what a one-chunk call writes.
    first = generate_text(model, vocab, "the quick ", generation.CHUNK, TEMPS, rng(2))
    assert [t[:generation.CHUNK] for t in long] == first


def test_stateful_generation_compiles_once_for_any_seed_length(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    for seed in ("the quick brown fox", "the quick brown fox jumps", "a stitch in time saves"):
        generate_text(model, vocab, seed, 10, TEMPS, mode="stateful")
    compiled = generation._compiled("stateful", min(4, os.cpu_count() or 1),
                                    generation._XLA["available"])
    assert compiled.experimental_get_tracing_count() == 1


def test_rng_must_be_a_generator(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    with pytest.raises(TypeError, match="default_rng"):
        generate_text(model, vocab, "the fox", 5, rng=42)


def test_a_zero_dimensional_temperature_is_one_temperature(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    text = generate_text(model, vocab, "the fox", 5, np.array(0.5), np.random.default_rng(0))
    assert isinstance(text, str) and len(text) == 5
