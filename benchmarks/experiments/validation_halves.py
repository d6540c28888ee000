"""Validation of the lesson's held-out windows at batch 1024: whole batches or two halves.

    python benchmarks/experiments/validation_halves.py [ROUNDS]

``CharLSTM`` computes the batches of ``evaluate`` (the validation after each epoch) as two
halves, like its training batches; ``train_parts = 1`` computes them whole. Both models
share their weights; the script checks that they give the same loss, then times one
``evaluate`` of the 20,010 validation windows with each, alternating, ROUNDS times.
"""

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402

import textgen_utils as tg  # noqa: E402

text = tg.load_corpus(os.environ.get("TEXTGEN_CORPUS"))
vocab = tg.CharVocab.from_text(text)
vx, vy = tg.make_windows(tg.split_text(text, 0.1)[1], vocab)
keras.utils.set_random_seed(0)
halves = tg.build_model(vocab)
whole = tg.CharLSTM(halves.inputs, halves.outputs)  # the same layers, so the same weights
whole.train_parts = 1
whole.compile(loss="sparse_categorical_crossentropy")
data, steps = tg.training.epoch_batches(vx, vy, 1024, shuffle=False)
losses = [model.evaluate(data, steps=steps, verbose=0) for model in (whole, halves)]
print(f"loss whole {losses[0]:.6f}, halves {losses[1]:.6f}")
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 4):
    for name, model in (("whole", whole), ("halves", halves)):
        t = time.perf_counter()
        model.evaluate(data, steps=steps, verbose=0)
        print(f"{name}: {time.perf_counter() - t:.2f} s", flush=True)
