"""textgen_utils: the tested helpers behind the character-level LSTM lesson.

Importing the package changes no setting and loads only NumPy: the corpus, vectorization,
sampling and the n-gram baseline need nothing else. The names that need Keras (the model,
generation, training, plots) are imported from their modules when first used.
"""

from importlib import import_module

from .corpus import CORPUS_URL, CorpusDownloadError, corpus_path, load_corpus, read_text
from .ngram import CharNGram
from .quality import (
    compare_sampling,
    corpus_words,
    reference_quality,
    surprisal,
    text_quality,
)
from .sampling import (
    TEMPERATURES,
    check_temperature,
    entropy,
    reweight_distribution,
    sample,
    truncate_distribution,
)
from .vectorize import (
    CharVocab,
    make_sequences,
    make_shifted_sequences,
    make_windows,
    split_text,
    vectorize,
)

_LAZY = {
    "generation": ["generate_text", "iter_generate", "next_char_probs"],
    "model": ["CharOneHot", "SequenceModel", "SplitBatchModel", "build_model",
              "build_sequence_model", "compile_model",
              "configure_threads", "load_model", "load_pretrained", "pretrained_run",
              "vocab_of"],
    "plots": ["plot_generation_loop", "plot_history", "plot_quality", "plot_surprisal",
              "plot_temperatures", "plot_windows"],
    "training": ["BATCH_SIZE", "SampleTextCallback", "lesson_schedule", "train"],
}
_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}

__all__ = [
    "CORPUS_URL", "CorpusDownloadError", "corpus_path", "load_corpus", "read_text",
    "CharNGram", "compare_sampling", "corpus_words", "reference_quality", "surprisal",
    "text_quality",
    "TEMPERATURES", "check_temperature", "entropy", "reweight_distribution", "sample",
    "truncate_distribution",
    "CharVocab", "make_sequences", "make_shifted_sequences", "make_windows", "split_text",
    "vectorize",
    "generate_text", "iter_generate", "next_char_probs",
    "CharOneHot", "SequenceModel", "SplitBatchModel", "build_model", "build_sequence_model",
    "compile_model", "configure_threads",
    "load_model", "load_pretrained", "pretrained_run", "vocab_of",
    "plot_generation_loop", "plot_history", "plot_quality", "plot_surprisal",
    "plot_temperatures", "plot_windows",
    "BATCH_SIZE", "SampleTextCallback", "lesson_schedule", "train",
]


def __getattr__(name: str):
    if name not in _MODULE_OF:
        raise AttributeError(f"module 'textgen_utils' has no attribute {name!r}")
    value = getattr(import_module(f".{_MODULE_OF[name]}", __name__), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
