import keras
import numpy as np
import pytest

from textgen_utils import (
    CharVocab,
    SampleTextCallback,
    build_model,
    build_sequence_model,
    generate_text,
    generation,
    next_char_probs,
    sample,
)
from textgen_utils.generation import iter_generate, lstm_weights
from textgen_utils.model import CharOneHot

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
    run = generation._run_block

    def counting(chunk, carry, uniforms, *rest):
        calls.append(uniforms.shape)
        return run(chunk, carry, uniforms, *rest)

    monkeypatch.setattr(generation, "_run_block", counting)
    rng = np.random.default_rng
    long = generate_text(model, vocab, "the quick ", 2 * generation.CHUNK + 5, TEMPS, rng(2))
    # Python gets control back after each chunk; 4 temperatures are 2 blocks of 2 rows.
    assert calls == [(generation.CHUNK, generation.BLOCK)] * 3 * 2
    calls.clear()
    generate_text(model, vocab, "the quick ", 5, 0.5)
    assert calls == [(generation.CHUNK, 1)]  # one temperature: one row, no padding
    assert [len(t) for t in long] == [2 * generation.CHUNK + 5] * 4
    # The chunks continue one another: the first is what a one-chunk call writes.
    first = generate_text(model, vocab, "the quick ", generation.CHUNK, TEMPS, rng(2))
    assert [t[:generation.CHUNK] for t in long] == first


def test_stateful_generation_compiles_once_for_any_seed_length(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    generate_text(model, vocab, "the quick brown fox", 10, TEMPS, mode="stateful")
    compiled = generation._compiled_lstm("stateful", generation._XLA["available"])
    traces = compiled.experimental_get_tracing_count()
    reads = generation._read_lstm.experimental_get_tracing_count()
    for seed in ("the quick brown fox jumps", "a stitch in time saves", "the " * 30):
        generate_text(model, vocab, seed, 10, TEMPS, mode="stateful")
    assert compiled.experimental_get_tracing_count() == traces
    # The seed's reader is a plain graph: traced once more at most, then for any length.
    assert generation._read_lstm.experimental_get_tracing_count() <= reads + 1


def test_rng_must_be_a_generator(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    with pytest.raises(TypeError, match="default_rng"):
        generate_text(model, vocab, "the fox", 5, rng=42)


def test_a_zero_dimensional_temperature_is_one_temperature(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    text = generate_text(model, vocab, "the fox", 5, np.array(0.5), np.random.default_rng(0))
    assert isinstance(text, str) and len(text) == 5


# ---------------------------------------------------------------------------------------
# Any character model: the lesson's layers take the fast path, others the general one.

WINDOW = 10
TEXT = "the quick brown fox jumps over the lazy dog. a stitch in time saves nine.\n" * 4


def _ids_input(length):
    return keras.Input((length,), dtype="uint8")


def _architecture(name, vocab):
    """A small character model of the named kind, with random weights sharp enough that
    its distributions are far from uniform."""
    v, chars = len(vocab), vocab.chars
    softmax = keras.layers.Dense(v, activation="softmax")
    keras.utils.set_random_seed(7)
    if name == "lesson":
        model = build_model(vocab, maxlen=WINDOW, units=8)
    elif name == "every_position":  # any length; the lesson's layers
        model = build_sequence_model(vocab, units=8)
    elif name == "every_position_dropout":
        model = build_sequence_model(vocab, units=8, dropout=0.3)
    elif name == "book_one_hot":  # the book's model: one-hot input, LSTM, softmax
        model = keras.Sequential([keras.Input((WINDOW, v)), keras.layers.LSTM(8), softmax])
    elif name == "stacked_lstm":  # any length
        model = build_sequence_model(vocab, units=8, layers_count=2)
    elif name == "stacked_lstm_last_output":
        inputs = _ids_input(WINDOW)
        x = CharOneHot(chars)(inputs)
        x = keras.layers.LSTM(8, return_sequences=True)(x)
        model = keras.Model(inputs, softmax(keras.layers.LSTM(8)(x)))
    elif name == "gru":
        inputs = _ids_input(WINDOW)
        model = keras.Model(inputs, softmax(keras.layers.GRU(8)(CharOneHot(chars)(inputs))))
    elif name == "gru_one_hot":
        model = keras.Sequential([keras.Input((WINDOW, v)), keras.layers.GRU(8), softmax])
    elif name == "embedding":  # any length, every position
        model = keras.Sequential([keras.Input((None,)), keras.layers.Embedding(v, 6),
                                  keras.layers.LSTM(8, return_sequences=True), softmax])
    elif name == "embedding_gru_window":
        model = keras.Sequential([_ids_input(WINDOW), keras.layers.Embedding(v, 6),
                                  keras.layers.GRU(8), keras.layers.Dropout(0.2), softmax])
    rng = np.random.default_rng(3)
    model.set_weights([rng.normal(0, 1.5, w.shape).astype("float32")
                       for w in model.get_weights()])
    return model


ARCHITECTURES = ["lesson", "every_position", "every_position_dropout", "book_one_hot",
                 "stacked_lstm", "stacked_lstm_last_output", "gru", "gru_one_hot",
                 "embedding", "embedding_gru_window"]
FAST = {"lesson", "every_position", "every_position_dropout", "book_one_hot"}
ANY_LENGTH = {"every_position", "every_position_dropout", "stacked_lstm", "embedding"}


@pytest.fixture(scope="module")
def vocab():
    return CharVocab.from_text(TEXT)


@pytest.fixture(scope="module")
def models(vocab):
    return {name: _architecture(name, vocab) for name in ARCHITECTURES}


def _call(model, vocab, text):
    """What the model itself says comes after ``text``: its output after the last position."""
    ids = vocab.encode(text)[None]
    x = np.eye(len(vocab), dtype="float32")[ids] if len(model.inputs[0].shape) == 3 else ids
    out = model(x).numpy()
    return out[:, -1][0] if out.ndim == 3 else out[0]


def _replay(model, vocab, seed, length, temperature, rng_seed, window):
    """The book's loop (the model on the last window, then `sample`) with the uniform
    numbers generate_text draws."""
    uniforms = np.random.default_rng(rng_seed).random((length, 1), dtype=np.float32)[:, 0]

    class Replay:
        k = 0

        def random(self):
            self.k += 1
            return float(uniforms[self.k - 1])

    replay, text = Replay(), " " * window + seed
    for _ in range(length):
        text += vocab.chars[sample(_call(model, vocab, text[-window:]), temperature, replay)]
    return text[window + len(seed):]


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_every_architecture_gives_the_models_own_distribution(models, vocab, name):
    model = models[name]
    assert (name in FAST) == _takes_fast_path(model)
    window = generation.window_length(model)
    assert window == (generation.DEFAULT_MAXLEN if name in ANY_LENGTH else WINDOW)
    text = TEXT * 2
    for start in (0, 17, 101):
        piece = text[start:start + window]
        got = next_char_probs(model, vocab, piece)
        assert np.abs(got - _call(model, vocab, piece)).max() <= 1e-5
        assert got.max() > 4 / len(vocab)  # far from uniform: a real test


def _takes_fast_path(model):
    try:
        lstm_weights(model)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_every_architecture_follows_the_window_semantics(models, vocab, name):
    model = models[name]
    maxlen = WINDOW if name in ANY_LENGTH else None  # short windows compile faster
    got = generate_text(model, vocab, "the quick ", 25, 0.8, np.random.default_rng(4),
                        maxlen=maxlen)
    assert got == _replay(model, vocab, "the quick ", 25, 0.8, 4, WINDOW)
    texts = generate_text(model, vocab, "the quick ", 30, TEMPS, np.random.default_rng(1),
                          maxlen=maxlen)
    assert texts == generate_text(model, vocab, "the quick ", 30, TEMPS,
                                  np.random.default_rng(1), maxlen=maxlen)
    assert [len(t) for t in texts] == [30] * 4


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_stateful_mode_runs_the_model_over_everything_since_the_seed(models, vocab, name):
    model = models[name]
    seed = "the quick brown fox jumps"  # longer than the window models' 10
    full = seed + generate_text(model, vocab, seed, 8, 0, mode="stateful")
    for k in range(len(seed), len(full)):
        p = next_char_probs(model, vocab, full[:k], mode="stateful")
        if name in ANY_LENGTH:  # the model itself can read the whole text
            np.testing.assert_allclose(p, _call(model, vocab, full[:k]), atol=1e-5)
        assert vocab.chars[int(np.argmax(p))] == full[k]  # greedy follows it
    sampled = generate_text(model, vocab, seed, 30, TEMPS, np.random.default_rng(2),
                            mode="stateful")
    assert sampled == generate_text(model, vocab, seed, 30, TEMPS, np.random.default_rng(2),
                                    mode="stateful")


def test_stateful_mode_of_a_window_model_equals_the_same_layers_over_any_length(vocab):
    """For a window model (fixed length), stateful mode is the model's layers run over
    the whole text: a copy of its weights in an any-length model says the same."""
    window_model = _architecture("stacked_lstm_last_output", vocab)
    inputs = _ids_input(None)
    x = keras.layers.LSTM(8, return_sequences=True)(CharOneHot(vocab.chars)(inputs))
    outputs = keras.layers.Dense(len(vocab), activation="softmax")(keras.layers.LSTM(8)(x))
    any_length = keras.Model(inputs, outputs)
    any_length.set_weights(window_model.get_weights())
    text = "the quick brown fox jumps over"
    np.testing.assert_allclose(next_char_probs(window_model, vocab, text, mode="stateful"),
                               _call(any_length, vocab, text), atol=1e-5)


def test_a_model_that_cannot_run_one_character_at_a_time_is_refused_for_stateful(vocab):
    inputs = _ids_input(WINDOW)
    x = keras.layers.Conv1D(8, 3)(CharOneHot(vocab.chars)(inputs))
    model = keras.Model(inputs, keras.layers.Dense(len(vocab), activation="softmax")(
        keras.layers.GRU(8)(x)))
    with pytest.raises(ValueError, match="mode='window'"):
        generate_text(model, vocab, "the quick ", 5, mode="stateful")
    with pytest.raises(ValueError, match="mode='window'"):
        next_char_probs(model, vocab, "the quick ", mode="stateful")
    # window mode runs it
    np.testing.assert_allclose(next_char_probs(model, vocab, "the quick "),
                               _call(model, vocab, "the quick "), atol=1e-5)
    assert len(generate_text(model, vocab, "the quick ", 5)) == 5


def test_an_any_length_model_reads_a_window_of_maxlen(models, vocab):
    model = models["embedding"]
    text = TEXT[:90]
    np.testing.assert_allclose(next_char_probs(model, vocab, text),
                               _call(model, vocab, text[-60:]), atol=1e-5)  # 60 by default
    np.testing.assert_allclose(next_char_probs(model, vocab, text, maxlen=20),
                               _call(model, vocab, text[-20:]), atol=1e-5)
    assert not np.allclose(next_char_probs(model, vocab, text, maxlen=2),
                           next_char_probs(model, vocab, text), atol=1e-3)  # it reads less
    got = generate_text(model, vocab, "the quick ", 20, 0.8, np.random.default_rng(4),
                        maxlen=20)
    assert got == _replay(model, vocab, "the quick ", 20, 0.8, 4, window=20)


def test_maxlen_is_checked(models, vocab):
    with pytest.raises(ValueError, match="reads windows of 10"):
        generate_text(models["gru"], vocab, "the fox", 5, maxlen=20)
    with pytest.raises(ValueError, match="reads windows of 10"):
        next_char_probs(models["lesson"], vocab, "the fox", maxlen=60)
    assert len(generate_text(models["lesson"], vocab, "the fox", 5, maxlen=WINDOW)) == 5
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="maxlen"):
            generate_text(models["embedding"], vocab, "the fox", 5, maxlen=bad)


def test_a_model_giving_logits_is_read_as_logits(vocab):
    model = keras.Sequential([_ids_input(WINDOW), keras.layers.Embedding(len(vocab), 6),
                              keras.layers.GRU(8), keras.layers.Dense(len(vocab))])
    logits = _call(model, vocab, "the quick ")
    expected = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    np.testing.assert_allclose(next_char_probs(model, vocab, "the quick "), expected,
                               atol=1e-5)
    sigmoid = keras.Sequential([_ids_input(WINDOW), keras.layers.Embedding(len(vocab), 6),
                                keras.layers.GRU(8),
                                keras.layers.Dense(len(vocab), activation="sigmoid")])
    with pytest.raises(ValueError, match="softmax"):
        generate_text(sigmoid, vocab, "the quick ", 5)


def test_a_general_model_of_another_vocabulary_is_refused(vocab):
    model = keras.Sequential([_ids_input(WINDOW), keras.layers.Embedding(len(vocab), 6),
                              keras.layers.GRU(8),
                              keras.layers.Dense(len(vocab) + 1, activation="softmax")])
    with pytest.raises(ValueError, match=f"predicts {len(vocab) + 1} characters"):
        generate_text(model, vocab, "the quick ", 5)
    one_hot = keras.Sequential([keras.Input((WINDOW, len(vocab) + 2)), keras.layers.GRU(8),
                                keras.layers.Dense(len(vocab), activation="softmax")])
    with pytest.raises(ValueError, match="one-hot"):
        generate_text(one_hot, vocab, "the quick ", 5)


def test_a_keras_stateful_layer_is_refused(vocab):
    model = keras.Sequential([keras.Input((WINDOW,), batch_size=2, dtype="uint8"),
                              CharOneHot(vocab.chars), keras.layers.GRU(8, stateful=True),
                              keras.layers.Dense(len(vocab), activation="softmax")])
    with pytest.raises(ValueError, match="stateful=False"):
        generate_text(model, vocab, "the quick ", 5)


def test_padding_rows_of_an_odd_batch_change_nothing(models, vocab):
    for name in ("lesson", "gru"):
        model = models[name]
        greedy = generate_text(model, vocab, "the lazy d", 40, 0)
        texts = generate_text(model, vocab, "the lazy d", 40, [0, 0.7, 0],
                              np.random.default_rng(0))
        assert texts[0] == texts[2] == greedy


# ---------------------------------------------------------------------------------------
# Shapes: a new length or number of temperatures compiles nothing.


def _chunk_functions(model, vocab):
    xla = generation._XLA["available"]
    if _takes_fast_path(model):
        return [generation._compiled_lstm(mode, xla) for mode in ("window", "stateful")]
    return [generation._compiled_keras(model, mode, xla) for mode in ("window", "stateful")]


@pytest.mark.parametrize("name", ["lesson", "every_position", "gru"])
def test_new_lengths_and_temperature_counts_trace_nothing(models, vocab, name):
    model = models[name]
    maxlen = WINDOW if name in ANY_LENGTH else None  # short windows compile faster
    functions = _chunk_functions(model, vocab)
    before = [f.experimental_get_tracing_count() for f in functions]
    for mode in ("window", "stateful"):  # the first calls trace (and compile) once each
        generate_text(model, vocab, "the quick ", 5, 0.5, mode=mode, maxlen=maxlen)  # 1 row
        generate_text(model, vocab, "the quick ", 5, [0.5, 1.0], mode=mode,
                      maxlen=maxlen)  # blocks of 2 rows
    traces = [f.experimental_get_tracing_count() for f in functions]
    assert all(0 <= after - first <= 2 for first, after in zip(before, traces))
    rng = np.random.default_rng(0)
    for length, count in [(1, 1), (37, 2), (400, 3), (401, 4), (900, 5), (120, 8), (3, 7)]:
        for mode in ("window", "stateful"):
            texts = generate_text(model, vocab, "the quick ", length, [0.5] * count, rng,
                                  mode=mode, maxlen=maxlen)
            assert [len(t) for t in texts] == [length] * count
    assert [f.experimental_get_tracing_count() for f in functions] == traces


# ---------------------------------------------------------------------------------------
# Chunk by chunk


def test_iter_generate_gives_the_chunks_of_generate_text(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    length = 2 * generation.CHUNK + 5
    chunks = list(iter_generate(model, vocab, "the quick ", length, TEMPS,
                                np.random.default_rng(8)))
    assert [len(chunk[0]) for chunk in chunks] == [generation.CHUNK, generation.CHUNK, 5]
    whole = generate_text(model, vocab, "the quick ", length, TEMPS, np.random.default_rng(8))
    assert ["".join(parts) for parts in zip(*chunks)] == whole
    single = next(iter_generate(model, vocab, "the quick ", 30, 0.5, np.random.default_rng(8)))
    assert isinstance(single, list) and len(single) == 1 and len(single[0]) == 30
    assert list(iter_generate(model, vocab, "the quick ", 0, TEMPS)) == []


def test_iter_generate_checks_everything_before_the_first_chunk(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab
    with pytest.raises(ValueError, match="'Q'"):
        iter_generate(model, vocab, "Quick", 5)  # raised by the call, not by next()
    with pytest.raises(ValueError, match="temperature"):
        iter_generate(model, vocab, "the fox", 5, [-1])


def test_the_sampler_works_with_other_architectures(models, vocab):
    for name in ("every_position", "gru", "embedding"):
        sampler = SampleTextCallback(vocab, TEXT, [0.5, 1.0], 20,
                                     rng=np.random.default_rng(0), print_fn=None)
        sampler.check_model(models[name])
        sampler.set_model(models[name])
        sample_ = sampler.generate(1)
        assert len(sample_["seed"]) == generation.window_length(models[name])
        assert [len(t) for t in sample_["texts"].values()] == [20, 20]
    stateful = SampleTextCallback(vocab, TEXT, mode="stateful", print_fn=None)
    conv = keras.Sequential([_ids_input(WINDOW), CharOneHot(vocab.chars),
                             keras.layers.Conv1D(4, 3), keras.layers.GRU(4),
                             keras.layers.Dense(len(vocab), activation="softmax")])
    with pytest.raises(ValueError, match="mode='window'"):
        stateful.check_model(conv)


def test_the_shipped_every_position_model_generates_on_the_fast_path():
    from textgen_utils import load_pretrained

    model, vocab = load_pretrained(kind="every_position")
    assert _takes_fast_path(model)  # LSTM(256), dropout, every position: the lesson's layers
    text = "the philosopher is a man who thinks of nothing but the world, and "
    np.testing.assert_allclose(next_char_probs(model, vocab, text), _call(model, vocab, text[-60:]),
                               atol=1e-5)
    np.testing.assert_allclose(next_char_probs(model, vocab, text, mode="stateful"),
                               _call(model, vocab, text), atol=1e-5)
    greedy = generate_text(model, vocab, text, 30, 0, mode="stateful")
    assert greedy == generate_text(model, vocab, text, 30, [0, 0.5], np.random.default_rng(0),
                                   mode="stateful")[0]
    full = text + greedy
    for k in (len(text), len(text) + 10, len(full) - 1):
        assert vocab.chars[int(np.argmax(_call(model, vocab, full[:k])))] == full[k]
