"""The book's algorithm, as the reference the benchmarks measure against.

Each function follows the book's steps one for one: Python loops to cut and one-hot
encode the text, a Sequential LSTM fed boolean one-hot arrays, RMSprop at 0.01 with
batches of 128 and no clipping, ``np.random.multinomial`` sampling, and one
``model.predict`` per generated character. Only what NumPy and Keras 3 no longer accept
is changed: ``bool`` for ``np.bool``, ``learning_rate=`` for ``lr=``, an ``Input`` layer
for ``input_shape=``, a float64 cast before sampling.
"""

from __future__ import annotations

import numpy as np


def vectorize(text: str, maxlen: int = 60, step: int = 3):
    """Cut ``text`` into sequences and one-hot encode them with the book's loops."""
    sentences, next_chars = [], []
    for i in range(0, len(text) - maxlen, step):
        sentences.append(text[i : i + maxlen])
        next_chars.append(text[i + maxlen])
    chars = sorted(list(set(text)))
    char_indices = dict((char, chars.index(char)) for char in chars)
    x = np.zeros((len(sentences), maxlen, len(chars)), dtype=bool)
    y = np.zeros((len(sentences), len(chars)), dtype=bool)
    for i, sentence in enumerate(sentences):
        for t, char in enumerate(sentence):
            x[i, t, char_indices[char]] = 1
        y[i, char_indices[next_chars[i]]] = 1
    return x, y, chars, char_indices


def build_model(n_chars: int, maxlen: int = 60):
    """``LSTM(128)`` + ``Dense(softmax)`` on one-hot input, RMSprop(0.01), no clipping."""
    import keras
    from keras import layers

    model = keras.models.Sequential(
        [keras.Input(shape=(maxlen, n_chars)), layers.LSTM(128),
         layers.Dense(n_chars, activation="softmax")]
    )
    model.compile(loss="categorical_crossentropy",
                  optimizer=keras.optimizers.RMSprop(learning_rate=0.01))
    return model


def sample(preds, temperature: float = 1.0) -> int:
    """Reweight by temperature and draw once with ``np.random.multinomial``."""
    preds = np.asarray(preds).astype("float64")
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds)
    preds = exp_preds / np.sum(exp_preds)
    probas = np.random.multinomial(1, preds, 1)
    return int(np.argmax(probas))


def generate(model, seed: str, chars, char_indices, temperature: float, length: int = 400,
             maxlen: int = 60) -> str:
    """One ``model.predict`` per character on the one-hot window, as the book loops."""
    generated_text = seed
    out = ""
    for _ in range(length):
        sampled = np.zeros((1, maxlen, len(chars)))
        for t, char in enumerate(generated_text):
            sampled[0, t, char_indices[char]] = 1.0
        preds = model.predict(sampled, verbose=0)[0]
        next_char = chars[sample(preds, temperature)]
        generated_text = (generated_text + next_char)[1:]
        out += next_char
    return out


def train_epoch(model, x, y, **fit_kwargs):
    """One epoch of the book's training: batches of 128."""
    return model.fit(x, y, batch_size=128, epochs=1, **fit_kwargs)
