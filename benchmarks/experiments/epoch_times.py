"""Why were some training epochs about 56 s slower? Time every step of several epochs.

    python benchmarks/experiments/epoch_times.py [EPOCHS] [INTRA,INTER]
    EXTRAS=val,sampler python benchmarks/experiments/epoch_times.py 10

Trains the lesson's model (``build_model``) at batch 1024 on the lesson's training windows
and prints, per epoch, the wall time, the median and largest step time, and how many steps
took more than twice the median: a slow epoch made of slower steps everywhere points at
the computation (e.g. threads competing for the two cores), one made of a few very long
steps points at a pause. ``INTRA,INTER`` sets TensorFlow's thread pools (default: its own).
``EXTRAS`` adds what ``tg.train`` does besides training: ``val`` evaluates the validation
windows after each epoch, ``sampler`` writes the four samples (``SampleTextCallback``).
``WATCH=S`` dumps the native and Python stacks of this process (``py-spy dump --native``)
every S seconds while an epoch's first step has not finished, to show where a pause goes.
``PARTS=1`` trains each batch whole instead of as ``CharLSTM``'s two halves.
``DATA=repeat`` feeds ``fit`` what ``tg.train`` now feeds it (``epoch_batches``: one endless
``tf.data`` pipeline without autotuning, with ``steps_per_epoch``) instead of the arrays.
"""

import os
import subprocess
import sys
import threading
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


def watch(done: threading.Event, every: float, t0: float) -> None:
    while not done.wait(every):
        print(f"--- first step still running after {time.perf_counter() - t0:.0f} s",
              flush=True)
        subprocess.run(["py-spy", "dump", "--native", "--pid", str(os.getpid())])


class StepTimes(keras.callbacks.Callback):
    end = None  # when the previous epoch ended (the other callbacks run after that)
    every = float(os.environ.get("WATCH", 0))

    def on_epoch_begin(self, epoch, logs=None):
        self.t0 = self.last = time.perf_counter()
        self.gap = self.t0 - self.end if self.end is not None else 0.0
        self.steps = []
        if self.every:
            self.first_done = threading.Event()
            threading.Thread(target=watch, args=(self.first_done, self.every, self.t0),
                             daemon=True).start()

    def on_train_batch_begin(self, batch, logs=None):
        if batch == 0:
            self.before_first = time.perf_counter() - self.t0

    def on_train_batch_end(self, batch, logs=None):
        now = time.perf_counter()
        self.steps.append(now - self.last)
        self.last = now
        if self.every and batch == 0:
            self.first_done.set()

    def on_epoch_end(self, epoch, logs=None):
        s = np.array(self.steps[1:])  # the first step includes the epoch's setup
        med = float(np.median(s))
        self.end = time.perf_counter()
        print(f"epoch {epoch + 1}: {self.end - self.t0:6.1f} s (steps {sum(self.steps):5.1f} s; "
              f"{self.gap:4.1f} s before it), {len(s) + 1} steps, first "
              f"{self.steps[0]:5.1f} s ({self.before_first:4.1f} s before it), "
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
model.train_parts = int(os.environ.get("PARTS", model.train_parts))
print(f"train_parts {model.train_parts}; ", end="")
print(f"threads intra/inter: {tf.config.threading.get_intra_op_parallelism_threads()}/"
      f"{tf.config.threading.get_inter_op_parallelism_threads()} (0 = TensorFlow's choice)")
callbacks = [StepTimes()]
if "sampler" in extras:
    callbacks.append(tg.SampleTextCallback(vocab, text, print_fn=None,
                                           rng=np.random.default_rng(0)))
val = tg.make_windows(val_text, vocab) if "val" in extras else None
print(f"extras: {extras}; data: {os.environ.get('DATA', 'numpy arrays')}")
if os.environ.get("DATA") == "repeat":
    train, steps = tg.training.epoch_batches(x, y, 1024)
    kw = {"steps_per_epoch": steps}
    if val is not None:
        val, kw["validation_steps"] = tg.training.epoch_batches(*val, 1024, shuffle=False)
    model.fit(train, epochs=epochs, callbacks=callbacks, validation_data=val, verbose=0, **kw)
else:
    model.fit(x, y, batch_size=1024, epochs=epochs, callbacks=callbacks,
              validation_data=val, verbose=0)
