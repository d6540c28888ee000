import numpy as np

from textgen_utils import CharVocab, build_model, load_corpus, make_sequences, make_windows


def test_the_lessons_numbers(real_corpus_path):
    text = load_corpus(real_corpus_path)
    assert len(text) == 600_893
    vocab = CharVocab.from_text(text)
    assert len(vocab) == 57
    sentences, next_chars = make_sequences(text, 60, 3)
    assert len(sentences) == 200_278
    # The book's array shapes, without building the 685 MB array in the test.
    assert (len(sentences), 60, len(vocab)) == (200_278, 60, 57)
    x, y = make_windows(text, vocab, 60, 3)
    assert x.shape == (200_278, 60) and y.shape == (200_278,)
    assert vocab.decode(x[-1]) == sentences[-1] and vocab.decode(y[-1:]) == next_chars[-1]
    assert x.nbytes * 57 == 200_278 * 60 * 57  # the one-hot bool x is 57 times larger
    assert np.array_equal(x[1234], vocab.encode(sentences[1234]))
    assert build_model(vocab).count_params() == 102_585


def test_the_recorded_ngram_table_is_what_the_code_gives(real_corpus_path):
    """benchmarks/results/ngram.json (cited by benchmarks/README.md and the lesson)."""
    import json
    import math
    import sys
    from pathlib import Path

    benchmarks = Path(__file__).resolve().parents[1] / "benchmarks"
    sys.path.insert(0, str(benchmarks))
    try:
        from ngram_table import table
    finally:
        sys.path.remove(str(benchmarks))
    recorded = json.loads((benchmarks / "results" / "ngram.json").read_text())
    rows = table(load_corpus(real_corpus_path))
    assert [r["order"] for r in rows] == list(range(1, 9))
    for got, want in zip(rows, recorded["rows"]):
        assert abs(got["nats"] - want["nats"]) < 1e-4, (got, want)
    assert recorded["uniform_nats"] == round(math.log(57), 4)
    best = min(rows, key=lambda r: r["nats"])
    assert best["order"] == 6 and best["nats"] < 1.514  # counting beats the book's LSTM


def test_the_shipped_every_position_model_scores_its_record(real_corpus_path):
    """Its validation loss on the book model's own targets, and it writes text."""
    from textgen_utils import generate_text, load_pretrained, pretrained_run, split_text

    model, vocab = load_pretrained(kind="every_position")
    record = pretrained_run("every_position")
    _, val_text = split_text(load_corpus(real_corpus_path))
    x_val, y_val = make_windows(val_text, vocab)
    assert len(x_val) == 20_010
    loss = model.evaluate(x_val, y_val, batch_size=1024, verbose=0)
    assert abs(loss - record["best"]) < 1e-4
    assert loss < pretrained_run()["best"]  # the book's model's best on the same targets
    text = generate_text(model, vocab, "the philosopher ", 60, 0.5,
                         np.random.default_rng(0), mode="stateful")
    assert len(text) == 60 and set(text) <= set(vocab.chars)
