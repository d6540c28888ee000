import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from textgen_utils import entropy, reweight_distribution, sample, truncate_distribution


def book_reweight(preds, temperature):
    preds = np.asarray(preds).astype("float64")
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds)
    return exp_preds / np.sum(exp_preds)


distributions = arrays(
    np.float64, st.integers(1, 60), elements=st.floats(0, 1, allow_subnormal=False)
).filter(lambda p: p.sum() > 1e-6)
temperatures = st.one_of(st.just(0.0), st.floats(1e-6, 1e6))


@given(distributions, st.floats(0.05, 20))
def test_agrees_with_the_books_formula_where_defined(p, t):
    p = p + 1e-3  # the book's formula needs strictly positive probabilities
    with np.errstate(all="ignore"):
        expected = book_reweight(p, t)
    if np.all(np.isfinite(expected)):
        np.testing.assert_allclose(reweight_distribution(p, t), expected, rtol=1e-9, atol=1e-12)


@given(distributions, temperatures)
def test_reweighted_is_a_distribution_keeping_zeros(p, t):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        q = reweight_distribution(p, t)
    assert np.all(np.isfinite(q)) and np.all(q >= 0)
    assert q.sum() == pytest.approx(1.0)
    assert np.all(q[p == 0] == 0)


@settings(max_examples=200)
@given(distributions, temperatures, st.integers(0, 2**32 - 1))
def test_sample_is_valid_never_picks_zero_and_is_reproducible(p, t, seed):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = sample(p, t, np.random.default_rng(seed))
    assert 0 <= a < len(p)
    assert p[a] > 0
    assert sample(p, t, np.random.default_rng(seed)) == a


@given(distributions)
def test_temperature_zero_is_greedy(p):
    assert sample(p, 0.0) == int(np.argmax(p))
    assert reweight_distribution(p, 0)[np.argmax(p)] == 1.0


def test_float32_distribution_summing_above_one_is_accepted():
    # The book's np.random.multinomial raises "sum(pvals[:-1]) > 1.0" on such input.
    p = np.full(7, 1 / 7, dtype=np.float32)
    p[0] += np.float32(1e-7)
    assert p.sum(dtype=np.float64) > 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for t in (0.2, 0.5, 1.0, 1.2):
            assert 0 <= sample(p, t, np.random.default_rng(0)) < 7


def test_extreme_temperatures():
    p = np.array([0.5, 0.3, 0.2, 0.0])
    np.testing.assert_allclose(reweight_distribution(p, 1e-9), [1, 0, 0, 0])
    np.testing.assert_allclose(reweight_distribution(p, 1e9), [1 / 3, 1 / 3, 1 / 3, 0])


def test_sampling_frequencies_follow_the_reweighted_distribution():
    p = np.array([0.6, 0.3, 0.1, 0.0])
    rng = np.random.default_rng(42)
    draws = np.bincount([sample(p, 0.5, rng) for _ in range(20000)], minlength=4) / 20000
    np.testing.assert_allclose(draws, reweight_distribution(p, 0.5), atol=0.015)


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf"), "hot", None])
def test_bad_temperatures_are_rejected(bad):
    with pytest.raises(ValueError, match="temperature"):
        reweight_distribution([0.5, 0.5], bad)
    with pytest.raises(ValueError, match="temperature"):
        sample([0.5, 0.5], bad)


@pytest.mark.parametrize("bad", [[], [0.0, 0.0], [-0.1, 1.1], [np.nan, 1.0]])
def test_bad_distributions_are_rejected(bad):
    with pytest.raises(ValueError):
        sample(bad, 1.0)


def test_reweight_works_row_by_row():
    p = np.array([[0.5, 0.5, 0.0], [0.1, 0.2, 0.7]])
    q = reweight_distribution(p, 0.5)
    np.testing.assert_allclose(q[1], reweight_distribution(p[1], 0.5))
    with pytest.raises(ValueError, match="1-D"):
        sample(p, 1.0)


def test_entropy():
    assert entropy([0.25] * 4) == pytest.approx(2.0)
    assert entropy([1.0, 0.0, 0.0]) == 0.0
    assert entropy([0.5, 0.5], base=np.e) == pytest.approx(np.log(2))
    p = np.array([0.6, 0.3, 0.1])
    cold, hot = reweight_distribution(p, 0.2), reweight_distribution(p, 1.2)
    assert entropy(cold) < entropy(p) < entropy(hot)


@given(distributions, st.integers(1, 70), st.floats(0.01, 1.0))
def test_truncation_keeps_the_head_of_the_distribution(p, k, top_p):
    from textgen_utils import truncate_distribution

    q = truncate_distribution(p, top_k=k)
    assert q.sum() == pytest.approx(1.0) and np.all(q[p == 0] == 0)
    assert np.count_nonzero(q) <= k and q[np.argmax(p)] > 0
    kept = truncate_distribution(p, top_p=top_p) > 0
    mass = (p / p.sum())[kept].sum()
    assert mass >= top_p - 1e-9
    # Nothing kept is less likely than something dropped.
    if (~kept & (p > 0)).any():
        assert p[kept].min() >= p[~kept].max()


def test_truncation_arguments():
    from textgen_utils import truncate_distribution

    with pytest.raises(ValueError, match="top_k"):
        truncate_distribution([0.5, 0.5], top_k=0)
    with pytest.raises(ValueError, match="top_p"):
        truncate_distribution([0.5, 0.5], top_p=1.5)
    np.testing.assert_allclose(truncate_distribution([0.2, 0.8]), [0.2, 0.8])


@pytest.mark.parametrize("base", [1, 0, -2, float("inf"), "2"])
def test_entropy_rejects_a_base_that_has_no_meaning(base):
    with pytest.raises(ValueError, match="base must be"):
        entropy([0.5, 0.5], base=base)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"top_k": float("nan")}, "top_k"), ({"top_k": float("inf")}, "top_k"),
    ({"top_k": 2.5}, "top_k"), ({"top_p": "0.9"}, "top_p"), ({"top_p": float("nan")}, "top_p"),
])
def test_truncation_rejects_values_that_are_not_numbers_in_range(kwargs, match):
    with pytest.raises(ValueError, match=match):
        truncate_distribution([0.5, 0.3, 0.2], **kwargs)


@pytest.mark.parametrize("temperature", [1e-10, 1e-100, 1e-300, 1e-320])
def test_a_tiny_temperature_is_greedy(temperature):
    p = [0.2, 0.5, 0.3, 0.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or invalid-value warning either
        q = reweight_distribution(p, temperature)
    assert q.tolist() == [0.0, 1.0, 0.0, 0.0]
    rng = np.random.default_rng(0)
    assert {sample(p, temperature, rng) for _ in range(100)} == {1}
