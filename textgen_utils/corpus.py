"""The corpus: where the text comes from, read the same way on every machine."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Where the lesson's corpus is downloaded from (the URL the book uses).
CORPUS_URL = "https://s3.amazonaws.com/text-datasets/nietzsche.txt"
#: The file name under the Keras cache directory (``~/.keras/datasets/`` by default).
CORPUS_FILENAME = "nietzsche.txt"
#: Environment variable that points the loader at a local file instead.
CORPUS_ENV = "TEXTGEN_CORPUS"


class CorpusDownloadError(OSError):
    """The corpus could not be downloaded; the message says how to supply it by hand."""


#: The size of the lesson's corpus file (its letter case does not change it).
CORPUS_BYTES = 600_901


def _cache_dir() -> Path:
    """Where ``keras.utils.get_file`` keeps downloads: it falls back to /tmp when the
    Keras folder cannot be written."""
    base = Path(os.path.expanduser(os.environ.get("KERAS_HOME", "~/.keras")))
    if not os.access(base, os.W_OK):  # the same test, and the same fallback, as get_file's
        base = Path("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()) / ".keras"
    return base / "datasets"


def _download() -> Path:
    import keras  # only a download needs Keras (see the test of imports without it)

    cache = _cache_dir()
    try:
        path = Path(keras.utils.get_file(CORPUS_FILENAME, origin=CORPUS_URL))
    except Exception as err:  # get_file raises plain Exception for network failures
        raise CorpusDownloadError(
            f"Could not download the corpus from {CORPUS_URL} ({err}).\n"
            "If this machine is offline, fetch nietzsche.txt on a machine with internet "
            "access and then do one of these:\n"
            "  - pass it directly:            load_corpus(path='path/to/nietzsche.txt')\n"
            f"  - set the environment variable {CORPUS_ENV}=path/to/nietzsche.txt\n"
            f"  - copy it into the Keras cache: {cache / CORPUS_FILENAME}"
        ) from err
    size = path.stat().st_size
    if size != CORPUS_BYTES:
        raise CorpusDownloadError(
            f"The downloaded corpus {path} has {size:,} bytes, not {CORPUS_BYTES:,}: an "
            "interrupted download leaves such a file. Delete it and try again, or supply "
            f"the file yourself ({CORPUS_ENV}=path/to/nietzsche.txt)."
        )
    return path


def read_text(path: str | os.PathLike) -> str:
    """Read a text file as UTF-8, whatever the platform's default encoding is.

    Line endings are normalised to ``"\\n"`` and a leading byte-order mark is dropped.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.txt"
    >>> _ = p.write_bytes("über\\r\\n".encode("utf-8"))
    >>> read_text(p)
    'über\\n'
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"No corpus file at {path}. Check the path, or call load_corpus() with no "
            "path to download the lesson's corpus."
        )
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(
            f"{path} is not valid UTF-8 text (byte {err.start}: {err.reason}). "
            "Re-save the file as UTF-8 (most editors offer this under 'Save as')."
        ) from None


def corpus_path(path: str | os.PathLike | None = None) -> Path:
    """Where the corpus is read from: ``path``, else ``$TEXTGEN_CORPUS``, else the download.

    The download happens once; later calls find the file in the Keras cache.

    Examples
    --------
    >>> corpus_path("my_text.txt")
    PosixPath('my_text.txt')
    """
    if path is not None:
        return Path(path)
    if os.environ.get(CORPUS_ENV):
        return Path(os.environ[CORPUS_ENV])
    return _download()


def load_corpus(
    path: str | os.PathLike | None = None, *, lower: bool = True, maxlen: int = 60
) -> str:
    """Return the training text, always decoded as UTF-8.

    Parameters
    ----------
    path
        A local text file. When omitted, the file named by the environment variable
        ``TEXTGEN_CORPUS`` is used, and when that is unset too the Nietzsche corpus is
        downloaded once with :func:`keras.utils.get_file` and read from its cache.
    lower
        Lower-case the text, as the lesson does (57 distinct characters instead of 84).
    maxlen
        Length of one training sequence; a text must be longer than this to be usable.

    Returns
    -------
    str
        The text.

    Raises
    ------
    CorpusDownloadError
        The download failed; the message explains how to supply the file offline.
    FileNotFoundError, ValueError
        The file is missing, not UTF-8, empty, or shorter than one sequence.

    Examples
    --------
    >>> text = load_corpus()                       # doctest: +SKIP
    >>> len(text), len(set(text))                  # doctest: +SKIP
    (600893, 57)
    """
    source = corpus_path(path)
    text = read_text(source)
    if not text:
        raise ValueError(f"The corpus {source} is empty: give a file that contains text.")
    if len(text) <= maxlen:
        raise ValueError(
            f"The corpus {source} has {len(text)} characters, but one training sequence "
            f"needs {maxlen + 1} ({maxlen} to read and 1 to predict). Use a longer text "
            "or a smaller maxlen."
        )
    return text.lower() if lower else text
