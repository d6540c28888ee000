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
# ships with this course; for the key steps, sampling and generation, the lesson prints
# the source, so what you read is the code that the tests check.
#
# The plan:
#
# 1. how a language model generates sequences;
# 2. how to choose the next character: greedy or random, and the softmax temperature;
# 3. the corpus;
# 4. turning text into arrays;
# 5. the model;
# 6. the sampling and generation code;
# 7. the training loop, with samples after every epoch;
# 8. what the results show;
# 9. conclusions, and where to go next.

# %% [markdown]
# ## Setup
#
# The next cell installs `textgen_utils` when it is missing, for example on Google
# Colab. On your own machine, `pip install -e ".[dev]"` in the repository has done this
# already and the cell does nothing.
#
# What the program prints (progress bars, and words such as "temperature" or "best
# epoch") is in English in every edition of this course: all five languages run the same
# code and show the same outputs.

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
# **Full or quick.** The full lesson trains for 60 epochs on the whole corpus. On our
# two-core test machine, in the run whose output is stored in section 7, the first three
# epochs took two to two and a half minutes each and the others 82 to 99 seconds: an hour
# and a half in all (see `benchmarks/README.md`). Quick mode runs the very same cells but
# trains on only the first 60,000 characters of the training text, for 2 epochs, in about
# two minutes (the vocabulary and the validation text still come from the whole corpus): the
# test suite uses it to check that every cell still works. Set the environment variable
# `TEXTGEN_QUICK=1` before starting Jupyter to get it; the numbers that depend on training
# will then be worse, everything else is identical.

# %% tags=["nbval-ignore-output"]
import os

QUICK = os.environ.get("TEXTGEN_QUICK") == "1"
EPOCHS = 2 if QUICK else 60
TRAIN_CHARS = 60_000 if QUICK else None  # None: the whole training text
SEED = 2024  # fixes the initial weights, the seed texts of the samples and the sampling
print(f"{'Quick' if QUICK else 'Full'} mode: {EPOCHS} epochs.")

# %% [markdown]
# TensorFlow prints a few lines about the hardware when it starts; the environment
# variable below hides them.
# `tg.configure_threads()` gives TensorFlow the threads that suit a small CPU (section 5
# explains why); it has to come before TensorFlow computes anything.

# %% tags=["nbval-ignore-output"]
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import inspect

import keras
import matplotlib.pyplot as plt
import numpy as np

import textgen_utils as tg

tg.configure_threads()
keras.utils.set_random_seed(SEED)

# %% [markdown]
# ## 1. How a language model generates sequences
#
# A *language model* gives, for any beginning of a text, a probability for every token
# that could come next. Here a token is a single character, so the model answers
# questions like: after `"the will to powe"`, how likely is `"r"`? And `"n"`? And a space?
#
# Generating text with such a model is a loop:
#
# 1. give the model the text so far (its last 60 characters, in our case);
# 2. get a probability distribution over the next character;
# 3. pick one character from that distribution;
# 4. append it to the text and go back to step 1.
#
# The same loop writes with word-level models, or with the sub-word tokens of the large
# language models behind today's chat assistants, machine translation and code
# completion. Characters keep our vocabulary tiny (57 symbols instead of tens of
# thousands of words) and let the model invent words it never saw; the price is that it
# must learn spelling before it can learn anything else, and that 60 characters are only
# a dozen words of context.
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
# the loop easily ends up in a cycle.
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
# zeros, which would give 0/0 = NaN; and
# `log(0)` stays a silent `-inf` (a character with probability 0 keeps probability 0).
#
# Now a real distribution: what the trained model expects after a line of our corpus.
# Each panel shows the 15 most likely characters after reweighting, and the title gives
# the entropy of the whole distribution.

# %%
seed_line = "the philosopher has to be the bad conscience of his age, and "
p = tg.next_char_probs(pretrained, pretrained_vocab, seed_line)
fig = tg.plot_temperatures(p, [0.2, 0.5, 1.0, 1.2], labels=pretrained_vocab.chars)
plt.show()
for t in [0.2, 0.5, 1.0, 1.2]:
    q = tg.reweight_distribution(p, t)
    top = pretrained_vocab.chars[q.argmax()]
    print(f"T = {t}: entropy {tg.entropy(q):.2f} bits, most likely {top!r} with {q.max():.2f}")

# %% [markdown]
# At 0.2 almost all the mass sits on one or two characters; at 1.2 many more characters
# get a real chance. In section 8 we will read what each of these four temperatures
# writes.

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
# The network cannot read characters, only numbers. The vocabulary gives each distinct
# character an integer id, in sorted (Unicode code point) order:

# %%
vocab = tg.CharVocab.from_text(text)
print(f"{len(vocab)} characters:", "".join(vocab.chars))
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
# Where the 102,585 parameters come from: for each of its 128 units the LSTM computes
# four values (its input, forget and output gates, and a candidate for its memory cell),
# each with a weight for every input (57) and every unit's previous output (128), plus a
# bias: $4 \times 128 \times (57 + 128 + 1) = 95{,}232$. The dense layer has
# $128 \times 57 + 57 = 7{,}353$.
#
# Training uses **RMSprop** with a learning rate of 0.01 and **categorical
# cross-entropy**, the negative log-probability the model gave to the true next
# character. Because our targets are ids, `build_model` compiles the model with its "sparse"
# form, `sparse_categorical_crossentropy`: same value, no one-hot targets.

# %%
print(f"parameters: {model.count_params():,}")
print(f"{type(model.optimizer).__name__}, learning rate {float(model.optimizer.learning_rate):g}, "
      f"clipnorm {model.optimizer.clipnorm}")
print("loss:", model.loss)

# %% [markdown]
# **Why `clipnorm=1.0`.** Gradient clipping looks at the gradient of each weight tensor
# before the optimizer uses it: if its norm is above 1.0, it is scaled down to norm 1.0,
# and smaller gradients pass unchanged. It protects against a single unusually large
# gradient throwing the weights far from where they were, the kind of accident that ends
# the book's published run: after 55 epochs at a loss of 1.30, it climbs to 1.60, 4.73,
# 12.60 and 14.57 in its last four. We
# measured what it does (`benchmarks/README.md`). Once training has settled it does
# nothing: at epoch 42 of a 60-epoch run, no gradient norm in 50 sampled batches came
# above 0.51. At ten times
# the lesson's learning rate, though, it matters: without clipping the first epoch ends
# with a loss of 7.0, worse than guessing uniformly (4.04); with it, at 2.8.
# It cannot fix everything: at twenty times the learning rate neither version learns. So,
# as a second safety net, `tg.train` stops and returns to the last good epoch if the loss
# ever becomes NaN or more than doubles.
#
# The LSTM is also *unrolled*: its 60 steps become one straight graph instead of a loop.
# It computes exactly the same thing, and trains faster on a CPU.
#
# **Two halves per batch.** `build_model` returns a `tg.SplitBatchModel`, a Keras model with
# one change to how it trains: it runs each training batch, and each batch of the validation
# after an epoch, through its layers as two halves and joins the results. The two halves
# do not wait for each other, so TensorFlow can give each its own core. On a machine with
# one or two cores, `tg.configure_threads()` (in the setup cell) asks TensorFlow for one
# thread per operation and two operations at a time, which suits this. The loss, the
# gradients and the new weights are those of the whole batch (the tests check it). On our
# two-core test machine this trained 28% to 35% more sequences per second than whole
# batches, and validated in about two thirds of the time. Predicting and generating use
# the model as it is.
#
# **The training schedule.** The book trains every epoch the same way: batches of 128
# sequences at a learning rate of 0.01. We change two things from one epoch to the next,
# and `tg.lesson_schedule` says what each epoch gets:
#
# - Epochs 1 to 3 use batches of 256 at the full learning rate. A fresh model learns most
#   from many steps, even noisy ones.
# - From epoch 4 on, batches hold 1,024 sequences. A two-core CPU gets through 1.2 to 1.4
#   times more sequences per second this way, but an epoch has four times fewer steps.
# - From epoch 4 on, the learning rate is also cut by a quarter at every epoch. The steps
#   get shorter and the model settles into a good minimum instead of jumping around it.
#
# The model is the same; only how it is trained changes. We measured both in one run
# (`benchmarks/README.md`). On a faster two-core machine than the one of section 7, a
# lesson epoch (training plus the four samples) took 40 seconds, against 177 for the
# book's code (the median epoch of each). After 10 epochs the validation loss was 1.520,
# against the book's 1.564.

# %%
print(inspect.getsource(tg.lesson_schedule))
for epoch in [0, 2, 3, 4, 9, 19, 59]:
    size, factor = tg.lesson_schedule(epoch)
    print(f"epoch {epoch + 1:2d}: batch {size:5,d}, "
          f"learning rate {float(model.optimizer.learning_rate) * factor:.2g}")

# %% [markdown]
# ## 6. Sampling and generation, in code
#
# `sample` is the function behind step 3 of the loop: reweight by the temperature, then
# draw. Temperature 0 means greedy.

# %%
print(inspect.getsource(tg.sample))

# %% [markdown]
# The book's version draws with `np.random.multinomial`, which raises
# `ValueError: sum(pvals[:-1]) > 1.0` when the probabilities add up to a hair over 1. The
# book converts them to float64 and renormalises first, which avoids it; copies that drop
# that conversion can crash on the model's float32 output, and `np.log` warns whenever a
# probability is exactly 0. Inverse-CDF sampling (draw a uniform number and find where it falls in
# the cumulative
# sum) has no such problem, and a character with probability 0 has an empty interval,
# so it can never be drawn.
#
# `generate_text` runs the whole loop. Calling `model.predict` once per character, as
# the book does, costs about 70 ms of overhead for each character: 2 minutes per epoch
# for 4 × 400 characters. Instead, `generate_text` runs the loop inside one compiled
# TensorFlow function, generating all temperatures at once. Its core is the LSTM applied
# to the last `maxlen` characters, with the model's own weights:

# %%
from textgen_utils import generation

print(inspect.getsource(generation._lstm_step))
print(inspect.getsource(generation._window_log_probs))

# %% [markdown]
# and the same inverse-CDF draw as `sample`, written with TensorFlow operations:

# %%
print(inspect.getsource(generation._choose))

# %% [markdown]
# The test suite checks that this computes the same distribution as calling the Keras
# model on the window (to within 1e-5) and that, given the same random numbers, it picks
# the same characters as the book's loop. Our model is untrained, so for now it writes
# noise. (The seed is shorter than 60 characters: `generate_text` pads it on the left with
# spaces.)

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(SEED)
print(tg.generate_text(model, vocab, "the philosopher ", length=120, temperature=1.0, rng=rng))

# %% [markdown]
# ## 7. Training, with samples after every epoch
#
# After each epoch, `SampleTextCallback` picks a random 60-character seed from the
# corpus and continues it for 400 characters at temperatures 0.2, 0.5, 1.0 and 1.2. All
# four start from the same seed, so the temperatures can be compared side by side.
#
# `tg.train` wraps `model.fit`. After every epoch it saves the weights, the optimizer
# state, the history and the samples in `runs/lesson/`. If you interrupt the cell
# (the ■ button, or Ctrl-C in a terminal) or the kernel dies, run the cell again: it
# resumes after the last finished epoch. When the run is complete, running the cell
# again just loads the result. The best weights by validation loss are kept, and
# loaded into `model` at the end.
#
# In full mode this takes about an hour and a half. To skip it, set
# `USE_PRETRAINED = True`: the cell then loads the pretrained model and the record of its
# training run (its loss history and the samples of all 60 epochs) instead of training.

# %%
USE_PRETRAINED = False

# %% tags=["nbval-ignore-output"]
import tempfile

if USE_PRETRAINED:
    model, vocab = tg.load_pretrained()
    result = tg.pretrained_run()
else:
    RUN_DIR = tempfile.mkdtemp() if QUICK else "runs/lesson"
    sampler = tg.SampleTextCallback(vocab, text, temperatures=[0.2, 0.5, 1.0, 1.2],
                                    length=400, rng=np.random.default_rng(SEED))
    result = tg.train(model, x_train, y_train, epochs=EPOCHS,
                      validation_data=(x_val, y_val), run_dir=RUN_DIR, sampler=sampler)

# %% tags=["nbval-ignore-output"]
print(f"best epoch: {result['best_epoch']}, validation loss {result['best']:.4f} "
      f"({result['best'] / np.log(2):.3f} bits per character)")

# %% [markdown]
# The loss is in nats (natural logarithms); divided by $\ln 2$ it becomes bits per
# character, the average number of yes/no questions the model still needs to guess the
# next character. Always guessing uniformly among 57 characters would cost 5.8 bits.

# %% tags=["nbval-ignore-output"]
fig = tg.plot_history(result["history"])
plt.show()

# %% [markdown]
# ## 8. What the results show
#
# Here are the samples of a few epochs, at each temperature, after their seed (in the
# stored notebook: the lesson's own full run).

# %% tags=["nbval-ignore-output"]
samples = result["samples"]
shown = sorted({0, len(samples) // 3, 2 * len(samples) // 3, len(samples) - 1})
for s in [samples[i] for i in shown]:
    print(f"=== epoch {s['epoch']}, seed: {s['seed']!r}")
    for temperature, generated in s["texts"].items():
        print(f"--- temperature {temperature}:\n{generated}\n")

# %% [markdown]
# Read the samples from the top; each block starts with its epoch and its seed.
#
# **After epoch 1** the model knows which letters are frequent and that words are separated
# by spaces, but not much more. At 0.2 it is stuck in a loop on its likeliest word,
# “to to to to to”; at 1.0 it writes word-shaped strings such as “expentount” and
# “veaver”, and at 1.2 even less pronounceable ones (“gronmwbe”).
#
# **After epoch 21** most words are spelled correctly and the sentences have the rhythm of
# Nietzsche's prose. Temperature 0.2 no longer repeats one word, but it keeps coming back
# to the same safe ones: “the sense of the sense of the first”, “the superiority of the
# sense”. At 0.5 the text is the most readable: “the spirit has been strength, and
# philosophical such a spirit” sounds like Nietzsche without meaning anything, next to
# invented words such as “disintrong” and “compalse”. At 1.0 the model even imitates the
# numbered aphorisms of *Beyond Good and Evil*, the book our corpus comes from (“26w. we do
# so naturans”), and at 1.2 many words fall apart (“immexorda”).
#
# **After epoch 41**, and in the last block (epoch 60), the samples are no better than after
# epoch 21: the model has hardly changed since. Temperature 0.2 piles up the same safe
# words (“the sense of the sense of the sense of the sense”), 0.5 still chains real words
# into phrases that only look meaningful (“the philosopher who has have a stronger of the
# condition of the sympathy”) next to invented words such as “flutiving” and
# “mersonation”, and 1.2 still breaks words apart (“shorkdouhy”, “lawnrqualy”).

# %% [markdown]
# **The loss curves** above tell the rest. The validation loss falls fast for about five
# epochs and reaches its best at epoch 7 (printed above). After that it creeps up, by 0.025
# in all, while the training loss keeps falling a little: the model gets better at
# the 90% of the text it trains on, not at text it has never seen. This is *overfitting*,
# and it is why `tg.train` keeps the best epoch: its weights are back in `model` now, not
# those of the last epoch. Dropout and a larger corpus are the usual remedies; they go
# beyond this lesson.
#
# Both curves flatten because of the schedule of section 5. By epoch 21 the learning rate
# is below 0.0001, less than a hundredth of where it started, and each later epoch takes
# steps a quarter shorter than the one before. Trained at a constant learning rate (batch
# 256 throughout, this course's earlier setting), the same model kept drifting: its
# validation loss climbed from 1.572 at its best to 1.607 at epoch 60
# (`benchmarks/README.md`), and the book's published run even diverges in its last epochs.
# With the schedule the last 40 epochs change little. We keep 60 to follow the book, but
# with `EPOCHS = 20` (in the code cell after **Full or quick**) this run would have ended
# with the same best epoch, in about a third of the time.
#
# At every epoch, the temperatures keep their character: 0.2 repeats itself, 0.5 reads
# best, 1.0 invents words and 1.2 breaks them.

# %% [markdown]
# ## 9. Conclusions and going further
#
# - A language model predicts the next token from the previous ones; generating text is
#   a loop of predict, choose, append.
# - How you choose matters as much as the model: greedy is repetitive, sampling at
#   temperature 1 is erratic, and the temperature moves between the two.
# - A 100,000-parameter LSTM trained on 540,000 characters (90% of the corpus) learns
#   to spell most common words, to punctuate, and the surface of the style, but no meaning.
#
# ### The pretrained model
#
# `tg.load_pretrained()` returns the best epoch (epoch 7, validation loss 1.5141) of this
# notebook's own full run (`textgen_utils/pretrained/README.md` tells how it was trained),
# and from the command line `python -m textgen_utils generate --seed "..."` writes with it.

# %% tags=["nbval-ignore-output"]
for t, generated in zip([0.2, 0.5, 1.0, 1.2],
                        tg.generate_text(pretrained, pretrained_vocab, seed_line, length=200,
                                         temperature=[0.2, 0.5, 1.0, 1.2],
                                         rng=np.random.default_rng(SEED))):
    print(f"--- temperature {t}:\n{seed_line}{generated}\n")

# %% [markdown]
# ### Top-k and nucleus sampling
#
# Temperature reshapes the whole distribution. Two popular alternatives cut off its
# unlikely tail instead and renormalise what is left: **top-k** keeps the k most likely
# characters; **nucleus** (top-p) sampling keeps the smallest set of most likely
# characters whose probabilities add up to at least p. The tail is where the model's rare
# nonsense lives, so truncation can remove most of the misspellings of high
# temperatures while keeping the variety. Compare on the distribution of section 2:

# %%
for label, q in [("T = 1.0", tg.reweight_distribution(p, 1.0)),
                 ("T = 0.5", tg.reweight_distribution(p, 0.5)),
                 ("top-k, k = 5", tg.truncate_distribution(p, top_k=5)),
                 ("nucleus, p = 0.9", tg.truncate_distribution(p, top_p=0.9))]:
    print(f"{label:17s} {np.count_nonzero(q > 1e-3):2d} characters above 0.001, "
          f"entropy {tg.entropy(q):.2f} bits")

# %% [markdown]
# ### Your own corpus
#
# Any UTF-8 text works: `tg.load_corpus("my_text.txt")` in this notebook, or from a
# terminal `python -m textgen_utils train --corpus my_text.txt`. Aim for at least a few
# hundred thousand characters; with less, the model memorises instead of generalising
# (watch the validation loss rise while the training loss falls).
#
# ### Exercises
#
# 1. Generate 400 characters with the pretrained model at temperatures 0, 0.2 and 2.0.
#    Describe what goes wrong at each end.
# 2. Write a generation loop that samples with `truncate_distribution(p, top_p=0.9)`
#    (use `tg.next_char_probs` for `p`). Compare it with temperature 0.5.
# 3. Train with `maxlen=20` instead of 60, in a new `run_dir` (say `runs/maxlen20`):
#    in `runs/lesson`, `tg.train` would just load the finished run. What happens to the
#    validation loss, and to the samples?
# 4. Train on a different text, for example the source code of `textgen_utils` itself
#    (its files are in `os.path.dirname(tg.__file__)`). It is only about 60,000
#    characters, so expect overfitting. Which patterns does the model pick up first?
# 5. Replace `LSTM(128)` by two stacked LSTM layers of 128 units, building the model
#    yourself with Keras layers. `generate_text` and `SampleTextCallback` handle only the
#    lesson's one-LSTM model, so pass `sampler=None` to `tg.train` and generate with a
#    loop of `model.predict` and `tg.sample`, as the book does. Is the extra training
#    time worth it?
