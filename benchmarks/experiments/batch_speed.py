"""Evaluation and training speed of the lesson's model (``build_model``) by batch size.

    python benchmarks/experiments/batch_speed.py

Times ``model.evaluate`` on the validation windows at batch 1024 and 4096, and
``model.fit`` on 49,152 training windows at batch 2048 and 1024, each after a warm-up.
"""

import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import textgen_utils as tg  # noqa: E402

text = tg.load_corpus(os.environ.get("TEXTGEN_CORPUS", "../shared/data/nietzsche.txt"))
vocab = tg.CharVocab.from_text(text)
train_text, val_text = tg.split_text(text, 0.1)
x, y = tg.make_windows(train_text, vocab)
val = tg.make_windows(val_text, vocab)
model = tg.build_model(vocab)
for batch in (1024, 4096, 1024, 4096):
    model.evaluate(*val, batch_size=batch, verbose=0)
    t = time.perf_counter()
    model.evaluate(*val, batch_size=batch, verbose=0)
    print(f"evaluate, batch {batch}: {time.perf_counter() - t:.2f} s", flush=True)
n = 49152
for batch in (2048, 1024, 2048):
    model.fit(x[: batch * 2], y[: batch * 2], batch_size=batch, epochs=1, verbose=0)
    t = time.perf_counter()
    model.fit(x[:n], y[:n], batch_size=batch, epochs=1, verbose=0)
    print(f"fit, batch {batch}: {n / (time.perf_counter() - t):.0f} windows/s", flush=True)
