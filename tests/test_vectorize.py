import sys
from pathlib import Path

import numpy as np
import pytest

from textgen_utils import CharVocab, make_sequences, make_windows, split_text, vectorize

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import book_reference as book  # noqa: E402  (the book's algorithm, also used by the benchmarks)


def test_vocab_encode_decode_roundtrip(small_text):
    vocab = CharVocab.from_text(small_text)
    assert list(vocab.chars) == sorted(set(small_text))
    assert len(vocab) == len(set(small_text))
    ids = vocab.encode(small_text)
    assert ids.dtype == np.int32 and ids.min() >= 0 and ids.max() < len(vocab)
    assert vocab.decode(ids) == small_text
    assert vocab.decode(list(ids[:5])) == small_text[:5]
    assert vocab.char_indices[vocab.chars[3]] == 3


def test_vocab_handles_non_ascii_characters():
    vocab = CharVocab.from_text("привет 你好 ção")
    assert vocab.decode(vocab.encode("你好 ção")) == "你好 ção"


def test_unknown_characters_are_named():
    vocab = CharVocab.from_text("abc ")
    with pytest.raises(ValueError, match=r"'X', 'z'") as info:
        vocab.encode("abzX")
    assert "lower-cased" in str(info.value)
    with pytest.raises(ValueError, match="ids must lie"):
        vocab.decode([0, 7])


def test_vocab_rejects_bad_construction():
    with pytest.raises(ValueError):
        CharVocab.from_text("")
    with pytest.raises(ValueError):
        CharVocab(("b", "a"))


def test_make_sequences_is_the_books_extraction(small_text):
    sentences, next_chars = make_sequences(small_text, maxlen=20, step=3)
    expected = list(range(0, len(small_text) - 20, 3))
    assert len(sentences) == len(expected)
    for k, i in enumerate(expected):
        assert sentences[k] == small_text[i : i + 20]
        assert next_chars[k] == small_text[i + 20]


def test_vectorize_equals_the_books_double_loop(small_text):
    vocab = CharVocab.from_text(small_text)
    sentences, next_chars = make_sequences(small_text, maxlen=25, step=2)
    x, y = vectorize(sentences, next_chars, vocab)
    bx, by, chars, _ = book.vectorize(small_text, maxlen=25, step=2)
    assert chars == list(vocab.chars)
    assert x.dtype == bool and y.dtype == bool
    assert x.shape == bx.shape and y.shape == by.shape
    assert np.array_equal(x, bx) and np.array_equal(y, by)


def test_vectorize_rejects_mismatched_inputs():
    vocab = CharVocab.from_text("abc")
    with pytest.raises(ValueError, match="2 sentences but 1"):
        vectorize(["ab", "bc"], ["a"], vocab)
    with pytest.raises(ValueError, match="same length"):
        vectorize(["ab", "abc"], ["a", "b"], vocab)


def test_windows_carry_the_same_information_as_one_hot(small_text):
    vocab = CharVocab.from_text(small_text)
    sentences, next_chars = make_sequences(small_text, maxlen=30, step=3)
    x, y = vectorize(sentences, next_chars, vocab)
    xi, yi = make_windows(small_text, vocab, maxlen=30, step=3)
    assert xi.dtype == np.uint8 and xi.shape == (len(sentences), 30)
    assert np.array_equal(x.argmax(-1), xi) and np.array_equal(y.argmax(-1), yi)
    assert xi.flags.c_contiguous
    assert xi.nbytes * len(vocab) == x.nbytes


def test_windows_use_int32_for_large_vocabularies():
    text = "".join(chr(0x4E00 + i) for i in range(300)) * 2
    vocab = CharVocab.from_text(text)
    xi, yi = make_windows(text, vocab, maxlen=5, step=7)
    assert xi.dtype == np.int32
    assert vocab.decode(xi[1]) == text[7:12] and vocab.decode(yi[:1]) == text[5]


def test_split_text_keeps_a_contiguous_tail():
    train, val = split_text("0123456789" * 10, 0.1)
    assert train + val == "0123456789" * 10 and len(val) == 10
    assert split_text("abc", 0) == ("abc", "")
    with pytest.raises(ValueError):
        split_text("abc", 1.0)


def test_bad_window_arguments():
    with pytest.raises(ValueError, match="positive"):
        make_sequences("abcdef", maxlen=0)
    with pytest.raises(ValueError, match="needs 61"):
        make_sequences("a" * 60)


@pytest.mark.parametrize("ids", [[1.0, 2.0], ["1", "2"], np.array([0.5])])
def test_decode_takes_only_whole_numbers(ids):
    with pytest.raises(TypeError, match="whole numbers"):
        CharVocab.from_text("abc").decode(ids)
