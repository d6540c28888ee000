import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from textgen_utils import CharVocab, make_windows
from textgen_utils.ngram import CharNGram

ABC = CharVocab(("a", "b", "c"))


def test_order_one_is_the_discounted_frequency_plus_a_uniform_share():
    # "aaab", D = 0.5: counts a 3, b 1 (4 in all, 2 kinds seen); the discounts, 2 x 0.5,
    # go to the uniform 1/3: P(a) = 2.5/4 + 1/4 * 1/3, P(b) = 0.5/4 + 1/12, P(c) = 1/12.
    p = CharNGram(1, discount=0.5).fit("aaab", ABC).probs("")
    assert p == pytest.approx([2.5 / 4 + 1 / 12, 0.5 / 4 + 1 / 12, 1 / 12])


def test_lower_order_uses_continuation_counts_not_frequencies():
    # "aaab", order 2, D = 0.5. Bigrams: aa twice, ab once. Below the top the counts are
    # how many different characters precede: a after {a}, b after {a}: 1 and 1 (not 3
    # and 1), so P0 = (1 - .5)/2 + .5 * 2/2 * 1/3 = 1/4 + 1/6 for a and for b, 1/6 for c.
    model = CharNGram(2, discount=0.5).fit("aaab", ABC)
    p0 = np.array([1 / 4 + 1 / 6, 1 / 4 + 1 / 6, 1 / 6])
    # After "a": 3 bigrams, 2 kinds. P(a|a) = 1.5/3 + .5 * 2/3 * P0(a), P(b|a) likewise.
    after_a = np.array([1.5 / 3, 0.5 / 3, 0.0]) + 0.5 * 2 / 3 * p0
    assert model.probs("a") == pytest.approx(after_a)
    # "b" never has a successor: its whole weight goes to P0.
    assert model.probs("b") == pytest.approx(p0)


def test_cross_entropy_is_the_mean_negative_log_probability_of_the_targets():
    text = "abcabcaabbcc" * 3
    model = CharNGram(3, discount=0.7).fit(text, ABC)
    x, y = make_windows(text, ABC, maxlen=5, step=1)
    expected = -np.mean([math.log(model.probs(row)[t]) for row, t in zip(x, y)])
    assert model.cross_entropy(x, y) == pytest.approx(expected)


def test_a_longer_context_is_read_only_through_its_last_order_minus_one_characters():
    model = CharNGram(3).fit("the cat sat on the mat", CharVocab.from_text("the cat sat on mat"))
    assert np.array_equal(model.probs("xyz at"[3:]), model.probs("at"))
    assert np.array_equal(model.probs("the mat"), model.probs("at"))


def test_ney_discount_is_estimated_per_order():
    text = "abcabcabd" * 2 + "cab"
    vocab = CharVocab.from_text(text)
    model = CharNGram(2).fit(text, vocab)
    bigrams = [text[i:i + 2] for i in range(len(text) - 1)]
    counts = np.array([bigrams.count(b) for b in set(bigrams)])
    n1, n2 = np.sum(counts == 1), np.sum(counts == 2)
    assert model._levels[-1].discount == pytest.approx(n1 / (n1 + 2 * n2))


@given(st.text(alphabet="abcd .", min_size=8, max_size=80), st.integers(1, 5),
       st.text(alphabet="abcd .", max_size=6))
def test_every_distribution_sums_to_one_and_is_positive(text, order, context):
    vocab = CharVocab(tuple(sorted("abcd .x")))  # "x" never occurs: it gets a probability
    if len(text) < order:
        return
    p = CharNGram(order).fit(text, vocab).probs(context)
    assert p.shape == (7,) and np.all(p > 0) and p.sum() == pytest.approx(1.0)


def test_generation_is_reproducible_and_stays_in_the_vocabulary(small_text):
    vocab = CharVocab.from_text(small_text)
    model = CharNGram(4).fit(small_text, vocab)
    a = model.generate("the ", 50, 0.5, np.random.default_rng(3))
    assert a == model.generate("the ", 50, 0.5, np.random.default_rng(3))
    assert len(a) == 50 and set(a) <= set(vocab.chars)
    assert model.generate("the quick", 20, 0) in small_text  # greedy follows the text


def test_bad_input_says_what_to_do():
    with pytest.raises(ValueError, match="order"):
        CharNGram(0)
    with pytest.raises(ValueError, match="discount"):
        CharNGram(2, discount=1.5)
    with pytest.raises(RuntimeError, match="fit"):
        CharNGram(2).probs("a")
    with pytest.raises(ValueError, match="not in the vocabulary|vocabulary"):
        CharNGram(2).fit("abz", ABC)
    with pytest.raises(ValueError, match="windows"):
        CharNGram(4).fit("abcabc", ABC).cross_entropy(np.zeros((3, 2), int), np.zeros(3, int))
