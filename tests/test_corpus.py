import pytest

from textgen_utils import CorpusDownloadError, load_corpus, read_text
from textgen_utils import corpus as corpus_module


def test_reads_local_file_as_utf8_and_lowercases(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(("Über Größe — Ça va? " * 10).encode("utf-8"))
    text = load_corpus(path)
    assert text == ("über größe — ça va? " * 10)
    assert load_corpus(path, lower=False).startswith("Über")


def test_reads_utf8_even_when_platform_encoding_differs(tmp_path, monkeypatch):
    path = tmp_path / "t.txt"
    path.write_bytes(("naïve café " * 10).encode("utf-8"))
    import locale

    monkeypatch.setattr(locale, "getpreferredencoding", lambda *a, **k: "cp1252")
    assert load_corpus(path) == "naïve café " * 10


def test_normalises_windows_line_endings_and_bom(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"\xef\xbb\xbf" + b"line one\r\nline two\r\n" * 5)
    assert read_text(path) == "line one\nline two\n" * 5


def test_environment_variable_points_at_a_file(tmp_path, monkeypatch):
    path = tmp_path / "mine.txt"
    path.write_text("x" * 100, encoding="utf-8")
    monkeypatch.setenv("TEXTGEN_CORPUS", str(path))
    assert load_corpus() == "x" * 100


def test_empty_and_too_short_texts_are_clear_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="empty"):
        load_corpus(empty)
    short = tmp_path / "short.txt"
    short.write_text("a" * 60, encoding="utf-8")
    with pytest.raises(ValueError, match="61"):
        load_corpus(short)
    assert len(load_corpus(short, maxlen=10)) == 60


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="No corpus file"):
        load_corpus(tmp_path / "nope.txt")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("caf\xe9 ".encode("latin-1") * 30)
    with pytest.raises(ValueError, match="not valid UTF-8"):
        load_corpus(latin)


def test_failed_download_says_how_to_supply_the_file(monkeypatch, tmp_path):
    monkeypatch.delenv("TEXTGEN_CORPUS", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    import keras

    def offline(*args, **kwargs):
        raise Exception("URL fetch failure: [Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(keras.utils, "get_file", offline)
    with pytest.raises(CorpusDownloadError) as info:
        load_corpus()
    message = str(info.value)
    assert "load_corpus(path=" in message
    assert "TEXTGEN_CORPUS" in message
    assert str(tmp_path / "datasets" / "nietzsche.txt") in message


def test_download_goes_through_keras_get_file_with_the_books_url(monkeypatch, tmp_path):
    monkeypatch.delenv("TEXTGEN_CORPUS", raising=False)
    cached = tmp_path / "nietzsche.txt"
    text = "PREFACE\n" * (corpus_module.CORPUS_BYTES // 8) + "X" * (corpus_module.CORPUS_BYTES % 8)
    cached.write_text(text, encoding="utf-8")
    calls = []
    import keras

    def fake_get_file(fname, origin, **kwargs):
        calls.append((fname, origin))
        return str(cached)

    monkeypatch.setattr(keras.utils, "get_file", fake_get_file)
    assert load_corpus() == text.lower()
    assert calls == [("nietzsche.txt", corpus_module.CORPUS_URL)]
    # What an interrupted download leaves in the cache is not taken for the corpus.
    cached.write_text(text[:1000], encoding="utf-8")
    with pytest.raises(CorpusDownloadError, match="1,000 bytes, not 600,901"):
        load_corpus()


def test_the_offline_hint_names_the_folder_keras_really_uses(monkeypatch, tmp_path):
    monkeypatch.delenv("TEXTGEN_CORPUS", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "locked"))
    monkeypatch.setattr(corpus_module.os, "access", lambda path, mode: False)
    import keras

    def offline(*args, **kwargs):
        raise Exception("URL fetch failure")

    monkeypatch.setattr(keras.utils, "get_file", offline)
    with pytest.raises(CorpusDownloadError, match="/tmp/.keras/datasets/nietzsche.txt"):
        load_corpus()


def test_corpus_path_prefers_argument_then_environment(monkeypatch, tmp_path):
    from textgen_utils import corpus_path

    monkeypatch.setenv("TEXTGEN_CORPUS", str(tmp_path / "env.txt"))
    assert corpus_path(tmp_path / "arg.txt") == tmp_path / "arg.txt"
    assert corpus_path() == tmp_path / "env.txt"
