import math

import keras
import numpy as np
import pytest

from textgen_utils import CharNGram, CharVocab, build_sequence_model
from textgen_utils.quality import (
    corpus_words,
    reference_quality,
    surprisal,
    text_quality,
    words_of,
)


def test_words_are_letter_runs_with_inner_apostrophes():
    assert words_of("man's will-to-power, 1886: übermensch!") == [
        "man's", "will", "to", "power", "übermensch"]


def test_known_words_and_repetition():
    known = corpus_words("the will to power is the will to life")
    score = text_quality("the will to powr the will to", known)
    assert score["words"] == 7 and score["known_words"] == pytest.approx(6 / 7)
    # pairs: (the will) (will to) (to powr) (powr the) (the will) (will to): 4 of 6 distinct
    assert score["distinct_2"] == pytest.approx(4 / 6) and score["cross_entropy"] is None
    empty = text_quality("... 123", known)
    assert empty["known_words"] is None and empty["distinct_2"] is None


def test_cross_entropy_is_the_ngrams_mean_surprisal_in_nats(small_text):
    vocab = CharVocab.from_text(small_text)
    ngram = CharNGram(3).fit(small_text, vocab)
    text = "the lazy fox"
    expected = -np.mean([math.log(ngram.probs(("  " + text)[i:i + 2])[vocab.char_indices[c]])
                         for i, c in enumerate(text)])
    score = text_quality(text, corpus_words(small_text), ngram)
    assert score["cross_entropy"] == pytest.approx(expected)


def test_surprisal_under_a_window_model_reads_the_last_maxlen_characters(tiny_model_and_vocab):
    model, vocab = tiny_model_and_vocab  # maxlen 10
    context, text = "the quick brown", " fox"
    bits = surprisal(model, vocab, text, context=context)
    whole = context + text
    for i, char in enumerate(text):
        end = len(context) + i
        window = vocab.encode(whole[end - 10:end])[None]
        p = model.predict(window, verbose=0)[0, vocab.char_indices[char]]
        assert bits[i] == pytest.approx(-math.log2(p), rel=1e-4)
    # Without a context the first window is all spaces.
    first = model.predict(vocab.encode(" " * 10)[None], verbose=0)[0, vocab.char_indices["t"]]
    assert surprisal(model, vocab, "t")[0] == pytest.approx(-math.log2(first), rel=1e-4)


def test_surprisal_under_an_every_position_model_reads_everything_before(small_text):
    keras.utils.set_random_seed(0)
    vocab = CharVocab.from_text(small_text)
    model = build_sequence_model(vocab, units=8)
    context, text = "a stitch in", " time"
    bits = surprisal(model, vocab, text, context=context)
    whole = vocab.encode(context + text)
    for i in range(len(text)):
        end = len(context) + i
        p = np.asarray(model(whole[None, :end]))[0, -1, whole[end]]
        assert bits[i] == pytest.approx(-math.log2(p), rel=1e-4)


def test_surprisal_is_near_zero_for_the_expected_and_high_for_a_surprise():
    ngram = CharNGram(2).fit("ab" * 50, CharVocab(("a", "b")))
    bits = surprisal(ngram, ngram.vocab, "abba", context="b")
    assert bits[0] < 0.2 and bits[1] < 0.2 and bits[2] > 3


# compare_sampling and reference_quality: the shipped model and seeds written here.

SEEDS = [
    "the philosopher has to be the bad conscience of his age, and to ",
    "what is done out of love always takes place beyond good and evil",
]
LENGTH = 40


@pytest.fixture(scope="module")
def pretrained():
    import textgen_utils

    return textgen_utils.load_pretrained()


@pytest.fixture(scope="module")
def comparison(pretrained):
    from textgen_utils import compare_sampling

    model, vocab = pretrained
    known = corpus_words(" ".join(SEEDS))
    ngram = CharNGram(3).fit(" ".join(SEEDS) * 3, vocab)
    settings = [{"temperature": 0.0}, {"top_k": 1}, {"temperature": 1.0}, {"top_p": 1.0},
                {"top_k": 5, "temperature": 0.5}]
    rows = compare_sampling(model, vocab, SEEDS, settings, known, length=LENGTH, ngram=ngram)
    return rows, settings, known, ngram


def test_compare_sampling_greedy_is_generate_text_and_top_k_1_is_greedy(pretrained, comparison):
    from textgen_utils import generate_text

    model, vocab = pretrained
    rows, settings, _, _ = comparison
    assert [r["label"] for r in rows] == ["T = 0.0", "top-k 1", "T = 1.0", "top-p 1.0",
                                          "top-k 5 (T = 0.5)"]
    assert [r["setting"] for r in rows] == settings
    greedy = rows[0]["texts"]
    assert greedy == [generate_text(model, vocab, seed, LENGTH, 0.0) for seed in SEEDS]
    assert rows[1]["texts"] == greedy
    for row in rows:
        assert len(row["texts"]) == len(SEEDS)
        for text in row["texts"]:
            assert len(text) == LENGTH and set(text) <= set(vocab.chars)


def test_compare_sampling_uses_the_same_random_numbers_for_every_setting(pretrained,
                                                                         comparison):
    from textgen_utils import compare_sampling

    model, vocab = pretrained
    rows, _, known, _ = comparison
    # top-p 1 keeps the whole distribution: with the same draws it writes what T = 1 writes.
    assert rows[3]["texts"] == rows[2]["texts"]
    assert rows[2]["texts"] != rows[0]["texts"]
    again = compare_sampling(model, vocab, SEEDS, [{"temperature": 1.0}], known,
                             length=LENGTH)
    assert again[0]["texts"] == rows[2]["texts"]
    other = compare_sampling(model, vocab, SEEDS, [{"temperature": 1.0}], known,
                             length=LENGTH, rng_seed=2)
    assert other[0]["texts"] != rows[2]["texts"]
    assert again[0]["cross_entropy"] is None  # no ngram


def test_compare_sampling_means_are_text_quality_of_the_texts(comparison):
    rows, _, known, ngram = comparison
    for row in rows:
        scores = [text_quality(t, known, ngram) for t in row["texts"]]
        for key in ("known_words", "distinct_2", "cross_entropy"):
            values = [s[key] for s in scores if s[key] is not None]
            assert row[key] == pytest.approx(np.mean(values))
        assert reference_quality(row["texts"], known, ngram) == pytest.approx(
            {k: row[k] for k in ("known_words", "distinct_2", "cross_entropy")})


def test_reference_quality_leaves_out_what_a_text_lacks():
    known = corpus_words("the will to power is the will to life")
    means = reference_quality(["the will to life", "power is power is", "... 1886"], known)
    assert means == {"known_words": 1.0, "distinct_2": pytest.approx((1 + 2 / 3) / 2),
                     "cross_entropy": None}
    assert reference_quality(["123"], known) == {"known_words": None, "distinct_2": None,
                                                 "cross_entropy": None}
    with pytest.raises(ValueError, match="at least one text"):
        reference_quality([], known)
    with pytest.raises(ValueError, match="not one string"):
        reference_quality("the will", known)


def test_compare_sampling_errors(pretrained, small_text):
    from textgen_utils import compare_sampling

    model, vocab = pretrained
    known = corpus_words(SEEDS[0])
    with pytest.raises(ValueError, match="at least one seed"):
        compare_sampling(model, vocab, [], [{"temperature": 1.0}], known)
    with pytest.raises(ValueError, match="not one string"):
        compare_sampling(model, vocab, SEEDS[0], [{"temperature": 1.0}], known)
    with pytest.raises(ValueError, match="Seed 1 is 9 characters.*at least 60"):
        compare_sampling(model, vocab, [SEEDS[0], "too short"], [{"temperature": 1.0}], known)
    with pytest.raises(ValueError, match="Unknown key.*'top_q'"):
        compare_sampling(model, vocab, SEEDS, [{"top_q": 0.9}], known)
    with pytest.raises(ValueError, match="at least one setting"):
        compare_sampling(model, vocab, SEEDS, [], known)
    with pytest.raises(ValueError, match="list of dicts"):
        compare_sampling(model, vocab, SEEDS, {"temperature": 1.0}, known)
    with pytest.raises(ValueError, match="setting is empty"):
        compare_sampling(model, vocab, SEEDS, [{}], known)
    with pytest.raises(ValueError, match="temperature must be"):
        compare_sampling(model, vocab, SEEDS, [{"temperature": -1}], known)
    with pytest.raises(ValueError, match="top_k must be"):
        compare_sampling(model, vocab, SEEDS, [{"top_k": 0}], known)
    with pytest.raises(ValueError, match="length must be"):
        compare_sampling(model, vocab, SEEDS, [{"top_k": 3}], known, length=0)
    every_position = build_sequence_model(CharVocab.from_text(small_text), units=4)
    with pytest.raises(ValueError, match="window model"):
        compare_sampling(every_position, CharVocab.from_text(small_text), [small_text],
                         [{"temperature": 1.0}], known)
