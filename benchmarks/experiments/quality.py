import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras
from common import Xt, Xv, Yt, Yv, lesson_model  # noqa: E402


def run(name, batch, lr=0.01, clipnorm=None, unroll=False, epochs=3):
    keras.utils.set_random_seed(0)
    m = lesson_model(unroll=unroll)
    m.compile(
        optimizer=keras.optimizers.RMSprop(lr, clipnorm=clipnorm),
        loss="sparse_categorical_crossentropy",
    )
    t = time.perf_counter()
    hist = []
    for e in range(epochs):
        h = m.fit(
            Xt, Yt, batch_size=batch, epochs=1, verbose=0, validation_data=(Xv, Yv), shuffle=True
        )
        hist.append(
            (
                round(time.perf_counter() - t, 1),
                round(h.history["loss"][0], 4),
                round(h.history["val_loss"][0], 4),
            )
        )
        print(name, e + 1, hist[-1], flush=True)


for spec in sys.argv[1:]:
    run(spec, **eval(f"dict({spec})"))
