"""What the experiments share: the corpus as integer windows and a one-hot layer."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

path = os.environ.get("TEXTGEN_CORPUS", "../shared/data/nietzsche.txt")
text = open(path, encoding="utf-8").read().lower()
chars = sorted(set(text))
V = len(chars)
index = {c: i for i, c in enumerate(chars)}
ids = np.array([index[c] for c in text], dtype=np.uint8)
starts = np.arange(0, len(ids) - 60, 3)
X = ids[starts[:, None] + np.arange(60)]  # every window of 60, step 3
Y = ids[starts + 60]


class OneHot(layers.Layer):
    def __init__(self, depth, **kw):
        super().__init__(**kw)
        self.depth = depth

    def call(self, x):
        return keras.ops.one_hot(keras.ops.cast(x, "int32"), self.depth)


class IdsLSTMBase(layers.LSTM):
    """An LSTM layer that reads integer ids (batch, steps) and keeps the weights of
    ``layers.LSTM`` over one-hot input; subclasses write ``call``."""

    def __init__(self, units, vocab_size, **kw):
        super().__init__(units, **kw)
        self.vocab_size = vocab_size
        self.input_spec = layers.InputSpec(ndim=2)

    def build(self, input_shape):
        super().build((input_shape[0], input_shape[1], self.vocab_size))
        self.input_spec = layers.InputSpec(ndim=2)

    def compute_output_shape(self, s):
        return (s[0], self.units)


def lesson_model(unroll=True):
    """The lesson's model, not compiled: one-hot ids, LSTM(128), Dense(V, softmax)."""
    inp = keras.Input((60,), dtype="uint8")
    h = layers.LSTM(128, unroll=unroll)(OneHot(V)(inp))
    return keras.Model(inp, layers.Dense(V, activation="softmax")(h))


nval = int(len(X) * 0.1)
#: The lesson's split: validation is the last 10% of the windows (20 left out between).
Xt, Yt, Xv, Yv = X[: -nval - 20], Y[: -nval - 20], X[-nval:], Y[-nval:]
