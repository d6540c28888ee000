"""Why are some training epochs about 56 s slower? Time every step of several epochs.

    python benchmarks/experiments/epoch_times.py [EPOCHS] [INTRA,INTER]
    EXTRAS=val,sampler python benchmarks/experiments/epoch_times.py 10

Trains the lesson's model (``build_model``) at batch 1024 on the lesson's training windows
and prints, per epoch, the wall time, the median and largest step time, and how many steps
took more than twice the median: a slow epoch made of slower steps everywhere points at
the computation (e.g. threads competing for the two cores), one made of a few very long
steps points at a pause. ``INTRA,INTER`` sets TensorFlow's thread pools (default: its own).
``EXTRAS`` adds what ``tg.train`` does besides training: ``val`` evaluates the validation
windows after each epoch, ``sampler`` writes the four samples (``SampleTextCallback``).
"""

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

if len(sys.argv) > 2:
    intra, inter = (int(n) for n in sys.argv[2].split(","))
    tf.config.threading.set_intra_op_parallelism_threads(intra)
    tf.config.threading.set_inter_op_parallelism_threads(inter)
import keras  # noqa: E402

import textgen_utils as tg  # noqa: E402


class StepTimes(keras.callbacks.Callback):
    end = None  # when the previous epoch ended (the other callbacks run after that)

    def on_epoch_begin(self, epoch, logs=None):
        self.t0 = self.last = time.perf_counter()
        self.gap = self.t0 - self.end if self.end is not None else 0.0
        self.steps = []

    def on_train_batch_end(self, batch, logs=None):
        now = time.perf_counter()
        self.steps.append(now - self.last)
        self.last = now

    def on_epoch_end(self, epoch, logs=None):
        s = np.array(self.steps[1:])  # the first step includes the epoch's setup
        med = float(np.median(s))
        self.end = time.perf_counter()
        print(f"epoch {epoch + 1}: {self.end - self.t0:6.1f} s (steps {sum(self.steps):5.1f} s; "
              f"{self.gap:4.1f} s before it), {len(s) + 1} steps, "
              f"median step {med * 1000:4.0f} ms, max {s.max() * 1000:6.0f} ms, "
              f"{int((s > 2 * med).sum())} steps > 2x median", flush=True)


epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 8
text = tg.load_corpus(os.environ.get("TEXTGEN_CORPUS"))
vocab = tg.CharVocab.from_text(text)
train_text, val_text = tg.split_text(text, 0.1)
x, y = tg.make_windows(train_text, vocab)
extras = os.environ.get("EXTRAS", "").split(",")
keras.utils.set_random_seed(0)
model = tg.build_model(vocab)
print(f"threads intra/inter: {tf.config.threading.get_intra_op_parallelism_threads()}/"
      f"{tf.config.threading.get_inter_op_parallelism_threads()} (0 = TensorFlow's choice)")
callbacks = [StepTimes()]
if "sampler" in extras:
    callbacks.append(tg.SampleTextCallback(vocab, text, print_fn=None,
                                           rng=np.random.default_rng(0)))
val = tg.make_windows(val_text, vocab) if "val" in extras else None
print(f"extras: {extras}")
model.fit(x, y, batch_size=1024, epochs=epochs, callbacks=callbacks, validation_data=val,
          verbose=0)
