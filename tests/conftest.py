import os

import pytest
from hypothesis import settings

# CI runs on a machine as busy as ours: no test may fail for being slow.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# A small text the tests make themselves: varied enough to train on for a few steps.
SMALL_TEXT = (
    "the quick brown fox jumps over the lazy dog. "
    "a stitch in time saves nine; the early bird catches the worm. "
    "what is truth? nothing but a mobile army of metaphors.\n"
) * 6


# real_corpus_path, the fixture of the real corpus, is in the repository's conftest.py.


@pytest.fixture
def small_text() -> str:
    return SMALL_TEXT


@pytest.fixture(scope="session")
def tiny_model_and_vocab():
    """A small trained model (maxlen 10) shared by the generation tests."""
    import keras

    from textgen_utils import CharVocab, build_model, make_windows

    keras.utils.set_random_seed(0)
    vocab = CharVocab.from_text(SMALL_TEXT)
    model = build_model(vocab, maxlen=10, units=16, learning_rate=0.01)
    x, y = make_windows(SMALL_TEXT, vocab, maxlen=10, step=1)
    model.fit(x, y, batch_size=64, epochs=2, verbose=0)
    return model, vocab
