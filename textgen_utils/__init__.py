"""textgen_utils: the tested helpers behind the character-level LSTM lesson."""

import os

# On 1-2 cores: one thread per TensorFlow operation, two operations at a time, so the two
# halves of each training or validation batch (model.CharLSTM) run side by side. Read when
# TensorFlow starts; set either variable yourself (0 = TensorFlow's own choice) to keep yours.
if (os.cpu_count() or 1) <= 2:
    os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", "2")

from .corpus import CORPUS_URL, CorpusDownloadError, corpus_path, load_corpus, read_text
from .generation import generate_text, next_char_probs
from .model import CharLSTM, CharOneHot, build_model, load_pretrained, pretrained_run, vocab_of
from .plots import plot_history, plot_temperatures
from .sampling import entropy, reweight_distribution, sample, truncate_distribution
from .training import BATCH_SIZE, SampleTextCallback, lesson_schedule, train
from .vectorize import CharVocab, make_sequences, make_windows, split_text, vectorize

__all__ = [
    "BATCH_SIZE",
    "SampleTextCallback",
    "lesson_schedule",
    "train",
    "CORPUS_URL",
    "CharLSTM",
    "CharOneHot",
    "CharVocab",
    "CorpusDownloadError",
    "build_model",
    "corpus_path",
    "entropy",
    "generate_text",
    "load_corpus",
    "load_pretrained",
    "make_sequences",
    "make_windows",
    "next_char_probs",
    "plot_history",
    "plot_temperatures",
    "pretrained_run",
    "read_text",
    "reweight_distribution",
    "sample",
    "split_text",
    "truncate_distribution",
    "vectorize",
    "vocab_of",
]
