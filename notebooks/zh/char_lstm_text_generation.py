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
# # 用字符级 LSTM 生成文本
#
# 本课取材于弗朗索瓦·肖莱（François Chollet）所著《Python深度学习》（*Deep Learning with Python*，下文简称“原书”）中的经典案例，并针对当前版本的 Keras 做了重写。一个小型循环神经网络会阅读尼采《善恶的彼岸》的英译本（*Beyond Good and Evil*），每次读 60 个字符，而它只学一件事：猜出下一个字符。然后，我们让它自己动笔写作。没有人告诉它什么是单词、句子在哪里结束、逗号该怎么用；到训练结束时，它仅凭文本本身就学会了其中的很大一部分。
#
# 你需要具备 Keras 的基础知识：层、`compile`、`fit`。其余内容都会在学习过程中逐一讲解。辅助函数来自 `textgen_utils`，这是本课程附带的一个经过测试的小型软件包；对于采样和生成这两个关键步骤，本课会打印出它们的源代码，因此你读到的正是测试所检查的那份代码。
#
# 本课的安排如下：
#
# 1. 语言模型如何生成序列；
# 2. 如何选择下一个字符：贪婪还是随机，以及 softmax 温度；
# 3. 语料库；
# 4. 把文本转换成数组；
# 5. 模型；
# 6. 采样与生成的代码；
# 7. 训练循环，每个轮次（epoch）结束后生成样本；
# 8. 结果说明了什么；
# 9. 结论，以及下一步可以做什么。

# %% [markdown]
# ## 环境准备
#
# 如果缺少 `textgen_utils`（例如在 Google Colab 上），下一个单元格会安装它。在你自己的电脑上，你在仓库中执行 `pip install -e ".[dev]"` 时就已经装好了它，因此这个单元格什么也不做。
#
# 程序打印的内容（进度条，以及“temperature”或“best epoch”之类的字样）在本课程的所有语言版本中都保持英文：各个版本运行的是同一份代码，输出也完全相同。

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
# **完整模式与快速模式**。完整的课程在整个语料库上训练 60 个轮次。第 7 节保存的输出来自我们在双核测试机上的一次运行：其中前三个轮次每个耗时两分钟到两分半钟，其余轮次每个耗时 82 到 99 秒，总共一个半小时（见 `benchmarks/README.md`）。快速模式运行的是完全相同的单元格，但只用训练文本的前 6 万个字符训练 2 个轮次，大约两分钟就能跑完（词表和验证文本仍然取自整个语料库）：测试套件正是用它来检查每个单元格是否仍能正常运行。要使用快速模式，请在启动 Jupyter 之前设置环境变量 `TEXTGEN_QUICK=1`；这时凡是依赖训练的数值都会差一些，其余完全相同。

# %% tags=["nbval-ignore-output"]
import os

QUICK = os.environ.get("TEXTGEN_QUICK") == "1"
EPOCHS = 2 if QUICK else 60
TRAIN_CHARS = 60_000 if QUICK else None  # None 表示使用全部训练文本
SEED = 2024  # 固定初始权重、生成样本所用的种子文本以及采样过程
print(f"{'Quick' if QUICK else 'Full'} mode: {EPOCHS} epochs.")

# %% [markdown]
# TensorFlow 启动时会打印几行有关硬件的信息；下面的环境变量可以把它们隐藏起来。`tg.configure_threads()` 会为 TensorFlow 设置适合核心较少的 CPU 的线程数（原因见第 5 节）；必须在 TensorFlow 开始任何计算之前调用它。

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
# ## 1. 语言模型如何生成序列
#
# 给定任意一段文本的开头，**语言模型**都会为接下来可能出现的每个词元（token）给出一个概率。这里的词元就是单个字符，因此模型回答的是这样的问题：在 `"the will to powe"` 之后，出现 `"r"` 的可能性有多大？`"n"` 呢？空格呢？
#
# 用这样的模型生成文本，就是执行一个循环：
#
# 1. 把目前为止的文本交给模型（在我们的例子中，是它的最后 60 个字符）；
# 2. 得到下一个字符的概率分布；
# 3. 从这个分布中选出一个字符；
# 4. 把它追加到文本末尾，然后回到第 1 步。
#
# 词级模型也是用同一个循环来写作的；如今聊天助手、机器翻译和代码补全背后的大语言模型同样如此，只不过它们处理的是子词词元。以字符为单位，词表可以非常小（只有 57 个符号，而不是数以万计的单词），模型还能造出它从未见过的词；代价是它必须先学会拼写，才能学习其他任何东西，而且 60 个字符只相当于十来个单词的上下文。
#
# 为了看清这个循环的输入和输出，下面先用一个已经在这份语料库上训练好的模型来演示（我们会在第 7 节训练自己的模型）。它随 `textgen_utils` 一同提供：

# %%
pretrained, pretrained_vocab = tg.load_pretrained()
prompt = "the will to powe"
p_next = tg.next_char_probs(pretrained, pretrained_vocab, prompt)
for i in np.argsort(-p_next)[:5]:
    print(f"{pretrained_vocab.chars[i]!r}: {p_next[i]:.3f}")

# %% [markdown]
# ## 2. 选择下一个字符
#
# 循环的第 3 步其实隐藏着一个真正需要做出的决定。
#
# **贪婪采样**总是选取可能性最大的字符。这听起来很合理，生成的文本却枯燥而重复：同样那些高概率的短语会一再出现，生成过程也很容易陷入周而复始的循环。
#
# **随机采样**按照模型给出的概率随机抽取字符：如果 `"e"` 的概率是 0.3，那么它有 30% 的机会被选中。这样生成的文本富于变化，有时还会出人意料。但我们究竟需要多少随机性呢？太少，就又回到了贪婪采样；太多，得到的就只是噪声。
#
# **softmax 温度** $T$ 就是调节随机性的旋钮。它把分布 $p$ 重新加权为
#
# $$q_i = \frac{p_i^{1/T}}{\sum_j p_j^{1/T}}
#       = \operatorname{softmax}\!\left(\frac{\log p}{T}\right)_i .$$
#
# 当 $T = 1$ 时，分布保持不变。温度低于 1 时，高概率字符的概率进一步增大，低概率字符则逐渐淡出（$T \to 0$ 就是贪婪采样）；温度高于 1 时，分布逐渐变平，趋于均匀分布。
#
# **熵** $H(q) = -\sum_i q_i \log_2 q_i$（以比特为单位）衡量的是还剩下多少选择的余地：某个字符确定无疑时，熵为 0 比特；57 个字符可能性都相同时，熵为 $\log_2 57 \approx 5.8$ 比特。降低温度，熵也随之降低。
#
# 下面就是本课程使用的函数，直接取自 `textgen_utils/sampling.py`：

# %%
print(inspect.getsource(tg.reweight_distribution))

# %% [markdown]
# 它以 float64 精度计算，并在取指数之前先减去最大的 logit，因此即使温度极小（相当于把 logit 除以一个几乎为零的数），取指数后的值也不会全部下溢为 0——那样就会得到 0/0 = NaN；而 `log(0)` 会静默地得到 `-inf`（概率为 0 的字符，重新加权后概率仍为 0）。
#
# 接下来看一个真实的分布：训练好的模型读到语料库中的一行文字之后，对下一个字符的预期。每个子图展示重新加权后可能性最大的 15 个字符，标题给出的是整个分布的熵。

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
# 温度为 0.2 时，几乎所有的概率质量都集中在一两个字符上；温度为 1.2 时，则有多得多的字符真正有机会被选中。在第 8 节中，我们会读一读这四个温度分别写出了什么。

# %% [markdown]
# ## 3. 语料库
#
# `load_corpus` 用 `keras.utils.get_file` 下载文本（只下载一次），文件保存在 `~/.keras/datasets/` 中；之后的调用会直接读取缓存的文件。离线时，请在启动 Jupyter 之前把环境变量 `TEXTGEN_CORPUS` 设置为一份本地副本的路径：这样本课的每个单元格都会读取这个文件。文本会统一转换为小写，这样可以缩小词表，让小模型更容易完成任务。

# %%
text = tg.load_corpus()
print(f"Corpus length: {len(text):,} characters")
print(f"Distinct characters: {len(set(text))}")

# %%
print(text[:400])

# %% [markdown]
# **UTF-8 陷阱**。这个文件采用 UTF-8 编码：大多数字符占一个字节，但像 `ä` 或 `é` 这样的字母要占两个字节。如果你用 `open(path)` 读取文件而不指定 `encoding=`，Python 就会使用平台的默认编码——在 Linux 和 macOS 上是 UTF-8，在 Windows 上却往往是 cp1252。这样一来，每个双字节字符都会变成两个错误的字符：文本变长了，多出一些本不存在的符号，模型学到的也就成了另一套字母表。`load_corpus` 始终按 UTF-8 读取。下面用真实的文件对比一下两者的差别：

# %%
raw = tg.corpus_path().read_bytes()
as_cp1252 = raw.decode("cp1252").lower()  # 许多 Windows 电脑上 open(path) 的做法
print(f"bytes in the file:              {len(raw):,}")
print(f"characters, read as UTF-8:      {len(text):,} ({len(set(text))} distinct)")
print(f"characters, read as cp1252:     {len(as_cp1252):,} ({len(set(as_cp1252))} distinct)")
print("non-ASCII characters (UTF-8):", sorted(c for c in set(text) if ord(c) > 127))

# %% [markdown]
# ## 4. 从文本到数组
#
# 模型从形如“60 个字符 → 紧随其后的那个字符”的训练样本中学习。我们让一个长度为 `maxlen = 60` 个字符的窗口沿着文本滑动，每次移动 `step = 3` 个字符。如果步长为 1，样本数量会变成现在的三倍，而且彼此几乎完全相同；步长取 3，可以让数据集保持在便于处理的规模。

# %%
maxlen, step = 60, 3
sentences, next_chars = tg.make_sequences(text, maxlen, step)
print(f"Number of sequences: {len(sentences):,}")
print(repr(sentences[1]), "->", repr(next_chars[1]))

# %% [markdown]
# 神经网络无法读取字符，只能处理数字。词表按排序后的顺序（即 Unicode 码位顺序）为每个不同的字符分配一个整数 ID：

# %%
vocab = tg.CharVocab.from_text(text)
print(f"{len(vocab)} characters:", "".join(vocab.chars))
print(vocab.encode("nietzsche"))

# %% [markdown]
# 经典的编码方式是**独热编码**（one-hot）：每个字符变成一个长度为 57 的向量，除了该字符 ID 所在的位置为 1 之外，其余全是 0。于是，一个序列变成一个 60 × 57 的矩阵，整个数据集则成为一个三维布尔数组；目标也变成长度为 57 的独热向量。`vectorize` 用 NumPy 构建这些数组（原书用的是两层 Python 循环；测试套件会逐个元素检查，确认两种做法得到的数组完全相同）：

# %%
x, y = tg.vectorize(sentences, next_chars, vocab)
print("x:", x.shape, x.dtype, f"{x.nbytes / 1e6:,.0f} MB")
print("y:", y.shape, y.dtype, f"{y.nbytes / 1e6:,.1f} MB")
print(f"x as float32, the type the network computes in: {x.size * 4 / 1e9:.2f} GB")

# %% [markdown]
# 这是 685 MB 的布尔值，其中 98% 都是 0（每 57 个里有 56 个），一旦转换成浮点数，更是要占用 2.7 GB。其实同样的信息每个字符只需一个字节就能存下：**整数窗口**只保存字符 ID，独热编码则由模型在第一层中逐批自行完成。我们接下来就用这种方式训练。

# %%
x_ids, y_ids = tg.make_windows(text, vocab, maxlen, step)
print("x_ids:", x_ids.shape, x_ids.dtype, f"{x_ids.nbytes / 1e6:.1f} MB")
same = np.array_equal(x.argmax(-1), x_ids) and np.array_equal(y.argmax(-1), y_ids)
print("same information:", same)
del x, y  # 释放这 685 MB 内存

# %% [markdown]
# 最后，我们留出文本末尾的 10% 用于验证。我们切分的是文本，而不是序列列表：相邻的窗口在 60 个字符中有 57 个是相同的，如果随机划分，就等于在模型几乎已经见过的文本上做“验证”。

# %% tags=["nbval-ignore-output"]
train_text, val_text = tg.split_text(text, val_fraction=0.1)
if TRAIN_CHARS is not None:
    train_text = train_text[:TRAIN_CHARS]
x_train, y_train = tg.make_windows(train_text, vocab, maxlen, step)
x_val, y_val = tg.make_windows(val_text, vocab, maxlen, step)
print(f"training sequences: {len(x_train):,}, validation sequences: {len(x_val):,}")

# %% [markdown]
# ## 5. 模型
#
# 网络结构沿用原书：一个有 128 个单元的 `LSTM` 层按顺序读取这 60 个字符，并把它们概括成一个包含 128 个数值的向量；一个带 softmax 的 `Dense` 层再把这个向量转换成 57 个概率，每个字符对应一个。最前面额外加的 `CharOneHot` 层没有权重：它把整数 ID 转换成独热向量，因此 LSTM 看到的输入与原书版本完全相同。

# %% tags=["nbval-ignore-output"]
model = tg.build_model(vocab, maxlen=maxlen, units=128, learning_rate=0.01)
model.summary()

# %% [markdown]
# 这 102,585 个参数是怎么来的呢？LSTM 的 128 个单元各自要计算四个值（输入门、遗忘门、输出门，以及记忆细胞的候选值），每个值对每个输入（57 个）和每个单元上一步的输出（128 个）各有一个权重，外加一个偏置：$4 \times 128 \times (57 + 128 + 1) = 95{,}232$。全连接层的参数个数为 $128 \times 57 + 57 = 7353$。
#
# 训练使用学习率为 0.01 的 **RMSprop** 优化器，损失函数是**分类交叉熵**，也就是真实的下一个字符在模型预测中的负对数概率。由于我们的目标值（标签）是整数 ID，`build_model` 在编译模型时用的是这个损失函数的“稀疏”形式 `sparse_categorical_crossentropy`：数值完全相同，只是目标值无须独热编码。

# %%
print(f"parameters: {model.count_params():,}")
print(f"{type(model.optimizer).__name__}, learning rate {float(model.optimizer.learning_rate):g}, "
      f"clipnorm {model.optimizer.clipnorm}")
print("loss:", model.loss)

# %% [markdown]
# **为什么要用 `clipnorm=1.0`**？梯度裁剪会在优化器使用梯度之前，逐个检查每个权重张量的梯度：如果它的范数大于 1.0，就把它按比例缩小到范数为 1.0；较小的梯度则原样通过。它防范的是这样一种意外：某一个异常大的梯度把权重甩到离原来很远的地方。原书中公开的那次训练正是以这种意外收场的：训练了 55 个轮次后，损失为 1.30，而在最后四个轮次中，它依次攀升到 1.60、4.73、12.60 和 14.57。我们实际测量了它的作用（见 `benchmarks/README.md`）。训练一旦稳定下来，它就完全不起作用：在一次 60 个轮次的训练中，我们在第 42 轮抽样了 50 个批次，其中没有任何一个梯度的范数超过 0.51。但如果把学习率调到本课的十倍，它就派上用场了：没有它，第 1 轮结束时的损失是 7.0，比均匀随机猜测（4.04）还要差；有了它，则是 2.8。它也并非万能：学习率调到二十倍时，无论裁剪与否，模型都学不到任何东西。因此，作为第二道保险，一旦损失变成 NaN 或增大到原来的两倍以上，`tg.train` 就会停止训练，并退回到最后一个正常的轮次。
#
# 此外，LSTM 还被**展开**（unroll）了：60 个时间步不再是一个循环，而是变成一张直线式的计算图。它的计算结果完全相同，在 CPU 上却训练得更快。
#
# **每个批次分成两半**。`build_model` 返回的是一个 `tg.SplitBatchModel`，即一个 Keras 模型，只是训练方式有一处改动：它把每个训练批次，以及每个轮次结束后验证时的每个批次，都分成两半，分别送过各层，再把结果合并起来。这两半互不等待，因此 TensorFlow 可以让它们各用一个核心。在只有一个或两个核心的机器上，`tg.configure_threads()`（在环境准备部分的单元格中调用）会让 TensorFlow 每个运算只用一个线程、同时执行两个运算，正好适合这种做法。损失、梯度和更新后的权重都与整个批次的完全一致（测试会检查这一点）。在我们的双核测试机上，这样做每秒训练的序列数比整批处理时多 28% 到 35%，验证耗时也只有原来的三分之二左右。预测和生成则按原样使用模型。
#
# **训练计划**。原书的每个轮次都用同样的方式训练：每个批次 128 个序列，学习率为 0.01。我们则让两样东西随轮次变化，每个轮次用什么设置由 `tg.lesson_schedule` 规定：
#
# - 第 1 到第 3 轮的每个批次包含 256 个序列，学习率保持原值。刚开始训练的模型最能从大量的更新步中获益，哪怕这些步的噪声较大。
# - 从第 4 轮起，每个批次包含 1024 个序列。这样一来，双核 CPU 每秒处理的序列数是原来的 1.2 到 1.4 倍，但每个轮次的更新步数只有原来的四分之一。
# - 从第 4 轮起，学习率还会在每个轮次降低四分之一。更新的步子越来越小，模型就能稳稳落入一个良好的极小值，而不是在它周围来回跳动。
#
# 模型本身不变，变的只是训练方式。我们在同一次运行中对两者做了测量（见 `benchmarks/README.md`）。在一台比第 7 节所用机器更快的双核机器上，本课的一个轮次（训练加上生成四段样本）耗时 40 秒，而原书的代码需要 177 秒（两者均取各轮次耗时的中位数）。训练 10 个轮次后，验证损失为 1.520，而原书为 1.564。

# %%
print(inspect.getsource(tg.lesson_schedule))
for epoch in [0, 2, 3, 4, 9, 19, 59]:
    size, factor = tg.lesson_schedule(epoch)
    print(f"epoch {epoch + 1:2d}: batch {size:5,d}, "
          f"learning rate {float(model.optimizer.learning_rate) * factor:.2g}")

# %% [markdown]
# ## 6. 采样与生成的代码实现
#
# `sample` 就是循环第 3 步背后的函数：先按温度重新加权，再随机抽取。温度为 0 表示贪婪采样。

# %%
print(inspect.getsource(tg.sample))

# %% [markdown]
# 原书的版本用 `np.random.multinomial` 来抽取字符，当概率之和比 1 多出哪怕一丁点时，它就会抛出 `ValueError: sum(pvals[:-1]) > 1.0`。原书会先把概率转换成 float64 并重新归一化，从而避开了这个问题；而转抄原书代码时漏掉了这一步转换的版本，遇到模型输出的 float32 概率时就可能崩溃。此外，只要有某个概率恰好为 0，`np.log` 就会发出警告。逆变换采样（即逆 CDF 采样：抽取一个均匀分布的随机数，看它落在累积和的哪个区间里）就不存在这类问题，而且概率为 0 的字符对应的区间为空，永远不会被抽中。
#
# `generate_text` 负责运行整个循环。如果像原书那样每生成一个字符就调用一次 `model.predict`，每个字符大约要多付出 70 ms 的额外开销：每个轮次生成 4 × 400 个字符，光开销就要 2 分钟。`generate_text` 则把整个循环放进一个编译好的 TensorFlow 函数中，一次生成所有温度下的文本。它的核心是用模型自身的权重，把 LSTM 应用到最后 `maxlen` 个字符上：

# %%
from textgen_utils import generation

print(inspect.getsource(generation._lstm_step))
print(inspect.getsource(generation._window_log_probs))

# %% [markdown]
# 以及与 `sample` 相同的逆变换采样，只是改用 TensorFlow 运算实现：

# %%
print(inspect.getsource(generation._choose))

# %% [markdown]
# 测试套件会检查两点：这段代码算出的分布与直接在窗口上调用 Keras 模型得到的分布一致（误差在 1e-5 以内）；在随机数相同的情况下，它选出的字符与原书的循环完全相同。我们的模型还没有训练，所以目前它写出来的只是噪声。（这里的种子文本不足 60 个字符：`generate_text` 会在它左侧用空格补齐。）

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(SEED)
print(tg.generate_text(model, vocab, "the philosopher ", length=120, temperature=1.0, rng=rng))

# %% [markdown]
# ## 7. 训练，并在每个轮次结束后生成样本
#
# 每个轮次结束后，`SampleTextCallback` 会从语料库中随机选取一段 60 个字符的种子文本，分别在温度 0.2、0.5、1.0 和 1.2 下把它续写 400 个字符。四段文本都从同一段种子文本开始，因此可以把不同温度的结果并排比较。
#
# `tg.train` 封装了 `model.fit`。每个轮次结束后，它都会把权重、优化器状态、训练历史和生成样本保存到 `runs/lesson/` 中。如果你中断了这个单元格的运行（点击 ■ 按钮，或在终端中按 Ctrl-C），或者内核崩溃了，只需重新运行这个单元格：它会从最后一个完成的轮次之后接着训练。训练全部完成后，再次运行该单元格只会加载结果。按验证损失选出的最佳权重会被保留下来，并在最后加载到 `model` 中。
#
# 在完整模式下，这一步大约需要一个半小时。如果想跳过它，可以设置 `USE_PRETRAINED = True`：这样单元格就不再训练，而是加载预训练模型及其训练记录（损失历史和全部 60 个轮次的生成样本）。

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
# 损失的单位是奈特（nat，即以自然对数计）；除以 $\ln 2$ 就换算成每字符比特数，也就是模型要猜出下一个字符，平均还需要问多少个“是/否”问题。如果总是在 57 个字符中均匀地随机猜测，每个字符需要 5.8 比特。

# %% tags=["nbval-ignore-output"]
fig = tg.plot_history(result["history"])
plt.show()

# %% [markdown]
# ## 8. 结果说明了什么
#
# 下面是几个轮次的生成样本，按温度分别列出，每段都接在各自的种子文本之后（在已保存的笔记本中，这些样本来自本课自身的完整训练）。

# %% tags=["nbval-ignore-output"]
samples = result["samples"]
shown = sorted({0, len(samples) // 3, 2 * len(samples) // 3, len(samples) - 1})
for s in [samples[i] for i in shown]:
    print(f"=== epoch {s['epoch']}, seed: {s['seed']!r}")
    for temperature, generated in s["texts"].items():
        print(f"--- temperature {temperature}:\n{generated}\n")

# %% [markdown]
# 请从上往下阅读这些样本；每组样本的开头都标明了所属的轮次和种子文本。
#
# **第 1 轮之后**，模型已经知道哪些字母出现得多，也知道单词之间用空格隔开，但也仅此而已。温度为 0.2 时，它在自己认为可能性最大的单词上陷入了循环：“to to to to to”；温度为 1.0 时，它写出的是一些形似单词的字符串，比如“expentount”和“veaver”；到了 1.2，写出的字符串更加难以发音（“gronmwbe”）。
#
# **第 21 轮之后**，大多数单词都拼写正确了，句子也有了尼采散文的节奏感。温度 0.2 下的文本不再一味重复同一个单词，却总是绕回同样几个稳妥的词：“the sense of the sense of the first”、“the superiority of the sense”。温度为 0.5 时，文本最为通顺：“the spirit has been strength, and philosophical such a spirit”读起来颇有尼采的味道，其实却毫无意义，旁边还夹杂着“disintrong”和“compalse”这样的生造词。温度为 1.0 时，模型甚至模仿起我们的语料所出自的那本书《善恶的彼岸》中带编号的格言（“26w. we do so naturans”）；到了 1.2，许多单词已经支离破碎（“immexorda”）。
#
# **第 41 轮之后**，以及最后一组样本（第 60 轮）中，样本都并不比第 21 轮之后更好：从那以后，模型几乎没有什么变化。温度 0.2 堆砌的是同样几个稳妥的词（“the sense of the sense of the sense of the sense”）；0.5 仍然把真实的单词串成只是看上去有意义的短语（“the philosopher who has have a stronger of the condition of the sympathy”），旁边还夹杂着“flutiving”和“mersonation”这样的生造词；1.2 仍然会把单词拆得支离破碎（“shorkdouhy”、“lawnrqualy”）。

# %% [markdown]
# **上面的损失曲线**则告诉了我们其余的情况。验证损失在前五个轮次左右迅速下降，并在第 7 轮达到最佳值（已在上面打印出来）。此后，验证损失一点点回升，总共升高了 0.025，而训练损失仍在略微下降：模型在用来训练的那 90% 的文本上越来越好，在从未见过的文本上却没有长进。这就是**过拟合**，也正是 `tg.train` 要保留最佳轮次的原因：现在 `model` 中加载的是最佳轮次的权重，而不是最后一个轮次的权重。常用的补救办法是使用 dropout 和扩大语料库；这些内容超出了本课的范围。
#
# 两条曲线之所以都趋于平坦，是因为第 5 节介绍的训练计划。到第 21 轮时，学习率已经降到 0.0001 以下，还不到初始值的百分之一，而且此后每个轮次的更新步长都比前一个轮次再缩短四分之一。如果用恒定的学习率训练（始终使用 256 的批次大小，也就是本课程早先的设置），同一个模型就会越练越差：验证损失从最佳时的 1.572 一路升到第 60 轮的 1.607（见 `benchmarks/README.md`），而原书公开的那次训练更是在最后几个轮次中发散了。有了训练计划，最后 40 个轮次几乎没有什么变化。为了与原书保持一致，我们仍然训练 60 个轮次；但如果设置 `EPOCHS = 20`（在**完整模式与快速模式**之后的那个代码单元格中），这次训练也会得到同一个最佳轮次，而用时只需大约三分之一。
#
# 无论在哪个轮次，各个温度都保持着各自的特点：0.2 不断重复，0.5 最为通顺，1.0 会生造单词，1.2 则会把单词拆得支离破碎。

# %% [markdown]
# ## 9. 结论与进一步探索
#
# - 语言模型根据前面的词元预测下一个词元；生成文本就是“预测、选择、追加”的循环。
# - 如何选择与模型本身同样重要：贪婪采样容易重复，温度为 1 的采样则飘忽不定，而温度可以在两者之间调节。
# - 一个约 10 万个参数的 LSTM，在 54 万个字符（语料库的 90%）上训练之后，就能学会拼写大多数常用单词、使用标点，并掌握文风的表层特征，却学不到任何意义。
#
# ### 预训练模型
#
# `tg.load_pretrained()` 返回的是本笔记本自身那次完整训练中最佳轮次（第 7 轮，验证损失为 1.5141）的模型；它是怎样训练出来的，见 `textgen_utils/pretrained/README.md`。在命令行中，也可以用 `python -m textgen_utils generate --seed "..."` 让它来写作。

# %% tags=["nbval-ignore-output"]
for t, generated in zip([0.2, 0.5, 1.0, 1.2],
                        tg.generate_text(pretrained, pretrained_vocab, seed_line, length=200,
                                         temperature=[0.2, 0.5, 1.0, 1.2],
                                         rng=np.random.default_rng(SEED))):
    print(f"--- temperature {t}:\n{seed_line}{generated}\n")

# %% [markdown]
# ### Top-k 采样与核采样
#
# 温度改变的是整个分布的形状。另外两种常用的方法则是截掉分布中可能性很低的尾部，再把剩下的部分重新归一化：**top-k** 采样只保留可能性最大的 k 个字符；**核采样**（nucleus sampling，又称 top-p 采样）从可能性最大的字符开始依次选取，保留概率之和至少达到 p 的最小字符集合。模型偶尔冒出的胡言乱语正藏在这条尾部里，因此截断可以去掉高温采样时的大部分拼写错误，同时保留文本的多样性。下面在第 2 节的分布上比较一下：

# %%
for label, q in [("T = 1.0", tg.reweight_distribution(p, 1.0)),
                 ("T = 0.5", tg.reweight_distribution(p, 0.5)),
                 ("top-k, k = 5", tg.truncate_distribution(p, top_k=5)),
                 ("nucleus, p = 0.9", tg.truncate_distribution(p, top_p=0.9))]:
    print(f"{label:17s} {np.count_nonzero(q > 1e-3):2d} characters above 0.001, "
          f"entropy {tg.entropy(q):.2f} bits")

# %% [markdown]
# ### 使用你自己的语料库
#
# 任何 UTF-8 文本都可以：在本笔记本中用 `tg.load_corpus("my_text.txt")`，或者在终端中运行 `python -m textgen_utils train --corpus my_text.txt`。语料库最好至少有几十万个字符；如果太少，模型就会死记硬背，而不是学会泛化（你会看到训练损失下降的同时，验证损失却在上升）。
#
# ### 练习
#
# 1. 用预训练模型分别在温度 0、0.2 和 2.0 下生成 400 个字符。描述两个极端分别出了什么问题。
# 2. 编写一个生成循环，用 `truncate_distribution(p, top_p=0.9)` 采样（用 `tg.next_char_probs` 得到 `p`），并与温度 0.5 的结果进行比较。
# 3. 用 `maxlen=20` 代替 60 进行训练，并换用一个新的 `run_dir`（比如 `runs/maxlen20`）：如果仍用 `runs/lesson`，`tg.train` 只会直接加载那次已经完成的训练的结果。验证损失会有什么变化？生成样本呢？
# 4. 换一份文本来训练，比如 `textgen_utils` 自己的源代码（它的文件位于 `os.path.dirname(tg.__file__)`）。这份源代码只有大约 6 万个字符，因此可以预料模型会过拟合。模型最先学会的是哪些模式？
# 5. 把 `LSTM(128)` 换成两个堆叠的 LSTM 层，每层 128 个单元，并自己用 Keras 的层来搭建模型。`generate_text` 和 `SampleTextCallback` 只支持本课这种只有一个 LSTM 层的模型，因此请给 `tg.train` 传入 `sampler=None`，并像原书那样，用 `model.predict` 加 `tg.sample` 的循环来生成文本。多花的训练时间值得吗？
