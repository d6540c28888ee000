"""textgen_utils: the tested helpers behind the character-level LSTM lesson."""

from .corpus import CORPUS_URL, CorpusDownloadError, load_corpus, read_text
from .generation import generate_text, next_char_probs
from .model import CharOneHot, build_model, vocab_of
from .plots import plot_history, plot_temperatures
from .sampling import entropy, reweight_distribution, sample
from .training import BATCH_SIZE, SampleTextCallback, train
from .vectorize import CharVocab, make_sequences, make_windows, split_text, vectorize

__all__ = [
    "BATCH_SIZE",
    "SampleTextCallback",
    "train",
    "CORPUS_URL",
    "CharOneHot",
    "CharVocab",
    "CorpusDownloadError",
    "build_model",
    "entropy",
    "generate_text",
    "load_corpus",
    "make_sequences",
    "make_windows",
    "next_char_probs",
    "plot_history",
    "plot_temperatures",
    "read_text",
    "reweight_distribution",
    "sample",
    "split_text",
    "vectorize",
    "vocab_of",
]
