"""How long does an epoch of the book's loop take, timed the way a student waits for it?

    python benchmarks/experiments/book_loop.py [EPOCHS] [first|every] [one-fit]

The book's notebook runs a Python loop: ``model.fit(x, y, batch_size=128, epochs=1)``
(numpy arrays, TensorFlow's default threads), then 4 x 400 generated characters, then
the next epoch. This runs that loop on the lesson's split (with its validation data, as
``lesson.py`` does) and prints the wall time of each ``fit`` call, from the call to its
return, and of each generation. With ``first`` it generates after the first epoch only.
With ``one-fit`` it runs one ``fit`` over all the epochs instead (as Keras's own example
does, with a callback that generates), and prints each epoch's wall time from its start
to the next epoch's start, leaving out the generation, and how long ``fit`` takes to
return after the last epoch.
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
from lesson import book_samples, book_setup  # noqa: E402

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
            book_samples(model, text, vocab)
            self.gen = time.perf_counter() - t
            print(f"  generation {self.gen:.1f} s", flush=True)


epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
every = "first" not in sys.argv[2:]
if "one-fit" not in sys.argv[2:]:
    for epoch in range(epochs):
        t = time.perf_counter()
        book.train_epoch(model, bx, by, validation_data=(vx, vy), verbose=2)
        print(f"epoch {epoch + 1}: fit call {time.perf_counter() - t:.1f} s", flush=True)
        if epoch == 0 or every:
            t = time.perf_counter()
            book_samples(model, text, vocab)
            print(f"  generation {time.perf_counter() - t:.1f} s", flush=True)
    sys.exit()

clock = Clock()
t0 = time.perf_counter()
model.fit(bx, by, batch_size=128, epochs=epochs, validation_data=(vx, vy), callbacks=[clock],
          verbose=2)
now = time.perf_counter()
print(f"epoch {epochs}: wall to fit's return {now - clock.start - clock.gen:.1f} s; "
      f"whole fit {now - t0:.1f} s")
