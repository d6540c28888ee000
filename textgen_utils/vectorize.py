"""Vectorization: from text to the arrays a network trains on.

Two paths are offered. :func:`vectorize` builds the book's boolean one-hot arrays
(``x`` of shape ``(sequences, maxlen, chars)``), and :func:`make_windows` builds the
lean ones the lesson trains on: the same windows as small integer ids, 57 times smaller,
one-hot encoded inside the model (see :class:`textgen_utils.model.CharOneHot`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


@dataclass(frozen=True)
class CharVocab:
    """The characters a model knows, in sorted order, and their integer ids.

    Examples
    --------
    >>> vocab = CharVocab.from_text("hello")
    >>> vocab.chars, len(vocab)
    (('e', 'h', 'l', 'o'), 4)
    >>> vocab.encode("hell").tolist()
    [1, 0, 2, 2]
    >>> vocab.decode([3, 2])
    'ol'
    """

    chars: tuple[str, ...]

    def __post_init__(self) -> None:
        chars = tuple(self.chars)
        if not chars or any(not isinstance(c, str) or len(c) != 1 for c in chars):
            raise ValueError("A vocabulary is a non-empty sequence of single characters.")
        if list(chars) != sorted(set(chars)):
            raise ValueError("A vocabulary's characters must be sorted and distinct.")
        object.__setattr__(self, "chars", chars)
        points = _codepoints("".join(chars))
        table = np.full(int(points.max()) + 2, -1, dtype=np.int32)  # code point -> id
        table[points] = np.arange(len(chars), dtype=np.int32)
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "_lookup", np.array(chars))

    @classmethod
    def from_text(cls, text: str) -> CharVocab:
        """The vocabulary of every distinct character in ``text``."""
        if not text:
            raise ValueError("Cannot build a vocabulary from an empty text.")
        return cls(tuple(sorted(set(text))))

    def __len__(self) -> int:
        return len(self.chars)

    @property
    def char_indices(self) -> dict[str, int]:
        """``{char: id}``, the book's ``char_indices`` dictionary."""
        return {c: i for i, c in enumerate(self.chars)}

    def encode(self, text: str) -> np.ndarray:
        """The ids of the characters of ``text``, as an ``int32`` array.

        Raises ``ValueError`` naming every character the vocabulary lacks.
        """
        points = _codepoints(text)
        # Code points past the table land on its last entry, which is -1 (unknown).
        ids = self._table[np.minimum(points, len(self._table) - 1)]
        unknown = ids < 0
        if unknown.any():
            missing = sorted({chr(p) for p in points[unknown]})
            hint = " (was the text lower-cased like the training text?)" if any(
                c != c.lower() for c in missing
            ) else ""
            raise ValueError(
                f"{len(missing)} character(s) not in the vocabulary: "
                f"{', '.join(map(repr, missing[:20]))}{' ...' if len(missing) > 20 else ''}."
                f" The model knows only the {len(self)} characters it was trained on{hint}."
            )
        return ids

    def decode(self, ids: Iterable[int] | np.ndarray) -> str:
        """The text whose character ids are ``ids``."""
        ids = np.asarray(ids if isinstance(ids, np.ndarray) else list(ids))
        if ids.size and ids.dtype.kind not in "iu":
            raise TypeError(f"ids must be whole numbers (character ids), got {ids.dtype} "
                            "values.")
        ids = ids.astype(np.int64)
        if ids.size and (ids.min() < 0 or ids.max() >= len(self)):
            raise ValueError(f"ids must lie in [0, {len(self) - 1}] for this vocabulary.")
        return "".join(self._lookup[ids.ravel()].tolist())


def make_sequences(
    text: str, maxlen: int = 60, step: int = 3
) -> tuple[list[str], list[str]]:
    """Cut ``text`` into overlapping sequences of ``maxlen`` characters, every ``step``.

    Each sequence is paired with the character that follows it: the target the model
    learns to predict. This is the book's extraction, unchanged.

    Examples
    --------
    >>> make_sequences("abcdefg", maxlen=3, step=2)
    (['abc', 'cde'], ['d', 'f'])
    """
    _check_window(text, maxlen, step)
    starts = range(0, len(text) - maxlen, step)
    return [text[i : i + maxlen] for i in starts], [text[i + maxlen] for i in starts]


def vectorize(
    sentences: Sequence[str], next_chars: Sequence[str], vocab: CharVocab
) -> tuple[np.ndarray, np.ndarray]:
    """The book's boolean one-hot arrays, built with NumPy instead of a double loop.

    Returns ``x`` of shape ``(len(sentences), maxlen, len(vocab))`` with
    ``x[i, t, vocab.char_indices[sentences[i][t]]] = True``, and ``y`` of shape
    ``(len(sentences), len(vocab))`` marking each next character. On the full corpus
    ``x`` takes 685 MB: see :func:`make_windows` for the lean alternative.

    Examples
    --------
    >>> vocab = CharVocab.from_text("abc")
    >>> x, y = vectorize(["ab", "bc"], ["c", "a"], vocab)
    >>> x.shape, y.shape, x.dtype
    ((2, 2, 3), (2, 3), dtype('bool'))
    >>> x[1].astype(int).tolist(), y[1].astype(int).tolist()
    ([[0, 1, 0], [0, 0, 1]], [1, 0, 0])
    """
    if len(sentences) != len(next_chars):
        raise ValueError(
            f"{len(sentences)} sentences but {len(next_chars)} next characters: "
            "pass the two lists that make_sequences returns."
        )
    if not sentences:
        raise ValueError("No sequences to vectorize.")
    maxlen = len(sentences[0])
    if any(len(s) != maxlen for s in sentences):
        raise ValueError("All sentences must have the same length (maxlen).")
    if any(len(c) != 1 for c in next_chars):
        raise ValueError("Each next character must be a single character.")
    return _one_hot(vocab.encode("".join(sentences)), len(vocab)).reshape(
        len(sentences), maxlen, len(vocab)
    ), _one_hot(vocab.encode("".join(next_chars)), len(vocab))


def _one_hot(ids: np.ndarray, depth: int) -> np.ndarray:
    """Boolean one-hot rows, written with one flat scatter (no Python loop)."""
    out = np.zeros(ids.size * depth, dtype=bool)
    out[np.arange(ids.size, dtype=np.int64) * depth + ids] = True
    return out.reshape(ids.size, depth)


def make_windows(
    text: str, vocab: CharVocab, maxlen: int = 60, step: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """The same sequences as :func:`make_sequences`, as integer character ids.

    Returns ``x`` of shape ``(sequences, maxlen)`` and ``y`` of shape ``(sequences,)``,
    in ``uint8`` when the vocabulary has at most 256 characters (else ``int32``).
    ``x[i]`` holds the ids of ``sentences[i]`` and ``y[i]`` the id of ``next_chars[i]``,
    so ``vectorize`` and ``make_windows`` carry the same information; this one takes
    ``maxlen * len(vocab)`` times less memory than the one-hot ``x``.

    Examples
    --------
    >>> vocab = CharVocab.from_text("abcdefg")
    >>> x, y = make_windows("abcdefg", vocab, maxlen=3, step=2)
    >>> x.tolist(), y.tolist()
    ([[0, 1, 2], [2, 3, 4]], [3, 5])
    """
    _check_window(text, maxlen, step)
    ids = vocab.encode(text)
    ids = ids.astype(np.uint8 if len(vocab) <= 256 else np.int32)
    starts = np.arange(0, len(ids) - maxlen, step)
    windows = np.lib.stride_tricks.sliding_window_view(ids[:-1], maxlen)[starts]
    return np.ascontiguousarray(windows), ids[starts + maxlen]


def make_shifted_sequences(
    text: str, vocab: CharVocab, seq_len: int = 100, offset: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Training data for a model that predicts after every position: targets shifted by one.

    The text is cut into consecutive sequences of ``seq_len`` characters, starting at
    ``offset``; ``y[i, t]`` is the character that follows ``x[i, t]``, so every character
    of the text (but the first ``offset + 1``) is a target once. Another ``offset`` moves
    the cuts, so that a run which varies it sees every character in every position.

    Returns ``x`` and ``y`` of shape ``(sequences, seq_len)``, in the dtype
    :func:`make_windows` uses.

    Examples
    --------
    >>> vocab = CharVocab.from_text("abcdefg")
    >>> x, y = make_shifted_sequences("abcdefg", vocab, seq_len=3)
    >>> vocab.decode(x[0]), vocab.decode(y[0]), x.shape
    ('abc', 'bcd', (2, 3))
    """
    if seq_len < 1 or offset < 0:
        raise ValueError(f"seq_len must be >= 1 and offset >= 0, got {seq_len} and {offset}.")
    ids = vocab.encode(text).astype(np.uint8 if len(vocab) <= 256 else np.int32)
    count = (len(ids) - 1 - offset) // seq_len
    if count < 1:
        raise ValueError(
            f"The text has {len(ids)} characters; one sequence of {seq_len} with its "
            f"targets needs {seq_len + 1 + offset}."
        )
    end = offset + count * seq_len
    return (ids[offset:end].reshape(count, seq_len),
            ids[offset + 1:end + 1].reshape(count, seq_len))


def split_text(text: str, val_fraction: float = 0.1) -> tuple[str, str]:
    """Split ``text`` into a training part and a held-out tail for validation.

    The tail is contiguous, so no validation window overlaps a training window (with
    ``step=3`` neighbouring windows share 57 of their 60 characters: a random split
    would validate on text the model has already seen).

    Examples
    --------
    >>> split_text("abcdefghij", 0.3)
    ('abcdefg', 'hij')
    """
    if not 0 <= val_fraction < 1:
        raise ValueError(f"val_fraction must be in [0, 1), got {val_fraction}.")
    cut = len(text) - int(round(len(text) * val_fraction))
    return text[:cut], text[cut:]


def _check_window(text: str, maxlen: int, step: int) -> None:
    if maxlen < 1 or step < 1:
        raise ValueError(f"maxlen and step must be positive, got {maxlen} and {step}.")
    if len(text) <= maxlen:
        raise ValueError(
            f"The text has {len(text)} characters; one sequence needs {maxlen + 1}."
        )
