"""Does the book's loop pay the time that one ``fit`` per epoch costs? Time its own loop.

    python benchmarks/experiments/book_loop.py [EPOCHS] [first|every]

The book's notebook trains with ONE ``model.fit`` over all its epochs (numpy arrays,
batch 128, TensorFlow's default threads). This runs that loop on the lesson's split and
prints each epoch's wall time from one epoch's start to the next, leaving out the
4 x 400 characters generated after the first epoch (with ``every``: after every epoch, as
the book does), and how long ``fit`` takes to return after the last epoch. ``lesson.py``
once called ``fit`` for each epoch instead; compare its epochs.
"""

import os
import sys
import time
from pathlib import Path

os.environ["TF_NUM_INTRAOP_THREADS"] = "0"  # TensorFlow's own choice, as in the book
os.environ["TF_NUM_INTEROP_THREADS"] = "0"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import book_reference as book  # noqa: E402
import keras  # noqa: E402
from lesson import book_setup  # noqa: E402

text, vocab, (bx, by), (vx, vy), model = book_setup(os.environ.get("TEXTGEN_CORPUS"))


class Clock(keras.callbacks.Callback):
    start = None  # when the current epoch started
    gen = 0.0  # seconds spent generating in it

    def on_epoch_begin(self, epoch, logs=None):
        now = time.perf_counter()
        if self.start is not None:
            print(f"epoch {epoch}: wall {now - self.start - self.gen:.1f} s "
                  f"(generation {self.gen:.1f} s excluded)", flush=True)
        self.start, self.gen = now, 0.0

    def on_epoch_end(self, epoch, logs=None):
        print(f"  epoch {epoch + 1}: begin->end {time.perf_counter() - self.start:.1f} s",
              flush=True)
        if epoch == 0 or every:
            t = time.perf_counter()
            for temperature in (0.2, 0.5, 1.0, 1.2):
                book.generate(model, text[1000:1060], list(vocab.chars), vocab.char_indices,
                              temperature)
            self.gen = time.perf_counter() - t
            print(f"  generation {self.gen:.1f} s", flush=True)


clock = Clock()
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
every = sys.argv[2:] == ["every"]
t0 = time.perf_counter()
model.fit(bx, by, batch_size=128, epochs=epochs, validation_data=(vx, vy), callbacks=[clock],
          verbose=2)
now = time.perf_counter()
print(f"epoch {epochs}: wall to fit's return {now - clock.start - clock.gen:.1f} s; "
      f"whole fit {now - t0:.1f} s")
