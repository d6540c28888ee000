"""The exercise checks: right answers pass, known mistakes get their own message."""

import math
import subprocess
import sys

import numpy as np
import pytest

import textgen_utils
from textgen_utils import corpus_words, entropy, generate_text, reweight_distribution
from textgen_utils import exercises as ex

# ---------------------------------------------------------------------------------------
# The None placeholder: one line printed, False returned, nothing raised.

UNANSWERED = {
    "check_temperature": lambda: ex.check_temperature(None),
    "check_entropy": lambda: ex.check_entropy(None),
    "check_stacked_params": lambda: ex.check_stacked_params(None),
    "check_top_p": lambda: ex.check_top_p(None, None, None, [], frozenset()),
    "check_short_maxlen": lambda: ex.check_short_maxlen(None),
}


@pytest.mark.parametrize("name", UNANSWERED)
def test_none_prints_one_line_and_returns_false(name, capsys):
    assert UNANSWERED[name]() is False
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("Exercise ")
    assert name in out


def test_importing_the_exercises_loads_no_keras():
    code = "import sys, textgen_utils.exercises; print('keras' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------
# Exercise 1


def test_temperature_solution_passes(capsys):
    answer = ex.solution_temperature()
    np.testing.assert_allclose(answer, reweight_distribution(ex.P, ex.TEMPERATURE))
    assert ex.check_temperature(answer) is True
    assert "[0.658, 0.237, 0.105]" in capsys.readouterr().out
    assert ex.check_temperature(np.array(answer) + 4e-4) is True  # within the tolerance


@pytest.mark.parametrize("p, t", [([0.1, 0.6, 0.3], 2.0), ([0.25, 0.25, 0.5, 0.0], 0.3)])
def test_temperature_solution_is_the_packages_reweighting(p, t):
    np.testing.assert_allclose(ex.solution_temperature(p, t), reweight_distribution(p, t))


P = np.array(ex.P)
T = ex.TEMPERATURE


@pytest.mark.parametrize("answer, message", [
    (P ** (1 / T), r"sums to 0\.380, not 1: it has the right shape.*Divide by the sum"),
    (P ** T / (P ** T).sum(), r"is p \*\* T.*power 1 / T"),
    (P ** T, r"is p \*\* T.*also sums to 1\.702, not 1"),
    ((P / T) / (P / T).sum(), r"is P itself: dividing p by T"),
    (P / T, r"is P itself \(up to a factor\)"),
    ([0.658, 0.237], r"Expected 3 probabilities.*shape \(2,\)"),
    ([0.658, 0.237, 0.105, 0.0], r"Expected 3 probabilities.*shape \(4,\)"),
    ([[0.658, 0.237, 0.105]], r"Expected 3 probabilities.*shape \(1, 3\)"),
    ([0.8, 0.1, 0.1], r"is a distribution, but not P at temperature 0\.5"),
    ([0.9, 0.5, 0.1], r"sums to 1\.500, not 1, so it is no distribution"),
    ([0.7, 0.4, -0.1], r"negative or non-finite"),
    ("0.658 0.237 0.105", r"Pass 3 numbers"),
])
def test_temperature_mistakes(answer, message):
    with pytest.raises(AssertionError, match=message):
        ex.check_temperature(answer)


# ---------------------------------------------------------------------------------------
# Exercise 2


def test_entropy_solution_passes(capsys):
    answer = ex.solution_entropy()
    assert answer == pytest.approx(entropy(reweight_distribution(ex.P, ex.TEMPERATURE)))
    assert ex.check_entropy(answer) is True
    assert f"{answer:.3f} bits" in capsys.readouterr().out
    assert ex.check_entropy(np.float32(answer)) is True
    assert ex.check_entropy(np.array(answer)) is True


def test_entropy_solution_of_other_distributions():
    assert ex.solution_entropy([0.5, 0.5]) == 1.0
    assert ex.solution_entropy([0.25, 0.75, 0.0]) == pytest.approx(entropy([0.25, 0.75]))


H = entropy(reweight_distribution(ex.P, ex.TEMPERATURE))


@pytest.mark.parametrize("answer, message", [
    (H * math.log(2), r"in nats.*np\.log2"),
    (entropy(ex.P), r"entropy of the original P: use the distribution at temperature"),
    (entropy(ex.P) * math.log(2), r"original P, in nats"),
    (-H, r"negative.*minus sign"),
    (-0.5, r"negative.*minus sign"),
    (2.0, r"not the entropy of P at temperature 0\.5"),
    (float("nan"), r"not a finite number"),
    (list(-reweight_distribution(ex.P, T) * np.log2(reweight_distribution(ex.P, T))),
     r"Pass one number, not 3: the entropy is the sum"),
    ("1.231", r"Pass one number"),
])
def test_entropy_mistakes(answer, message):
    with pytest.raises(AssertionError, match=message):
        ex.check_entropy(answer)


# ---------------------------------------------------------------------------------------
# Exercise 3


def stacked_keras_model(maxlen, vocab_size, units):
    import keras

    return keras.Sequential([
        keras.Input((maxlen, vocab_size)),
        keras.layers.LSTM(units, return_sequences=True),
        keras.layers.LSTM(units),
        keras.layers.Dense(vocab_size, activation="softmax"),
    ])


def test_stacked_params_is_what_keras_counts(capsys):
    expected = stacked_keras_model(60, ex.VOCAB_SIZE, ex.UNITS).count_params()
    assert expected == ex.solution_stacked_params() == 234_169
    assert ex.check_stacked_params(expected) is True
    assert "234,169" in capsys.readouterr().out
    assert ex.check_stacked_params(np.int64(expected)) is True
    assert ex.check_stacked_params(float(expected)) is True


@pytest.mark.parametrize("vocab_size, units", [(10, 8), (3, 1)])
def test_stacked_params_formula_at_other_sizes(vocab_size, units):
    model = stacked_keras_model(5, vocab_size, units)
    assert ex.solution_stacked_params(vocab_size, units) == model.count_params()


@pytest.mark.parametrize("answer, message", [
    (197_817, r"^197,817 is not the count: the second LSTM reads the first one's 128 "
              r"outputs.*its inputs are 128\.$"),
    (233_088, r"^233,088 is not the count: every layer has biases"),
    (233_145, r"^233,145 is not the count: each of the LSTM's 4 x units values has a bias"),
    (234_112, r"^234,112 is not the count: the Dense layer has a bias for each"),
    (102_585, r"^102,585 is not the count: that counts one LSTM, the lesson's model"),
    (64_057, r"^64,057 is not the count: an LSTM computes 4 values per unit.*by 4\.$"),
    (54_969, r"the second LSTM reads.*; and an LSTM computes 4 values"),
    (200_000, r"^200,000 is not the count\. Add up the three layers"),
    (234_169.5, r"whole number"),
    ("234169", r"whole number"),
    (True, r"whole number"),
])
def test_stacked_params_mistakes(answer, message):
    with pytest.raises(AssertionError, match=message):
        ex.check_stacked_params(answer)


def test_stacked_params_mistakes_are_told_apart():
    wrong = ex._stacked_mistakes()
    assert ex.solution_stacked_params() not in wrong
    assert wrong[102_585] == ["one_lstm"]
    assert wrong[197_817] == ["second_inputs"]
    assert wrong[64_057] == ["gates"]


# ---------------------------------------------------------------------------------------
# Exercise 4: with the shipped model, on text written here (the corpus is not needed)

ENGLISH = """
what is a philosopher? he is a man who cannot help asking what every truth has cost, and
who has paid for it. he does not believe that the good and the true are one and the same
thing, nor that the world was made for our sake. he thinks of morality as a kind of
history: every value that we now hold as eternal was once new, and was once the opinion
of a few against the many. the will to power, he says, is the will of life itself; the
strong give their own names to things, and the weak learn to call those names good.

we are told that men seek happiness, but it is not so: they seek power, and happiness is
only the feeling that comes with it. the greatest of them have always been those who
could bear to be alone with their own thoughts, who were not afraid of their own
spirit, and who did not need the belief of others in order to believe in themselves.
such men are rare, and they are seldom loved. the herd does not forgive the man who
stands apart from it; it calls him proud, cruel, mad, or simply evil, and it is right
from its own point of view, for his existence is a question put to all its values.

why do we want the truth at all? why not rather untruth, uncertainty, even ignorance?
the philosophers of the past have not asked this, because they believed in their own
ideas as in a god. but the spirit of our time is one of suspicion, and every belief
must now give an account of itself before it may be held. this is not a sign of
weakness but of strength: only a free spirit can afford to doubt what all the world
takes for granted. and yet he too must be careful, for the deepest errors are those
which we never think to examine, because they are the very form of our thinking.

the christian says that man is sinful and must be saved; the scholar says that he is an
animal and must be explained; the artist says that he is a work which is never finished.
perhaps all three are right, and perhaps none of them has understood how much of what
we call our nature is only habit, and how much of what we call reason is only the
instinct of a people which had to survive in a hard and dangerous time. the soul has
its own history, and it is longer and stranger than the history of any state.

it is not the strength but the duration of great feelings that makes great men. love,
hatred, pity and contempt come to every one of us; what is rare is to keep them, to turn
them into a task, and to shape a whole life by them. those who can do this are the
creators of new values, and they are always hard to live with, for they demand of
others what they demand of themselves. they have learned that every higher culture
begins with a long discipline, with obedience to something which is greater than the
individual, and that freedom is the last gift of such a discipline, not its first.
"""
SEEDS = ["what is a philosopher? he is a man who cannot help asking wh",
         "it is not the strength but the duration of great feelings th"]
LENGTH = 60


@pytest.fixture(scope="module")
def pretrained():
    return textgen_utils.load_pretrained()


@pytest.fixture(scope="module")
def known():
    return corpus_words(ENGLISH)


def check(generate, pretrained, known, **options):
    model, vocab = pretrained
    return ex.check_top_p(generate, model, vocab, SEEDS, known, length=LENGTH, **options)


def test_top_p_seeds_are_windows_of_the_models_length(pretrained):
    model, vocab = pretrained
    assert all(len(seed) == model.inputs[0].shape[1] == 60 for seed in SEEDS)
    assert set("".join(SEEDS)) <= set(vocab.chars) and set(ENGLISH) <= set(vocab.chars)


def test_top_p_solution(pretrained):
    model, vocab = pretrained
    text = ex.solution_top_p(model, vocab, SEEDS[0], 12, 0.8, np.random.default_rng(3))
    assert isinstance(text, str) and len(text) == 12 and set(text) <= set(vocab.chars)
    assert ex.solution_top_p(model, vocab, SEEDS[0], 12, 0.8, np.random.default_rng(3)) == text
    # top_p so small that only the most likely character is left: greedy decoding
    greedy = generate_text(model, vocab, SEEDS[0], 12, 0.0)
    assert ex.solution_top_p(model, vocab, SEEDS[0], 12, 1e-9,
                             np.random.default_rng(3)) == greedy


def test_top_p_solution_passes(pretrained, known, capsys):
    assert check(ex.solution_top_p, pretrained, known) is True
    out = capsys.readouterr().out
    assert out.startswith("Right: with top_p=0.8, ") and out.count("%") == 2
    assert "2 texts of 60 characters" in out


def plain(model, vocab, seed_text, length, top_p, rng, temperature=1.0):
    """Sampling without truncation, through the package's generate_text."""
    return generate_text(model, vocab, seed_text, length, temperature, rng)


@pytest.mark.parametrize("generate, message", [
    (lambda m, v, s, n, p, rng: s + plain(m, v, s, n, p, rng),
     r"returned 120 characters, the seed \(60\) and the 60 new ones; return only the new "
     r"ones, without the seed"),
    (lambda m, v, s, n, p, rng: s[-1] + plain(m, v, s, n, p, rng),
     r"returned 61 characters for length=60; return only the new ones, without the seed"),
    (lambda m, v, s, n, p, rng: plain(m, v, s, n - 1, p, rng),
     r"returned 59 characters for length=60: run the loop length times"),
    (lambda m, v, s, n, p, rng: list(plain(m, v, s, n, p, rng)),
     r"returned a list of characters; return one str: ''\.join\(chars\)"),
    (lambda m, v, s, n, p, rng: np.zeros(n, int),
     r"returned ndarray, not a str"),
    (lambda m, v, s, n, p, rng: "The " + plain(m, v, s, n - 4, p, rng),
     r"characters outside the vocabulary, \['T'\]: .*vocab\.chars\[i\]"),
    (lambda m, v, s, n, p, rng: plain(m, v, s, n, p, rng, temperature=2.0),
     r"^With top_p=0\.8, \d+\.\d% of the words are known, no more than the \d+\.\d% of "
     r"plain sampling at temperature 1 \(2 texts of 60 characters\).*truncate_distribution"),
    (plain, r"no more than the"),  # no better than plain sampling: it is plain sampling
])
def test_top_p_mistakes(generate, message, pretrained, known):
    with pytest.raises(AssertionError, match=message):
        check(generate, pretrained, known)


def test_top_p_calls_generate_with_the_documented_arguments(pretrained, known):
    calls = []

    def generate(model, vocab, seed_text, length, top_p, rng):
        calls.append((model, vocab, seed_text, length, top_p, rng.random()))
        return "e" * length

    model, vocab = pretrained
    with pytest.raises(AssertionError, match="no more than"):
        check(generate, pretrained, known, top_p=0.6, rng_seed=5)
    assert calls == [(model, vocab, seed, LENGTH, 0.6, np.random.default_rng(5 + i).random())
                     for i, seed in enumerate(SEEDS)]


@pytest.mark.parametrize("seeds, known_words, error", [
    (SEEDS, ENGLISH, r"corpus_words\(text\)"),
    ([], frozenset({"a"}), "non-empty list"),
    (SEEDS[0], frozenset({"a"}), "non-empty list"),
])
def test_top_p_wrong_setup(seeds, known_words, error, pretrained):
    model, vocab = pretrained
    with pytest.raises(TypeError, match=error):
        ex.check_top_p(ex.solution_top_p, model, vocab, seeds, known_words)


# ---------------------------------------------------------------------------------------
# Exercise 5 (the training run itself is the student's: here it is replaced)


def test_short_maxlen_in_range_passes(capsys):
    low, high = ex.EXPECTED_BEST_VAL_LOSS[20]
    middle = (low + high) / 2
    assert ex.check_short_maxlen(middle) is True
    assert f"{middle:.3f}" in capsys.readouterr().out
    assert ex.check_short_maxlen(np.float32(low + 1e-3)) is True


def test_short_maxlen_too_high():
    low, high = ex.EXPECTED_BEST_VAL_LOSS[20]
    with pytest.raises(AssertionError, match=r"higher than expected.*run all epochs") as info:
        ex.check_short_maxlen(high + 0.1)
    assert "bits" not in str(info.value)
    in_bits = (low + high) / 2 / math.log(2)
    with pytest.raises(AssertionError, match=r"higher than expected.*in bits"):
        ex.check_short_maxlen(in_bits)


def test_short_maxlen_too_low():
    low = ex.EXPECTED_BEST_VAL_LOSS[20][0]
    with pytest.raises(AssertionError, match=r"lower than expected.*held-out text"):
        ex.check_short_maxlen(low - 0.05)


@pytest.mark.parametrize("answer, message", [
    (float("nan"), r"not a finite number: the loss diverged"),
    (float("inf"), r"not a finite number"),
    ([1.9, 1.7, 1.6], r"Pass one number.*min\("),
    ({"best": 1.6}, r'result\["best"\]'),
    ("1.6", r"as a number"),
])
def test_short_maxlen_not_a_finite_number(answer, message):
    with pytest.raises(AssertionError, match=message):
        ex.check_short_maxlen(answer)


def test_short_maxlen_unknown_maxlen():
    with pytest.raises(ValueError, match=r"maxlen=30.*\[20\]"):
        ex.check_short_maxlen(1.6, maxlen=30)


def test_short_maxlen_solution_trains_on_20_characters_and_validates_on_held_out_text(
        monkeypatch, tmp_path):
    text = ENGLISH * 2
    train_text, val_text = textgen_utils.split_text(text, 0.2)
    vocab = textgen_utils.CharVocab.from_text(text)
    seen = {}

    def fake_train(model, x, y, *, validation_data, run_dir, **options):
        seen.update(model=model, x=x, validation_data=validation_data, run_dir=run_dir,
                    options=options)
        return {"best": 1.505, "history": {"val_loss": [1.9, 1.505, 1.7]}}

    monkeypatch.setattr(textgen_utils, "train", fake_train)
    best = ex.solution_short_maxlen(train_text, val_text, vocab, run_dir=tmp_path, epochs=3)
    assert best == 1.505 and ex.check_short_maxlen(best) is True
    assert tuple(seen["model"].inputs[0].shape) == (None, 20)
    x_val, y_val = textgen_utils.make_windows(val_text, vocab, 20)
    np.testing.assert_array_equal(seen["validation_data"][0], x_val)
    np.testing.assert_array_equal(seen["validation_data"][1], y_val)
    np.testing.assert_array_equal(seen["x"], textgen_utils.make_windows(train_text, vocab, 20)[0])
    assert seen["run_dir"] == tmp_path and seen["options"] == {"epochs": 3}
