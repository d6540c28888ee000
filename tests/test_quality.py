import math

import keras
import numpy as np
import pytest

from textgen_utils import CharNGram, CharVocab, build_sequence_model
from textgen_utils.quality import corpus_words, surprisal, text_quality, words_of


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
