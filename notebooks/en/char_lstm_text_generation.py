# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Text generation with a character-level LSTM
#
# This is the classic lesson from François Chollet's *Deep Learning with Python* ("the
# book" below), rebuilt for today's Keras. A small recurrent network reads the English
# translation of Friedrich Nietzsche's *Beyond Good and Evil*, 60 characters at a time,
# and learns one thing only: to guess the next character.
# Then we let it write. Nobody tells it what a word is, where a sentence ends or how
# commas work; by the end of training it has picked up a good part of that from the text alone.
#
# You need basic Keras: layers, `compile`, `fit`. Everything else is explained on the
# way. The helper functions come from `textgen_utils`, the small tested package that
# ships with this course. Where it matters, the lesson prints their source, so what you
# read is the code that the tests check.
#
# The plan:
#
# 1. how a language model generates sequences;
# 2. how to choose the next character: greedy or random, and the softmax temperature;
# 3. the corpus;
# 4. turning text into arrays;
# 5. the model, and what an LSTM computes;
# 6. sampling, generation and the training loop, in code;
# 7. training, with samples after every epoch;
# 8. what the samples show;
# 9. how good the model is, compared with what;
# 10. temperature, in numbers;
# 11. conclusions, then exercises you can check.

# %% [markdown]
# ## Setup
#
# The next cell installs `textgen_utils` when it is missing, for example on Google
# Colab. On your own machine, `pip install -e ".[dev]"` in the repository has done this
# already and the cell does nothing.
#
# What the program prints (words such as "temperature" or "best epoch") is in English in
# every edition of this course: all five languages run the same code and show the same
# outputs.

# %%
import importlib.util
import os
import subprocess
import sys

REPO_URL = "https://github.com/textgen-course/char-lstm-course"
if importlib.util.find_spec("textgen_utils") is None:
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"git+{REPO_URL}"],
                         capture_output=True, text=True,
                         env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    if pip.returncode != 0:
        lines = [line.strip() for line in pip.stderr.splitlines() if line.strip()]
        reason = next((line for line in lines if line.startswith(("fatal:", "ERROR:"))),
                      lines[-1] if lines else f"exit code {pip.returncode}")
        raise RuntimeError(
            f"Could not install textgen_utils from {REPO_URL} ({reason}). Connect to the "
            "internet and run this cell again, or copy the repository to this machine and "
            'run pip install -e ".[dev]" in it.'
        ) from None
    importlib.invalidate_caches()

# %% [markdown]
# **Full or quick.** The full lesson trains for 8 epochs on the whole corpus. We chose 8
# by measurement: with the learning-rate schedule of section 5, the validation loss stops
# improving by then (section 9 shows the curve and the runs behind the choice). The book
# trains for 59 epochs; `EPOCHS = 59` below gives you its number, with the schedule
# stretched over all of them. On our two-core test machine the whole notebook, training
# included, ran in 12.6 minutes in the run whose outputs are stored here (the last cell
# prints it); training with its samples took 10.7 of them, 72 to 103 seconds per epoch.
#
# Quick mode runs the very same cells but trains on only the first 60,000 characters of
# the training text, for 2 epochs, in a few minutes (the vocabulary and the validation
# text still come from the whole corpus): the test suite uses it to check that every cell
# still works. Set the environment variable `TEXTGEN_QUICK=1` before starting Jupyter to
# get it; the numbers that depend on training will then be worse, everything else is
# identical.

# %% tags=["nbval-ignore-output"]
import os

QUICK = os.environ.get("TEXTGEN_QUICK") == "1"
EPOCHS = 2 if QUICK else 8  # the book: 59
TRAIN_CHARS = 60_000 if QUICK else None  # None: the whole training text
SEED = 2024  # fixes the initial weights, the samples' seed text and the sampling
print(f"{'Quick' if QUICK else 'Full'} mode: {EPOCHS} epochs.")

# %% [markdown]
# TensorFlow prints a few lines about the hardware when it starts; the environment
# variable below hides them. `tg.configure_threads()` sets how many threads TensorFlow
# uses, which only matters for speed on a CPU with few cores (the appendix at the end says more);
# it has to come before TensorFlow computes anything.

# %% tags=["nbval-ignore-output"]
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import inspect
import time

import keras
import matplotlib.pyplot as plt
import numpy as np

import textgen_utils as tg
from textgen_utils import exercises

LESSON_START = time.monotonic()
tg.configure_threads()
keras.utils.set_random_seed(SEED)

# %% [markdown]
# ## 1. How a language model generates sequences
#
# A *language model* gives, for any beginning of a text, a probability for every token
# that could come next. Here a token is a single character, so the model answers
# questions like: after `"the will to powe"`, how likely is `"r"`? And `"n"`? And a space?
#
# Generating text with such a model is a loop. We start from a piece of text, the
# *conditioning data* (the "seed"), and then (the figure uses a 16-character window, to
# stay readable):
#
# 1. give the model the text so far (its last 60 characters, in our case);
# 2. get a probability distribution over the next character;
# 3. choose one character from that distribution;
# 4. append it to the text, slide the window one character on, and go back to step 1.

# %%
fig = tg.plot_generation_loop()
plt.show()

# %% [markdown]
# The same loop generates far more than text. With a model trained on notes, it composes
# melodies; on pen positions, it draws handwriting and brush strokes; on short slices of
# sound, it speaks. With one trained on conversations, it answers messages: the short reply
# suggestions of an e-mail app are a language model choosing its next word. The large
# language models behind today's chat assistants, machine translation and code completion
# run this loop too, over sub-word tokens.
#
# The model inside the loop can be any network that reads a sequence: a recurrent network
# like our LSTM, which reads one character after another, or a one-dimensional
# convolutional network, which slides small filters along the sequence (Keras' `Conv1D`);
# today's large models are Transformers. Characters keep our vocabulary tiny (57 symbols
# instead of tens of thousands of words) and let the model invent words it never saw; the
# price is that it must learn spelling before anything else, and that 60 characters are
# only a dozen words of context.
#
# To see the loop's input and output, here is a model that has already been trained on
# this corpus (we will train our own in section 7). It ships with `textgen_utils`:

# %%
pretrained, pretrained_vocab = tg.load_pretrained()
prompt = "the will to powe"
p_next = tg.next_char_probs(pretrained, pretrained_vocab, prompt)
for i in np.argsort(-p_next)[:5]:
    print(f"{pretrained_vocab.chars[i]!r}: {p_next[i]:.3f}")

# %% [markdown]
# ## 2. Choosing the next character
#
# Step 3 of the loop hides a real decision.
#
# **Greedy sampling** always takes the most likely character. It sounds sensible and
# produces dull, repetitive text: the same likely phrases come back again and again, and
# the loop can end up in a cycle (we will see one below).
#
# **Stochastic sampling** draws the character at random, following the model's
# probabilities: if `"e"` has probability 0.3, it is chosen 30% of the time. The text
# becomes varied and sometimes surprising. But how much randomness do we want? Too little
# and we are back to greedy; too much and we get noise.
#
# The **softmax temperature** $T$ is the control. It reweights a distribution $p$ into
#
# $$q_i = \frac{p_i^{1/T}}{\sum_j p_j^{1/T}}
#       = \operatorname{softmax}\!\left(\frac{\log p}{T}\right)_i .$$
#
# At $T = 1$ nothing changes. Below 1 the likely characters gain and the unlikely ones
# fade ($T \to 0$ is greedy); above 1 the distribution flattens towards uniform.
#
# The **entropy** $H(q) = -\sum_i q_i \log_2 q_i$, in bits, measures how much choice is
# left: 0 bits when one character is certain, $\log_2 57 \approx 5.8$ bits when all 57 are
# equally likely. Lowering the temperature lowers the entropy.
#
# Here is the function the course uses, straight from `textgen_utils/sampling.py`:

# %%
print(inspect.getsource(tg.reweight_distribution))

# %% [markdown]
# It works in float64 and subtracts the largest logit before exponentiating, so that a
# tiny temperature (which divides the logits by almost nothing) cannot underflow to all
# zeros, which would give 0/0 = NaN; and `log(0)` stays a silent `-inf` (a character with
# probability 0 keeps probability 0).
#
# Now two real distributions from the trained model. The first comes after a sentence in the
# style of the corpus (not from it) that ends with a space, where many words could follow
# (the model reads its last 60 characters); the second in the
# middle of a word, after `"the will to powe"`. Each panel shows the most likely characters
# after reweighting (20 in the first figure, 10 in the second) and one last bar for all the
# others together, on a logarithmic axis so that the small probabilities stay visible; the
# title gives the entropy of the whole distribution. `␣` is the space.

# %%
seed_line = "the philosopher has to be the bad conscience of his age, and "
p = tg.next_char_probs(pretrained, pretrained_vocab, seed_line)
fig = tg.plot_temperatures(p, [0, 0.5, 1.0, 1.2], labels=pretrained_vocab.chars)
plt.show()

# %%
fig = tg.plot_temperatures(p_next, [0.5, 1.2], labels=pretrained_vocab.chars, top=10)
plt.show()
print("entropy in bits      T = 0.2   0.5   1.0   1.2")
for context, dist in [("after '...age, and '", p), ("after 'the will to powe'", p_next)]:
    row = "".join(f"{tg.entropy(tg.reweight_distribution(dist, t)):6.2f}"
                  for t in [0.2, 0.5, 1.0, 1.2])
    print(f"{context:24s}{row}")

# %% [markdown]
# After the space, the model hesitates between many first letters: at $T = 1$ the
# distribution has 4.16 bits of entropy, and $T = 1.2$ spreads it further. After "powe", in
# the middle of "power", the model is nearly sure of `r`, and even $T = 1.2$ leaves little
# choice: the temperature matters most where the model is unsure.
#
# **Greedy, in practice.** Here is what the same model writes when it always takes the
# most likely character, starting from the line above:

# %%
greedy = tg.generate_text(pretrained, pretrained_vocab, seed_line, length=300, temperature=0)
print(greedy)
for period in range(1, 150):  # the shortest cycle the text ends in, if any
    if greedy[-2 * period:-period] == greedy[-period:]:
        start = len(greedy) - 2 * period  # go back while the text keeps the same period
        while start > 0 and greedy[start - 1] == greedy[start - 1 + period]:
            start -= 1
        print(f"\nFrom character {start + 1} on, the text repeats a cycle of {period} "
              f"characters: {greedy[start:start + period]!r}")
        break

# %% [markdown]
# ## 3. The corpus
#
# `load_corpus` downloads the text once with `keras.utils.get_file`, which keeps it in
# `~/.keras/datasets/`; later calls read the cached file. Offline, set the environment
# variable `TEXTGEN_CORPUS` to the path of a copy before you start Jupyter: every cell of
# this lesson then reads that file. The text is
# lower-cased, which shrinks the vocabulary and makes the task easier for a small model.

# %%
text = tg.load_corpus()
print(f"Corpus length: {len(text):,} characters")
print(f"Distinct characters: {len(set(text))}")

# %%
print(text[:400])

# %% [markdown]
# **The UTF-8 pitfall.** The file is UTF-8 encoded: most characters take one byte, but
# letters such as `ä` or `é` take two. If you read it with `open(path)` and no
# `encoding=`, Python uses the platform's default, which is UTF-8 on Linux and macOS but
# often cp1252 on Windows. Then every two-byte character becomes two wrong characters:
# the text is longer, has extra symbols, and your model learns a different alphabet.
# `load_corpus` always reads UTF-8. Here is the difference on the real file:

# %%
raw = tg.corpus_path().read_bytes()
as_cp1252 = raw.decode("cp1252").lower()  # what open(path) does on many Windows machines
print(f"bytes in the file:              {len(raw):,}")
print(f"characters, read as UTF-8:      {len(text):,} ({len(set(text))} distinct)")
print(f"characters, read as cp1252:     {len(as_cp1252):,} ({len(set(as_cp1252))} distinct)")
print("non-ASCII characters (UTF-8):", sorted(c for c in set(text) if ord(c) > 127))

# %% [markdown]
# ## 4. From text to arrays
#
# The model learns from examples of the form *60 characters → the character that
# follows*. We slide a window of `maxlen = 60` characters along the text, moving it
# `step = 3` characters at a time. A step of 1 would give three times as many, almost
# identical examples; 3 keeps the data set manageable.

# %%
maxlen, step = 60, 3
sentences, next_chars = tg.make_sequences(text, maxlen, step)
print(f"Number of sequences: {len(sentences):,}")
print(repr(sentences[1]), "->", repr(next_chars[1]))

# %% [markdown]
# The figure shows the idea on a smaller scale, with windows of 10 characters instead of 60
# (the step is the lesson's 3): each row is one training example, its input characters in
# one colour and the character it must learn to predict in the other.

# %%
fig = tg.plot_windows(text[:40], maxlen=10, step=3, n=4)
plt.show()

# %% [markdown]
# The network cannot read characters, only numbers. The vocabulary gives each distinct
# character an integer id, in sorted (Unicode code point) order:

# %%
vocab = tg.CharVocab.from_text(text)
print(f"{len(vocab)} characters:", repr("".join(vocab.chars)))  # \n is the newline
print(vocab.encode("nietzsche"))

# %% [markdown]
# The classic encoding is **one-hot**: each character becomes a vector of length 57, all
# zeros except for a single one at its id. A sequence becomes a 60 × 57 matrix and the
# whole data set a three-dimensional boolean array; the targets become 57-long one-hot
# vectors.
# `vectorize` builds them with NumPy (the book uses a double Python loop; the test suite
# checks that the arrays are identical, element for element):

# %%
x, y = tg.vectorize(sentences, next_chars, vocab)
print("x:", x.shape, x.dtype, f"{x.nbytes / 1e6:,.0f} MB")
print("y:", y.shape, y.dtype, f"{y.nbytes / 1e6:,.1f} MB")
print(f"x as float32, the type the network computes in: {x.size * 4 / 1e9:.2f} GB")

# %% [markdown]
# 685 MB of booleans, of which 98% are zeros (56 out of every 57), and 2.7 GB if they
# are ever converted to floats. The same information fits in one byte per character: the
# **integer windows** keep the character ids, and the model does the one-hot encoding
# itself, batch by batch, in its first layer. That is how we will train.

# %%
x_ids, y_ids = tg.make_windows(text, vocab, maxlen, step)
print("x_ids:", x_ids.shape, x_ids.dtype, f"{x_ids.nbytes / 1e6:.1f} MB")
same = np.array_equal(x.argmax(-1), x_ids) and np.array_equal(y.argmax(-1), y_ids)
print("same information:", same)
del x, y  # free the 685 MB

# %% [markdown]
# Finally we hold out the last 10% of the text for validation. We cut the text, not the
# list of sequences: neighbouring windows share 57 of their 60 characters, so a random
# split would "validate" on text the model has practically seen.

# %% tags=["nbval-ignore-output"]
train_text, val_text = tg.split_text(text, val_fraction=0.1)
if TRAIN_CHARS is not None:
    train_text = train_text[:TRAIN_CHARS]
x_train, y_train = tg.make_windows(train_text, vocab, maxlen, step)
x_val, y_val = tg.make_windows(val_text, vocab, maxlen, step)
print(f"training sequences: {len(x_train):,}, validation sequences: {len(x_val):,}")

# %% [markdown]
# ## 5. The model
#
# The network is the book's: one `LSTM` layer with 128 units reads the 60 characters in
# order and summarises them in a vector of 128 numbers; a `Dense` layer with a softmax
# turns that vector into 57 probabilities, one per character. The extra first layer,
# `CharOneHot`, has no weights: it turns the integer ids into one-hot vectors, so the
# LSTM sees exactly the input of the book's version.

# %% tags=["nbval-ignore-output"]
model = tg.build_model(vocab, maxlen=maxlen, units=128, learning_rate=0.01)
model.summary()

# %% [markdown]
# ### What an LSTM computes
#
# The LSTM reads the window one character at a time. At step $t$ it takes the character
# $x_t$ (a one-hot vector of 57 numbers) and two vectors of 128 numbers that it carries
# from the previous step: its output $h_{t-1}$ and its *memory cell* $c_{t-1}$. It computes
# three gates, each a number between 0 and 1 per unit ($\sigma$ is the logistic sigmoid),
# and a candidate $g_t$ for the memory:
#
# $$
# \begin{aligned}
# i_t &= \sigma(x_t W_i + h_{t-1} U_i + b_i) && \text{input gate: how much of } g_t
#   \text{ to write}\\
# f_t &= \sigma(x_t W_f + h_{t-1} U_f + b_f) && \text{forget gate: how much of }
#   c_{t-1} \text{ to keep}\\
# o_t &= \sigma(x_t W_o + h_{t-1} U_o + b_o) && \text{output gate: how much of the
#   memory to show}\\
# g_t &= \tanh(x_t W_g + h_{t-1} U_g + b_g) && \text{candidate memory}\\
# c_t &= f_t \odot c_{t-1} + i_t \odot g_t\\
# h_t &= o_t \odot \tanh(c_t)
# \end{aligned}
# $$
#
# ($\odot$ multiplies element by element.) The memory $c_t$ changes only as the forget
# and input gates allow, so information can travel across many steps; that is what the
# "long short-term" in the name refers to. After the 60th character, $h_{60}$ goes to the
# dense layer, whose softmax gives the probabilities of the next character.
#
# Keras stores the four $W$ side by side in one `kernel` of shape 57 × 512, the four $U$
# in a `recurrent_kernel` of 128 × 512 and the four $b$ in a `bias` of 512, in the order
# $i, f, g, o$. Here are the equations in NumPy, run on the model's own weights, next to
# Keras' answer for the same window:

# %% tags=["nbval-ignore-output"]
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_next_char_probs(model, window_ids):
    """The model's prediction for one window, computed with the LSTM equations above."""
    kernel, recurrent_kernel, bias = model.get_layer("lstm").get_weights()
    dense_kernel, dense_bias = model.get_layer("next_char").get_weights()
    units = recurrent_kernel.shape[0]
    h, c = np.zeros(units), np.zeros(units)
    for char_id in window_ids:
        z = kernel[char_id] + h @ recurrent_kernel + bias  # x_t W: kernel's row for x_t
        i, f, g, o = (z[k * units:(k + 1) * units] for k in range(4))
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    logits = h @ dense_kernel + dense_bias
    return np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()


ours = lstm_next_char_probs(model, x_ids[0])
keras_says = model.predict(x_ids[:1], verbose=0)[0]
print(f"largest difference from Keras: {np.abs(ours - keras_says).max():.1e}")

# %% [markdown]
# Multiplying a one-hot vector by a matrix just picks one of its rows, so `kernel[char_id]`
# is $x_t W$. The model is still untrained, but the computation is the one it will keep.
#
# **Where the 102,585 parameters come from.** Each of the first four rows of the equations has a
# $W$ (57 × 128), a $U$ (128 × 128) and a $b$ (128):
# $4 \times 128 \times (57 + 128 + 1) = 95{,}232$. The dense layer adds
# $128 \times 57 + 57 = 7{,}353$.

# %%
print(f"parameters: {model.count_params():,}")
print(f"{type(model.optimizer).__name__}, learning rate {float(model.optimizer.learning_rate):g}, "
      f"clipnorm {model.optimizer.clipnorm}")
print("loss:", model.loss)

# %% [markdown]
# ### How it is trained
#
# Training uses **RMSprop** with a learning rate of 0.01 and **categorical
# cross-entropy**, the negative log-probability the model gave to the true next
# character. Because our targets are ids, `build_model` compiles the model with its "sparse"
# form, `sparse_categorical_crossentropy`: same value, no one-hot targets.
#
# **Stability.** `clipnorm=1.0` scales a weight tensor's gradient down to norm 1 when it
# is larger, so that one unusually large gradient cannot throw the weights far away. What
# we measured (`benchmarks/README.md`, on the first 200,000 characters at batch 256): at
# ten times the lesson's learning rate, the first epoch ended with a loss of 7.0 without
# clipping and 2.8 with it. At the lesson's own rate, in 6-epoch runs, it moved the
# training loss by less than 0.02, and the best validation loss was slightly worse with it
# (1.825 against 1.796): a small price for the protection. We did not
# test whether it prevents the blow-up at the end of the book's published run, whose loss
# climbs from 1.30 to 14.6 in its last four epochs. As a second safety net, `tg.train`
# goes back to the last good epoch if the loss becomes NaN or more than doubles.
#
# **The schedule.** The book trains every epoch the same way: batches of 128 windows at a
# learning rate of 0.01. `tg.lesson_schedule` changes two things from epoch to epoch:
#
# - Epochs 1 to 3 use batches of 256 at the full learning rate: a fresh model learns most
#   from many steps, even noisy ones.
# - From epoch 4 on, batches hold 1,024 windows, and the learning rate shrinks by the same
#   factor at every epoch, down to a tenth of where it started in the last epoch. The
#   steps get shorter as the model gets closer to a minimum.
#
# The decay is spread over however many epochs you train, so every epoch still moves the
# weights: with `EPOCHS = 59`, the last epoch also runs at a tenth of the rate.

# %% tags=["nbval-ignore-output"]
print(inspect.getsource(tg.lesson_schedule))
for epoch in range(EPOCHS):
    size, factor = tg.lesson_schedule(epoch, EPOCHS)
    print(f"epoch {epoch + 1}: batch {size:5,d}, learning rate {0.01 * factor:.2g}")

# %% [markdown]
# `build_model` also makes two choices that only change how fast the model trains on a
# CPU, not what it computes; the appendix at the end of the lesson names them.

# %% [markdown]
# ## 6. Sampling, generation and the training loop, in code
#
# `sample` is the function behind step 3 of the loop: reweight by the temperature, then
# draw. Temperature 0 means greedy.

# %%
print(inspect.getsource(tg.sample))

# %% [markdown]
# The book's version draws with `np.random.multinomial`, which raises
# `ValueError: sum(pvals[:-1]) > 1.0` when the probabilities add up to a hair over 1; the
# book avoids it by converting them to float64 and renormalising first. Inverse-CDF
# sampling (draw a uniform number and find where it falls in the cumulative sum) has no
# such problem, and a character with probability 0 has an empty interval, so it can never
# be drawn.
#
# `tg.generate_text` runs the whole loop of section 1: it keeps the last `maxlen`
# characters, asks the model for the next distribution, samples and appends. It runs
# inside one compiled TensorFlow function and generates all temperatures at once, instead
# of calling `model.predict` once per character as the book does; the test suite checks
# that it computes the same distribution as calling the model on the window. It works with
# any Keras model that reads character windows (more layers, a GRU, an `Embedding`).
# Our model is untrained, so for now it writes noise (the seed is shorter than 60
# characters: `generate_text` pads it on the left with spaces):

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(SEED)
print(tg.generate_text(model, vocab, "the philosopher ", length=120, temperature=1.0, rng=rng))

# %% [markdown]
# **The training loop.** The book trains and writes in turns: one epoch of `fit`, then a
# sample at each temperature, again and again. Here is that loop, written out; change it
# as you like. We run it for one epoch on a new, throwaway model and a tenth of the windows,
# just to see it work:

# %% tags=["nbval-ignore-output"]
def fit_then_generate(model, x, y, epochs, seed_text, temperatures, length=100):
    """The book's loop: train one epoch, then write after seed_text at each temperature."""
    for epoch in range(1, epochs + 1):
        model.fit(x, y, batch_size=128, epochs=1, verbose=0)
        print(f"--- after epoch {epoch}, seed: {seed_text!r}")
        for t in temperatures:
            print(f"T = {t}: {tg.generate_text(model, vocab, seed_text, length, t)}")


throwaway = tg.build_model(vocab, maxlen=maxlen, units=128, learning_rate=0.01)
tenth = slice(0, len(x_train) // 10)
fit_then_generate(throwaway, x_train[tenth], y_train[tenth], epochs=1,
                  seed_text=val_text[:60], temperatures=[0.5, 1.0])
del throwaway

# %% [markdown]
# `tg.train` runs the same loop, with what a long run needs on top: after every epoch it
# saves the weights, the optimizer state, the history and the samples, so that an
# interrupted run resumes; it applies the schedule; it keeps the best weights by
# validation loss; and if the loss becomes NaN or more than doubles, it stops and goes
# back to the last good epoch. The samples come from
# `tg.SampleTextCallback`, a Keras callback that does the "then generate" half of the loop.

# %% [markdown]
# ## 7. Training, with samples after every epoch
#
# After each epoch the sampler continues the same 60 characters of the validation text
# (text the model never trains on) for 200 characters at temperatures 0.2, 0.5, 1.0 and
# 1.2. The seed and the random numbers are the same for every epoch, so the epochs can be
# compared. It keeps every epoch's samples and prints those of every second epoch.
#
# A small Keras callback, `keras.callbacks.LambdaCallback`, prints one line per epoch: its
# losses, its learning rate and how long it took.
#
# After every epoch `tg.train` saves the run in `runs/lesson/`. If you interrupt the cell
# (the ■ button, or Ctrl-C in a terminal) or the kernel dies, run the cell again: it
# resumes after the last finished epoch. When the run is complete, running the cell again
# just loads the result. To skip training, set `USE_PRETRAINED = True`: the cell then
# loads the pretrained model and the record of its training run (this notebook's own
# full run) instead.

# %%
USE_PRETRAINED = False

# %% tags=["nbval-ignore-output"]
import tempfile


def start_epoch(epoch, logs):
    start_epoch.time = time.monotonic()
    print(f"epoch {epoch + 1}/{EPOCHS}:", end=" ", flush=True)


def end_epoch(epoch, logs):
    print(f"loss {logs['loss']:.4f}, validation loss {logs['val_loss']:.4f}, "
          f"learning rate {logs['learning_rate']:.2g}, "
          f"{time.monotonic() - start_epoch.time:.0f} s")


if USE_PRETRAINED:
    model, vocab = tg.load_pretrained()
    result = tg.pretrained_run()
else:
    RUN_DIR = tempfile.mkdtemp() if QUICK else "runs/lesson"
    sample_seed = val_text[1000:1060]
    sampler = tg.SampleTextCallback(vocab, text, temperatures=[0.2, 0.5, 1.0, 1.2],
                                    length=200, seed_text=sample_seed, print_every=2,
                                    rng=np.random.default_rng(SEED))
    epoch_log = keras.callbacks.LambdaCallback(on_epoch_begin=start_epoch,
                                               on_epoch_end=end_epoch)
    result = tg.train(model, x_train, y_train, epochs=EPOCHS,
                      validation_data=(x_val, y_val), run_dir=RUN_DIR, sampler=sampler,
                      callbacks=[epoch_log], verbose=0)

# %% tags=["nbval-ignore-output"]
print(f"best epoch: {result['best_epoch']} of {result['epoch']}, validation loss "
      f"{result['best']:.4f} ({result['best'] / np.log(2):.3f} bits per character)")

# %% [markdown]
# The loss is in nats (natural logarithms); divided by $\ln 2$ it becomes bits per
# character, the average number of yes/no questions the model still needs to guess the
# next character. Always guessing uniformly among 57 characters would cost
# $\log_2 57 \approx 5.8$ bits. `model` now holds the weights of the best epoch, not those
# of the last one.

# %% [markdown]
# ## 8. What the samples show
#
# Every epoch's sample at temperature 0.5, all from the same seed, one line each
# (the first 100 characters, a newline shown as ↵):

# %% tags=["nbval-ignore-output"]
samples = result["samples"]
print(f"seed: {samples[0]['seed']!r}")
for s in samples:
    line = s["texts"]["0.5"][:100].replace("\n", "↵")
    print(f"epoch {s['epoch']:2d}{' (best)' if s['epoch'] == result['best_epoch'] else ''}: "
          f"{line}")

# %% [markdown]
# And the best epoch's samples at all four temperatures:

# %% tags=["nbval-ignore-output"]
best = next(s for s in samples if s["epoch"] == result["best_epoch"])
for temperature, generated in best["texts"].items():
    print(f"--- T = {temperature}:\n{generated}\n")

# %% [markdown]
# Read the list from the top. **After epoch 1** the model knows that words are short and
# separated by spaces, and little more: it repeats “to to to” and writes word-like strings
# such as “matien”. **After epoch 2** most short words are real, but the phrases go nowhere
# (“in the of the self-indereduted and the indeed”). **By epoch 4** the words are mostly
# spelled right and phrases of the corpus appear (“the sense of the superiority”). From
# epoch 5 on the samples change little, and the loss says the same (section 9): the
# validation loss falls by 0.07 from epoch 3 to 4, by 0.02 from 4 to 5, and by less than
# 0.01 per epoch after that (epoch 8 is even 0.0007 worse). `model` now holds epoch 7, the
# best.
#
# At the best epoch, each temperature keeps its character. At 0.2 the model returns to the
# same safe words (“the sense of the spirit and all the strength”, “the strange of the
# superition”). At 0.5 it chains real words into phrases that sound like Nietzsche and mean
# nothing (“the greatest to its will acquired”), with an invented word here and there
# (“subjict”). At 1.0 it invents words (“promated”, “phalings”), and at 1.2 it breaks them
# apart (“breaqorate”, “firehthic”).

# %% [markdown]
# ## 9. How good is the model, compared with what?
#
# A validation loss of 1.510 nats means little on its own. To give it a scale we score
# simpler predictors on exactly the same 20,010 validation targets (the character after
# each validation window), with the same metric: the mean of $-\ln P(\text{true next
# character})$, in nats and in bits. *Perplexity*, $e^{\text{loss}}$, says the same thing
# another way: the number of equally likely characters the predictor is, on average, as
# unsure as.
#
# - **Uniform**: every one of the 57 characters equally likely, $\ln 57 \approx 4.04$ nats.
# - **Unigram**: each character as frequent as it is in the training text (`e` and the
#   space often, `z` rarely), whatever came before.
# - **n-gram**: the probability of the next character given the $n - 1$ characters before
#   it, counted in the training text. Counts alone would give probability 0 to anything
#   unseen, so `tg.CharNGram` mixes each order with the one below it (interpolated
#   Kneser-Ney smoothing). It has no weights to train: fitting is counting.
# - **The every-position LSTM**: a network of the same kind, trained to predict the next
#   character after *every* position of its input, not only after the last one. It is
#   larger (256 units instead of 128, with dropout, trained with Adam for 42 minutes here)
#   and ships with `textgen_utils`, so the lesson does not train it.

# %% tags=["nbval-ignore-output"]
scores = {"uniform": float(np.log(len(vocab))), "unigram": None}
ngrams = {}
for order in range(1, 9):
    ngrams[order] = tg.CharNGram(order).fit(train_text, vocab)
    name = "unigram" if order == 1 else f"{order}-gram"
    scores[name] = ngrams[order].cross_entropy(x_val, y_val)
scores["the book's LSTM (section 7)"] = result["best"]
seq_model, seq_vocab = tg.load_pretrained(kind="every_position")
assert seq_vocab.chars == vocab.chars
scores["every-position LSTM (pretrained)"] = seq_model.evaluate(
    x_val, y_val, batch_size=1024, verbose=0, return_dict=True)["loss"]

print(f"{'predictor':34s} {'nats':>6s} {'bits':>6s} {'perplexity':>11s}")
for name, loss in scores.items():
    print(f"{name:34s} {loss:6.3f} {loss / np.log(2):6.3f} {np.exp(loss):11.2f}")

# %% [markdown]
# **Counting wins.** The 6-gram only counts which character follows each
# 5-character context in the training text, and it scores 1.364 nats, well below the book's
# LSTM (1.510); even the 5-gram (1.400) does better. Longer contexts help up to the 6-gram
# (5 characters of context) and then hurt: most contexts of 6 or 7 characters of the
# validation text are rare or absent in the training text, so their counts have little to
# go on.
#
# **Why the network loses.** The book's setup uses the text sparingly. Each 60-character
# window gives the network one target, the character after it, and windows start every 3
# characters: the 540,000 training characters give 180,000 targets. The n-gram learns from
# every position of the training text, and so does the every-position LSTM, which reads
# sequences with a target after every character (`tg.make_shifted_sequences` makes them).
# Given every position, the larger network of the same kind gets to 1.395: 0.115 nats
# better than the book's model. Not all of that gain comes from the extra targets: an
# every-position network of the book's size, trained for ten minutes, reached 1.502
# (`benchmarks/README.md`, `every_position.py`), so its size and longer training count too;
# we did not measure how much each contributes.
#
# It does not beat the 6-gram, though: it is still 0.031 nats behind. Its training record
# (`textgen_utils/pretrained/README.md`) shows why its training was stopped after epoch 22:
# after its best epoch, the 20th, its validation loss rose while its training loss kept
# falling, so more epochs only fitted the 540,000 training characters better. To beat the
# counts on this corpus, a network needs more than we gave it here: more text, or more
# regularisation against overfitting.
#
# The loss curves of our run, with the best epoch marked, the learning rate below, and
# the lines above for scale (the unigram lies above the scale: the legend names it):

# %% tags=["nbval-ignore-output"]
fig = tg.plot_history(result["history"], best_epoch=result["best_epoch"],
                      baselines={"unigram": scores["unigram"], "6-gram": scores["6-gram"],
                                 "every-position LSTM": scores[
                                     "every-position LSTM (pretrained)"]})
plt.show()

# %% [markdown]
# The validation loss falls fast for four epochs, then slowly, and is best at epoch 7
# (1.5101); in epoch 8 it is 0.0007 worse while the training loss keeps falling: it has
# stopped improving. Trained for longer, a model fits the training text better and better
# while the validation loss slowly rises: that is *overfitting*. The gap between the two
# curves is not by itself a sign of it: the training loss is an average over the epoch,
# taken while the weights were still changing (that is why it lies above the validation loss
# in epochs 1 and 2), and the validation text is another part of Nietzsche's text, its last
# chapters. From epoch 4 the learning rate shrinks by the same factor every epoch, to 0.001
# in the last one, so every epoch still changes the weights.
#
# This is why the lesson stops at 8 epochs. An earlier run of this lesson trained for 60
# epochs, with a learning rate that shrank by a quarter every epoch from the 4th; its best
# epoch was also the 7th (1.5141), and none of the 53 epochs after it did better
# (`textgen_utils/pretrained/README.md`, `benchmarks/README.md`). Its learning rate was
# small by then, so that run shows that smaller steps did not help; it does not show what
# larger ones would have done.
#
# What the numbers mean on the page: the three predictors continue the same seed at
# temperature 0.5.

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(SEED)
print(f"seed: {sample_seed if not USE_PRETRAINED else seed_line!r}\n")
seed_for_all = sample_seed if not USE_PRETRAINED else seed_line
for name, write in [
        ("6-gram", lambda: ngrams[6].generate(seed_for_all, 200, 0.5, rng=rng)),
        ("the book's LSTM", lambda: tg.generate_text(model, vocab, seed_for_all, 200, 0.5,
                                                     rng=rng)),
        ("every-position LSTM", lambda: tg.generate_text(seq_model, seq_vocab, seed_for_all,
                                                         200, 0.5, rng=rng))]:
    print(f"--- {name}:\n{write()}\n")

# %% [markdown]
# At temperature 0.5 the three are hard to tell apart by eye: all write
# mostly real words, in phrases that sound like the corpus and mean nothing. The table says
# that the 6-gram and the every-position model predict the next character better, not that
# their sentences make more sense. Section 10 counts what the eye can only guess.

# %% [markdown]
# ## 10. Temperature, in numbers
#
# Section 8 judged the samples by eye. Three numbers judge them by count, on 300
# characters written after each of 10 seeds from the validation text:
#
# - **known words**: the share of the generated words that occur in the training text
#   (invented words such as "philosophical-s" lower it);
# - **distinct pairs**: the number of different pairs of neighbouring words, as a share of
#   all such pairs (repetition lowers it: "the sense of the sense of" has five pairs, of
#   which three are different);
# - the cross-entropy of the text under the 6-gram, in nats: how ordinary the text looks
#   to a counting model.
#
# We compare temperatures from 0 (greedy) to 1.5 with the two truncations that cut the
# unlikely tail instead of reshaping the whole distribution: **top-k** keeps the k most
# likely characters, and **top-p** (nucleus) sampling keeps the smallest set of most likely
# characters whose probabilities add up to at least p; both then renormalise and sample at
# $T = 1$. The real continuations of the same seeds are the reference.

# %% tags=["nbval-ignore-output"]
known = tg.corpus_words(train_text)
n_seeds = 3 if QUICK else 10
starts = np.random.default_rng(0).choice(len(val_text) - 360, n_seeds, replace=False)
seeds = [val_text[s:s + 60] for s in starts]
settings = ([{"temperature": t} for t in [0, 0.2, 0.5, 0.8, 1.0, 1.2, 1.5]]
            + [{"top_k": 5}, {"top_p": 0.5}, {"top_p": 0.8}, {"top_p": 0.95}])
quality = tg.compare_sampling(model, vocab, seeds, settings, known, length=300,
                              ngram=ngrams[6])
reference = tg.reference_quality([val_text[s + 60:s + 360] for s in starts], known,
                                 ngrams[6])
print(f"{'setting':12s} {'known words':>11s} {'distinct pairs':>14s} {'6-gram nats':>11s}")
for row in [*quality, {"label": "real text", **reference}]:
    print(f"{row['label']:12s} {row['known_words']:11.3f} {row['distinct_2']:14.3f} "
          f"{row['cross_entropy']:11.3f}")
fig = tg.plot_quality(quality, reference)
plt.show()

# %% [markdown]
# Temperature trades one number for the other. Greedy decoding writes almost
# only known words (0.983), but only 8% of its word pairs are distinct: it loops, as in
# section 2. Raising the temperature makes the text more varied and the words worse: 0.914
# known words and 0.899 distinct pairs at 0.5, 0.708 and 0.992 at 1.0, and at 1.5 fewer than
# half of the words exist (0.429). The real text (the star) has 0.890 and 0.983. No
# temperature reaches it: those as varied as the real text, from 0.8 up, write fewer known
# words (0.805 at 0.8).
#
# Truncation lands on or a little above the temperature curve. Top-p 0.5 writes more known
# words than T = 0.5 (0.953 against 0.914) with a little less variety (0.884 against 0.899
# distinct pairs); top-p 0.8 and top-k 5 lie close to the curve between T = 0.5 and T = 0.8.
# Ten texts of 300 characters are a small sample, though: in a larger measurement with the
# same model (20 seeds, 400 characters each; `benchmarks/README.md`, `quality.py`), top-p
# 0.8 kept 0.866 known words at 0.962 distinct pairs, where the temperature curve gives
# about 0.82. Cutting the tail removes some of the misspellings that temperature keeps, but
# no setting matches the real text on both counts. The last column tells the same story: the
# real text costs the 6-gram 1.534 nats per character; greedy text looks far more ordinary
# to it (0.740) and text at T = 1.5 far less (3.017). Which setting reads best is a matter
# of taste and purpose: always try several.
#
# Here are T = 1.0 and top-p 0.8 on the same seed, with the same random numbers:

# %% tags=["nbval-ignore-output"]
by_label = {row["label"]: row for row in quality}
print(f"seed: {seeds[0]!r}\n")
for label in ["T = 1.0", "top-p 0.8"]:
    print(f"--- {label}:\n{by_label[label]['texts'][0]}\n")

# %% [markdown]
# Both start alike (the same random numbers), then part ways. At T = 1.0 the
# model soon invents words (“noomanic”, “inventatooly”, “agbatarl”); top-p 0.8, which
# never draws from the unlikely tail, invents fewer (“huealy”, “allorded”).
#
# ### Where the model is surprised
#
# The loss is an average over characters. The *surprisal* of one character,
# $-\log_2 P(\text{character} \mid \text{what came before})$ in bits, shows where that
# average comes from. Here it is for each character of a passage of the validation text
# (the model reads the 60 characters before the passage first):

# %% tags=["nbval-ignore-output"]
passage = val_text[2060:2300]
bits = tg.surprisal(model, vocab, passage, context=val_text[2000:2060])
fig = tg.plot_surprisal(passage, bits)
plt.show()
print(f"mean: {bits.mean():.2f} bits per character")
for i in np.argsort(-bits)[:5]:
    around = passage[max(i - 12, 0):i] + f"[{passage[i]}]" + passage[i + 1:i + 3]
    print(f"{bits[i]:5.1f} bits: {passage[i]!r} in {around.replace(chr(10), '↵')}")

# %% [markdown]
# The model is least sure where a word begins: the first letter of a word is often orange or
# red, while the rest of a word, once begun, is mostly pale. Among the darkest cells are
# characters that are rare in the corpus, such as the opening bracket and the quotation mark
# (8.9 and 8.8 bits), and the `z` of "chastizes" (8.2); others are ordinary letters in an
# unexpected place, such as the first `f` of "effect" (8.4). The mean, 2.04 bits per
# character, is close to the model's validation loss (2.18 bits); this passage is a little
# easier than the average one.
#
# ### Try it yourself
#
# Move the slider to write with the pretrained model at another temperature (it needs
# `ipywidgets`, which Colab and JupyterLab have; the same seed and random numbers every
# time, so only the temperature changes):

# %% tags=["nbval-ignore-output"]
def write_at(temperature=0.5):
    print(tg.generate_text(pretrained, pretrained_vocab, seed_line, length=300,
                           temperature=temperature, rng=np.random.default_rng(SEED)))


try:
    import ipywidgets
except ImportError:
    print("The slider needs ipywidgets (pip install ipywidgets). Here is T = 0.5:")
    write_at(0.5)
else:
    ipywidgets.interact(write_at, temperature=ipywidgets.FloatSlider(
        value=0.5, min=0.0, max=1.5, step=0.1, continuous_update=False))

# %% [markdown]
# ## 11. Conclusions
#
# - A language model predicts the next token from the previous ones; generating text is
#   a loop of predict, choose, append, whether the tokens are characters, words, notes or
#   pen strokes.
# - How you choose matters as much as the model. Greedy decoding repeats itself; sampling
#   at temperature 1 invents words; lower temperatures and top-p trade variety for words
#   that exist. Which balance reads best is a matter of taste and purpose, so always try
#   several.
# - Measure against a baseline. The book's network learns spelling, punctuation and the
#   surface of the style, but counting which character follows each
#   5-character context of the training text predicts better (1.364 nats against 1.510).
#   A larger LSTM trained on every position gets close to the counts (1.395), without
#   beating them on this corpus.
# - The model has no idea what it says. It has learned which characters tend to follow
#   which, nothing about the world the words describe, and its text means something only
#   to us. That it works at all says something about language: text is full of
#   statistical regularities. Imagine a language so efficiently packed that every next
#   character were equally likely whatever came before, like a perfectly compressed file:
#   it could carry just as much meaning, yet no language model could learn anything from
#   it.
#
# ### The pretrained models
#
# `tg.load_pretrained()` returns the best epoch of this notebook's own full run
# (`textgen_utils/pretrained/README.md` tells how it was trained), and from the command
# line `python -m textgen_utils generate --seed "..."` writes with it.
# `tg.load_pretrained(kind="every_position")` returns the every-position model of
# section 9.
#
# ### Your own corpus
#
# Any UTF-8 text works: `tg.load_corpus("my_text.txt")` in this notebook, or from a
# terminal `python -m textgen_utils train --corpus my_text.txt`. Aim for at least a few
# hundred thousand characters; with less, the model memorises instead of generalising
# (watch the validation loss rise while the training loss falls).

# %% [markdown]
# ## Exercises
#
# Exercises 1 to 5 end with a check: run it with your answer in place of `None`. It says
# whether the answer is right (and returns `True`) or, if not, raises an error that says
# what looks wrong. Each one also has a solution
# in `textgen_utils.exercises` that you can reveal.
#
# **1. A temperature by hand.** Reweight the distribution $p = (0.5, 0.3, 0.2)$ at
# $T = 0.5$ with the formula of section 2, using only NumPy (not
# `tg.reweight_distribution`).

# %%
answer_1 = None  # your three probabilities, e.g. np.array([...])
right = exercises.check_temperature(answer_1)

# %% [markdown]
# <details><summary>Solution</summary>
#
# `exercises.solution_temperature()` computes it; read its code with
# `print(inspect.getsource(exercises.solution_temperature))`.
# </details>
#
# **2. An entropy.** What is the entropy, in bits, of your answer to exercise 1? Compare
# it with the entropy of $p$ itself.

# %%
answer_2 = None  # a number of bits
right = exercises.check_entropy(answer_2)

# %% [markdown]
# <details><summary>Solution</summary>
#
# `exercises.solution_entropy()`; its code: `inspect.getsource(exercises.solution_entropy)`.
# </details>
#
# **3. A deeper model.** How many parameters does the lesson's model have with two
# `LSTM(128)` layers stacked (the first with `return_sequences=True`, so that the second
# reads its output at every step) before the dense layer? Work it out from the equations
# of section 5, then check your number by building the model with Keras layers.

# %%
answer_3 = None  # a whole number
right = exercises.check_stacked_params(answer_3)

# %% [markdown]
# <details><summary>Solution</summary>
#
# `exercises.solution_stacked_params()`; its code:
# `inspect.getsource(exercises.solution_stacked_params)`. Such a model trains with
# `tg.train` and writes with `tg.generate_text` like the lesson's.
# </details>
#
# **4. Your own top-p sampler.** Write `my_top_p(model, vocab, seed_text, length, top_p,
# rng)`, which returns `length` new characters, each drawn from the model's distribution
# (`tg.next_char_probs`) cut to its top-p nucleus (`tg.truncate_distribution(p,
# top_p=top_p)`, then `tg.sample` at $T = 1$). The check runs it with `top_p=0.8` on four
# validation seeds and passes when its text has a higher share of known words than
# `tg.generate_text` at $T = 1$ (about a minute).

# %% tags=["nbval-ignore-output"]
my_top_p = None  # your function
right = exercises.check_top_p(my_top_p, pretrained, pretrained_vocab, seeds[:4], known)

# %% [markdown]
# <details><summary>Solution</summary>
#
# `exercises.solution_top_p`; its code: `inspect.getsource(exercises.solution_top_p)`.
# </details>
#
# **5. A shorter memory.** Train the lesson's model with `maxlen=20` instead of 60 (in a new
# `run_dir`, say `runs/maxlen20`: in `runs/lesson`, `tg.train` would just load the finished
# run) and pass its best validation loss to the check, which knows the range our runs
# reached. Is the loss higher or lower than with 60 characters (on its own validation
# windows, so the targets differ slightly), and how do the samples differ? Shorter windows
# also train faster: about 5 minutes here.

# %%
answer_5 = None  # the best validation loss of your maxlen=20 run
right = exercises.check_short_maxlen(answer_5, maxlen=20)

# %% [markdown]
# <details><summary>Solution</summary>
#
# `exercises.solution_short_maxlen(train_text, val_text, vocab)` trains it and returns the
# best validation loss; its code: `inspect.getsource(exercises.solution_short_maxlen)`.
# In our two runs the loss was lower than with 60 characters (1.500 and 1.501, against
# 1.510): a hint that this network, trained on one target per window, makes little use of
# the characters far back.
# </details>
#
# **6. Another text.** Train on the source code of `textgen_utils` itself (its files are
# in `os.path.dirname(tg.__file__)`). It is less than half the size of the corpus, so
# expect overfitting. Which patterns does the model pick up first?

# %% [markdown]
# ## Appendix: why training is fast on a CPU with few cores
#
# Two choices in `build_model` change how fast the model trains, not what it computes
# (the tests check that the predictions and gradients are the same). On a CPU the LSTM is
# *unrolled*: its 60 steps become one straight graph instead of a loop. On a GPU it stays
# a loop, so that Keras can use NVIDIA's fast cuDNN kernel (`build_model(device=...)`
# chooses; `"auto"` looks at the machine). And each training batch runs as two halves that
# TensorFlow can give one core each, with `tg.configure_threads()` setting the threads to
# match. The measurements, and the book's loop timed against ours in one run, are in
# `benchmarks/README.md` in the course repository
# (https://github.com/textgen-course/char-lstm-course/blob/main/benchmarks/README.md).

# %% tags=["nbval-ignore-output"]
print(f"This notebook ran for {(time.monotonic() - LESSON_START) / 60:.1f} minutes "
      "(from the setup cell to here).")
