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
# 本课取材于弗朗索瓦·肖莱（François Chollet）所著《Python深度学习》（*Deep Learning with Python*，下文简称“原书”）中的经典案例，并针对当前版本的 Keras 做了重写。一个小型循环神经网络会阅读弗里德里希·尼采《善恶的彼岸》的英译本（*Beyond Good and Evil*），每次读入 60 个字符，并且只学一件事：猜出下一个字符。然后，我们让它自己动笔写作。没有人告诉它什么是单词、句子在哪里结束、逗号该怎么用；到训练结束时，它仅凭文本本身就学会了其中的很大一部分。
#
# 你需要具备 Keras 的基础知识：层、`compile`、`fit`。其余内容都会在学习过程中逐一讲解。辅助函数来自 `textgen_utils`，这是本课程附带的一个经过测试的小型软件包。在关键之处，本课会打印出这些函数的源代码，因此你读到的正是测试所检查的那份代码。
#
# 本课的安排如下：
#
# 1. 语言模型如何生成序列；
# 2. 如何选择下一个字符：贪婪还是随机，以及 softmax 温度；
# 3. 语料库；
# 4. 把文本转换成数组；
# 5. 模型，以及 LSTM 计算的是什么；
# 6. 采样、生成与训练循环的代码实现；
# 7. 训练，每个轮次（epoch）结束后生成样本；
# 8. 样本说明了什么；
# 9. 模型有多好，和什么相比；
# 10. 用数字看温度；
# 11. 结论，以及可以自行检验答案的练习。

# %% [markdown]
# ## 环境准备
#
# 如果缺少 `textgen_utils`（例如在 Google Colab 上），下一个单元格会安装它。在你自己的电脑上，在仓库中执行 `pip install -e ".[dev]"` 时就已经装好了它，因此这个单元格什么也不做。
#
# 程序打印的内容（例如“temperature”或“best epoch”之类的字样）在本课程的所有语言版本中都保持英文：五种语言的版本运行的是同一份代码，输出也完全相同。

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
# **完整模式与快速模式**。完整的课程在整个语料库上训练 8 个轮次。8 这个数字是我们测量后选定的：采用第 5 节的学习率调度方案，到这时验证损失已经不再改善（第 9 节给出了损失曲线，以及我们据以做出这一选择的几次运行）。原书训练 59 个轮次；把下面改为 `EPOCHS = 59`，就能得到原书的轮次数，调度方案也会随之拉长，覆盖全部轮次。这里保存的输出来自我们在双核测试机上的一次运行：整个笔记本（包括训练）用时 12.6 分钟（最后一个单元格会打印出这个时间），其中训练及生成样本用了 10.7 分钟，每个轮次耗时 72 到 103 秒。
#
# 快速模式运行的是完全相同的单元格，但只用训练文本的前 6 万个字符训练 2 个轮次，几分钟就能跑完（词表和验证文本仍然取自整个语料库）：测试套件正是用它来检查每个单元格是否仍能正常运行。要使用快速模式，请在启动 Jupyter 之前设置环境变量 `TEXTGEN_QUICK=1`；这时凡是依赖训练的数值都会差一些，其余完全相同。

# %% tags=["nbval-ignore-output"]
import os

QUICK = os.environ.get("TEXTGEN_QUICK") == "1"
EPOCHS = 2 if QUICK else 8  # 原书：59
TRAIN_CHARS = 60_000 if QUICK else None  # None 表示使用全部训练文本
SEED = 2024  # 固定初始权重、样本的种子文本以及采样过程
print(f"{'Quick' if QUICK else 'Full'} mode: {EPOCHS} epochs.")

# %% [markdown]
# TensorFlow 启动时会打印几行有关硬件的信息；下面的环境变量可以把它们隐藏起来。`tg.configure_threads()` 设置 TensorFlow 使用多少个线程，这只关系到在核心较少的 CPU 上的运行速度（本课末尾的附录有更多说明）；必须在 TensorFlow 开始任何计算之前调用它。

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
# ## 1. 语言模型如何生成序列
#
# 给定任意一段文本的开头，**语言模型**都会为接下来可能出现的每个词元（token）给出一个概率。这里的词元就是单个字符，因此模型回答的是这样的问题：在 `"the will to powe"` 之后，出现 `"r"` 的可能性有多大？`"n"` 呢？空格呢？
#
# 用这样的模型生成文本，就是执行一个循环。我们从一段文本出发，这段文本称为**条件数据**（conditioning data），也就是“种子”，然后（为了清晰易读，图中使用的是 16 个字符的窗口）：
#
# 1. 把目前为止的文本交给模型（在我们的例子中，是它的最后 60 个字符）；
# 2. 得到下一个字符的概率分布；
# 3. 从这个分布中选出一个字符；
# 4. 把它追加到文本末尾，将窗口向后滑动一个字符，然后回到第 1 步。

# %%
fig = tg.plot_generation_loop()
plt.show()

# %% [markdown]
# 同一个循环能生成的远不止文本。换上用音符训练的模型，它就能谱写旋律；换上用笔尖位置训练的模型，它就能写出手写字迹、画出笔触；换上用一小段一小段的声音训练的模型，它就能开口说话。用对话训练的模型能回复消息：电子邮件应用给出的简短回复建议，就是一个语言模型在选择下一个词。如今聊天助手、机器翻译和代码补全背后的大语言模型同样在运行这个循环，只不过处理的是子词词元。
#
# 循环中的模型可以是任何能读取序列的网络：可以是像我们的 LSTM 这样逐个字符读取的循环神经网络，也可以是让小型卷积核沿着序列滑动的一维卷积网络（Keras 的 `Conv1D`）；如今的大模型则是 Transformer。以字符为单位，词表可以非常小（只有 57 个符号，而不是数以万计的单词），模型还能造出它从未见过的词；代价是它必须先学会拼写，然后才谈得上学别的，而且 60 个字符只相当于十来个单词的上下文。
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
# **贪婪采样**总是选取可能性最大的字符。这听起来很合理，生成的文本却枯燥而重复：同样那些高概率的短语会一再出现，生成过程还可能陷入周而复始的循环（下面就会看到一个例子）。
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
# 它以 float64 精度计算，并在取指数之前先减去最大的 logit，因此即使温度极小（相当于把 logit 除以一个几乎为零的数），取指数后的值也不会全部下溢为 0——那样就会得到 0/0 = NaN；而 `log(0)` 则直接得到 `-inf`，不会发出警告（概率为 0 的字符，重新加权后概率仍为 0）。
#
# 下面来看训练好的模型给出的两个真实分布。第一个出现在一个模仿语料库文风写成（但并非取自语料库）、以空格结尾的句子之后，这时后面可能接许多不同的单词（模型读取的是这个句子的最后 60 个字符）；第二个出现在一个单词的中间，即 `"the will to powe"` 之后。每个子图展示重新加权后可能性最大的若干个字符（第一张图中为 20 个，第二张图中为 10 个），再用最后一根柱子表示其余所有字符的总和；坐标轴采用对数刻度，使很小的概率也清晰可见；标题给出的是整个分布的熵。`␣` 表示空格。

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
# 在空格之后，模型在许多个可能的首字母之间犹豫不决：当 $T = 1$ 时，这个分布的熵为 4.16 比特，$T = 1.2$ 则让它更加分散。而读到“powe”之后，也就是在单词“power”的中间，模型几乎可以肯定下一个是 `r`，即使 $T = 1.2$ 也留不下多少选择余地：模型越是拿不准的地方，温度的影响就越大。
#
# **贪婪采样的实际效果**。下面是同一个模型总是选取可能性最大的字符时写出的文本，从上面那行文字开始：

# %%
greedy = tg.generate_text(pretrained, pretrained_vocab, seed_line, length=300, temperature=0)
print(greedy)
for period in range(1, 150):  # 文本末尾的最短循环（如果有的话）
    if greedy[-2 * period:-period] == greedy[-period:]:
        start = len(greedy) - 2 * period  # 只要周期不变，就继续往前回溯
        while start > 0 and greedy[start - 1] == greedy[start - 1 + period]:
            start -= 1
        print(f"\nFrom character {start + 1} on, the text repeats a cycle of {period} "
              f"characters: {greedy[start:start + period]!r}")
        break

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
# 下图以更小的规模演示这一思路：窗口长度为 10 个字符，而不是 60（步长仍是本课的 3）。每一行是一个训练样本，输入字符用一种颜色表示，它要学会预测的那个字符用另一种颜色表示。

# %%
fig = tg.plot_windows(text[:40], maxlen=10, step=3, n=4)
plt.show()

# %% [markdown]
# 神经网络无法读取字符，只能处理数字。词表按排序后的顺序（即 Unicode 码位顺序）为每个不同的字符分配一个整数 ID：

# %%
vocab = tg.CharVocab.from_text(text)
print(f"{len(vocab)} characters:", repr("".join(vocab.chars)))  # \n 是换行符
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
# ### LSTM 计算的是什么
#
# LSTM 每次读取窗口中的一个字符。在第 $t$ 步，它接收字符 $x_t$（一个包含 57 个数的独热向量），以及从上一步带过来的两个各含 128 个数的向量：它的输出 $h_{t-1}$ 和它的**记忆细胞** $c_{t-1}$。它要计算三个门，每个门为每个单元给出一个介于 0 和 1 之间的数（$\sigma$ 是 logistic sigmoid 函数），此外还要计算记忆的一个候选值 $g_t$：
#
# $$
# \begin{aligned}
# i_t &= \sigma(x_t W_i + h_{t-1} U_i + b_i) && \text{输入门：} g_t \text{ 写入多少}\\
# f_t &= \sigma(x_t W_f + h_{t-1} U_f + b_f) && \text{遗忘门：} c_{t-1} \text{ 保留多少}\\
# o_t &= \sigma(x_t W_o + h_{t-1} U_o + b_o) && \text{输出门：记忆输出多少}\\
# g_t &= \tanh(x_t W_g + h_{t-1} U_g + b_g) && \text{候选记忆}\\
# c_t &= f_t \odot c_{t-1} + i_t \odot g_t\\
# h_t &= o_t \odot \tanh(c_t)
# \end{aligned}
# $$
#
# （$\odot$ 表示逐元素相乘。）记忆 $c_t$ 只会在遗忘门和输入门允许的范围内发生变化，因此信息可以跨越许多步传递下去；名称中的“长短期”（long short-term）指的就是这一点。读完第 60 个字符后，$h_{60}$ 被送入全连接层，由它的 softmax 给出下一个字符的概率。
#
# Keras 把四个 $W$ 并排存放在一个形状为 57 × 512 的 `kernel` 中，把四个 $U$ 存放在一个 128 × 512 的 `recurrent_kernel` 中，把四个 $b$ 存放在一个长度为 512 的 `bias` 中，顺序为 $i, f, g, o$。下面用 NumPy 实现这些方程，在模型自身的权重上运行，并与 Keras 对同一个窗口给出的结果相对照：

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
        z = kernel[char_id] + h @ recurrent_kernel + bias  # x_t W：kernel 中该字符对应的那一行
        i, f, g, o = (z[k * units:(k + 1) * units] for k in range(4))
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    logits = h @ dense_kernel + dense_bias
    return np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()


ours = lstm_next_char_probs(model, x_ids[0])
keras_says = model.predict(x_ids[:1], verbose=0)[0]
print(f"largest difference from Keras: {np.abs(ours - keras_says).max():.1e}")

# %% [markdown]
# 独热向量乘以一个矩阵，只是取出该矩阵的某一行，所以 `kernel[char_id]` 就是 $x_t W$。模型还没有训练，但它今后始终都是这样计算的。
#
# **这 102,585 个参数从何而来**。方程组前四行各有一个 $W$（57 × 128）、一个 $U$（128 × 128）和一个 $b$（128）：$4 \times 128 \times (57 + 128 + 1) = 95{,}232$。全连接层再加上 $128 \times 57 + 57 = 7353$ 个。

# %%
print(f"parameters: {model.count_params():,}")
print(f"{type(model.optimizer).__name__}, learning rate {float(model.optimizer.learning_rate):g}, "
      f"clipnorm {model.optimizer.clipnorm}")
print("loss:", model.loss)

# %% [markdown]
# ### 如何训练
#
# 训练使用学习率为 0.01 的 **RMSprop** 优化器，损失函数是**分类交叉熵**，也就是真实的下一个字符在模型预测中的负对数概率。由于我们的目标值是整数 ID，`build_model` 在编译模型时用的是这个损失函数的“稀疏”形式 `sparse_categorical_crossentropy`：数值相同，只是目标值无须独热编码。
#
# **稳定性**。当某个权重张量的梯度范数大于 1 时，`clipnorm=1.0` 会把它按比例缩小到范数为 1，这样，单个异常大的梯度就无法把权重甩到很远的地方。我们的测量结果如下（见 `benchmarks/README.md`，使用前 20 万个字符，批次大小为 256）：学习率为本课的十倍时，不做裁剪，第一个轮次结束时的损失为 7.0，做裁剪则为 2.8。而在本课自身的学习率下，以 6 个轮次的训练来看，裁剪对训练损失的影响不到 0.02，最佳验证损失则因裁剪而略差一些（1.825，不裁剪时为 1.796）：为这份保护付出的代价很小。我们没有测试它能否防止原书公开的那次训练在末尾出现的损失暴涨：那次训练的损失在最后四个轮次中从 1.30 攀升到 14.6。作为第二道保险，一旦损失变成 NaN 或增大到原来的两倍以上，`tg.train` 就会退回到最后一个正常的轮次。
#
# **调度方案**。原书的每个轮次都用同样的方式训练：每个批次 128 个窗口，学习率为 0.01。`tg.lesson_schedule` 则让两样东西逐轮变化：
#
# - 第 1 到第 3 轮使用大小为 256 的批次，学习率保持初始值：刚开始训练的模型最能从大量的更新步中获益，哪怕这些步的噪声较大。
# - 从第 4 轮起，每个批次包含 1024 个窗口，学习率在每个轮次都按同一个因子缩小，到最后一个轮次时降到初始值的十分之一。模型离极小值越近，更新的步子就越小。
#
# 这种衰减会分摊到你训练的全部轮次上，因此每个轮次都仍然在更新权重：设置 `EPOCHS = 59` 时，最后一个轮次的学习率同样是初始值的十分之一。

# %% tags=["nbval-ignore-output"]
print(inspect.getsource(tg.lesson_schedule))
for epoch in range(EPOCHS):
    size, factor = tg.lesson_schedule(epoch, EPOCHS)
    print(f"epoch {epoch + 1}: batch {size:5,d}, learning rate {0.01 * factor:.2g}")

# %% [markdown]
# `build_model` 还做了两项选择，它们只影响模型在 CPU 上的训练速度，而不改变模型计算的内容；本课末尾的附录会说明是哪两项。

# %% [markdown]
# ## 6. 采样、生成与训练循环的代码实现
#
# `sample` 就是循环第 3 步背后的函数：先按温度重新加权，再随机抽取。温度为 0 表示贪婪采样。

# %%
print(inspect.getsource(tg.sample))

# %% [markdown]
# 原书的版本用 `np.random.multinomial` 来抽取字符，当概率之和比 1 多出哪怕一丁点时，它就会抛出 `ValueError: sum(pvals[:-1]) > 1.0`；原书先把概率转换成 float64 并重新归一化，从而避开了这个问题。逆变换采样（即逆 CDF 采样：抽取一个均匀分布的随机数，看它落在累积和的哪个区间里）就不存在这类问题，而且概率为 0 的字符对应的区间为空，永远不会被抽中。
#
# `tg.generate_text` 运行第 1 节的整个循环：保留最后 `maxlen` 个字符，让模型给出下一个字符的分布，采样，再追加到文本末尾。它在一个编译好的 TensorFlow 函数中运行，一次生成所有温度下的文本，而不是像原书那样每生成一个字符就调用一次 `model.predict`；测试套件会检查它算出的分布与直接在窗口上调用模型得到的分布相同。它适用于任何读取字符窗口的 Keras 模型（更多的层、GRU、`Embedding` 都可以）。我们的模型还没有训练，所以目前它写出来的只是噪声（这里的种子文本不足 60 个字符：`generate_text` 会在它左侧用空格补齐）：

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(SEED)
print(tg.generate_text(model, vocab, "the philosopher ", length=120, temperature=1.0, rng=rng))

# %% [markdown]
# **训练循环**。原书交替进行训练和写作：先用 `fit` 训练一个轮次，再在每个温度下生成一段样本，如此反复。下面把这个循环完整地写了出来，你可以随意修改。我们在一个新建的、用完即弃的模型上，只用十分之一的窗口把它运行一个轮次，看看它是怎样工作的：

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
# `tg.train` 运行的是同一个循环，只是另外加上了长时间训练所需的功能：每个轮次结束后，它都会保存权重、优化器状态、训练历史和生成样本，使中断的训练可以接着进行；它会应用调度方案；它会按验证损失保留最佳权重；一旦损失变成 NaN 或增大到原来的两倍以上，它就会停止训练，并退回到最后一个正常的轮次。生成样本来自 `tg.SampleTextCallback`，这是一个 Keras 回调，负责循环中“然后生成”的那一半。

# %% [markdown]
# ## 7. 训练，并在每个轮次结束后生成样本
#
# 每个轮次结束后，采样器都会从验证文本（模型从不在这部分文本上训练）中取同一段 60 个字符，分别在温度 0.2、0.5、1.0 和 1.2 下把它续写 200 个字符。每个轮次使用的种子文本和随机数都相同，因此不同轮次的结果可以相互比较。它会保存每个轮次的样本，并每两个轮次打印一次。
#
# 一个小小的 Keras 回调 `keras.callbacks.LambdaCallback` 会为每个轮次打印一行：该轮次的损失、学习率和耗时。
#
# 每个轮次结束后，`tg.train` 都会把这次训练保存到 `runs/lesson/` 中。如果你中断了这个单元格的运行（点击 ■ 按钮，或在终端中按 Ctrl-C），或者内核崩溃了，只需重新运行这个单元格：它会从最后一个完成的轮次之后接着训练。训练全部完成后，再次运行该单元格只会加载结果。如果想跳过训练，可以设置 `USE_PRETRAINED = True`：这样单元格就会改为加载预训练模型及其训练记录（即本笔记本自身的那次完整训练）。

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
# 损失的单位是奈特（nat，即以自然对数计）；除以 $\ln 2$ 就换算成每字符比特数，也就是模型要猜出下一个字符，平均还需要问多少个“是/否”问题。如果总是在 57 个字符中均匀地随机猜测，每个字符需要 $\log_2 57 \approx 5.8$ 比特。现在 `model` 中保存的是最佳轮次的权重，而不是最后一个轮次的权重。

# %% [markdown]
# ## 8. 样本说明了什么
#
# 下面是每个轮次在温度 0.5 下生成的样本，全部来自同一段种子文本，每个轮次一行（只显示前 100 个字符，换行符显示为 ↵）：

# %% tags=["nbval-ignore-output"]
samples = result["samples"]
print(f"seed: {samples[0]['seed']!r}")
for s in samples:
    line = s["texts"]["0.5"][:100].replace("\n", "↵")
    print(f"epoch {s['epoch']:2d}{' (best)' if s['epoch'] == result['best_epoch'] else ''}: "
          f"{line}")

# %% [markdown]
# 再来看最佳轮次在全部四个温度下生成的样本：

# %% tags=["nbval-ignore-output"]
best = next(s for s in samples if s["epoch"] == result["best_epoch"])
for temperature, generated in best["texts"].items():
    print(f"--- T = {temperature}:\n{generated}\n")

# %% [markdown]
# 请从上往下阅读这份列表。**第 1 轮之后**，模型知道单词都很短、彼此用空格隔开，但也仅此而已：它不断重复“to to to”，还写出“matien”这样形似单词的字符串。**第 2 轮之后**，大多数短单词已经是真实的单词，但短语却不知所云（“in the of the self-indereduted and the indeed”）。**到第 4 轮**，单词大多拼写正确，语料库中的短语也开始出现（“the sense of the superiority”）。从第 5 轮起，样本就变化不大了，损失也说明了这一点（见第 9 节）：验证损失从第 3 轮到第 4 轮下降了 0.07，从第 4 轮到第 5 轮下降了 0.02，此后每个轮次的降幅都不到 0.01（第 8 轮甚至还差了 0.0007）。现在 `model` 中保存的是第 7 轮，也就是最佳轮次的权重。
#
# 在最佳轮次，各个温度都保持着各自的特点。温度为 0.2 时，模型总是绕回同样几个稳妥的词（“the sense of the spirit and all the strength”、“the strange of the superition”）。温度为 0.5 时，它把真实的单词串成听起来颇像尼采、实则毫无意义的短语（“the greatest to its will acquired”），其间偶尔夹杂着一个生造词（“subjict”）。温度为 1.0 时，它会生造单词（“promated”、“phalings”）；到了 1.2，它更会把单词拆得支离破碎（“breaqorate”、“firehthic”）。

# %% [markdown]
# ## 9. 模型有多好？和什么相比？
#
# 验证损失为 1.510 奈特，单看这个数字说明不了多少问题。为了给它一个参照尺度，我们在完全相同的 20,010 个验证目标（每个验证窗口之后的那个字符）上，用同一个指标给几个更简单的预测器打分：$-\ln P(\text{真实的下一个字符})$ 的平均值，分别以奈特和比特为单位。**困惑度**（perplexity）$e^{\text{loss}}$ 从另一个角度表达同样的意思：预测器平均而言有多拿不准，就相当于要在多少个可能性相同的字符之间做选择。
#
# - **均匀分布**（uniform）：57 个字符的可能性全都相同，$\ln 57 \approx 4.04$ 奈特。
# - **一元语法**（unigram）：无论前文是什么，每个字符出现的频率都与它在训练文本中的频率相同（`e` 和空格很常见，`z` 很少见）。
# - **n 元语法**（n-gram）：给定前面 $n - 1$ 个字符时下一个字符的概率，通过在训练文本中计数得到。单凭计数，凡是没见过的情况概率都会是 0，因此 `tg.CharNGram` 会把每一阶都与低一阶的模型混合起来（插值 Kneser-Ney 平滑）。它没有需要训练的权重：拟合就是计数。
# - **逐位置 LSTM**（every-position LSTM）：一个同类的网络，训练它在输入的**每一个**位置之后都预测下一个字符，而不只是在最后一个位置之后。它的规模更大（256 个单元而不是 128 个，带有 dropout，在这里用 Adam 训练了 42 分钟），并随 `textgen_utils` 一同提供，因此本课不训练它。

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
# **计数胜出**。6 元语法只是统计训练文本中每个 5 字符上下文之后跟着哪个字符，得分却是 1.364 奈特，远低于原书的 LSTM（1.510）；就连 5 元语法（1.400）也比它好。上下文越长越好，但只到 6 元语法（5 个字符的上下文）为止，再长反而有害：验证文本中的 6 字符或 7 字符上下文，大多在训练文本中很少出现，甚至根本没有出现，因此它们的计数几乎无从依据。
#
# **网络为什么会输**。原书的设置没有充分利用文本。每个 60 字符的窗口只给网络一个目标，即紧随其后的那个字符，而且每隔 3 个字符才开始一个窗口：54 万个训练字符只提供了 18 万个目标。n 元语法则从训练文本的每一个位置学习，逐位置 LSTM 也是如此：它读取的序列在每个字符之后都有一个目标（由 `tg.make_shifted_sequences` 生成）。用上每一个位置之后，那个更大的同类网络把损失降到了 1.395，比原书的模型好 0.115 奈特。不过，这一提升并不全都来自多出来的目标：一个与原书模型规模相同的逐位置网络，训练十分钟后达到了 1.502（见 `benchmarks/README.md`、`every_position.py`），可见网络的规模和更长的训练时间也起了作用；两者各自贡献多少，我们没有测量。
#
# 但这个更大的网络并没有胜过 6 元语法：仍然落后 0.031 奈特。它的训练记录（`textgen_utils/pretrained/README.md`）说明了它的训练为什么在第 22 轮之后就停止了：在最佳轮次（第 20 轮）之后，它的验证损失开始上升，而训练损失仍在下降，所以再多的轮次也只是把那 54 万个训练字符拟合得更好。要在这份语料库上胜过计数，网络需要的比我们在这里给它的更多：更多的文本，或者更强的正则化来防止过拟合。
#
# 下面是我们这次训练的损失曲线，其中标出了最佳轮次，下方是学习率，并以上表中的各行作为参照（一元语法高出了纵轴的范围，图例中标出了它）：

# %% tags=["nbval-ignore-output"]
fig = tg.plot_history(result["history"], best_epoch=result["best_epoch"],
                      baselines={"unigram": scores["unigram"], "6-gram": scores["6-gram"],
                                 "every-position LSTM": scores[
                                     "every-position LSTM (pretrained)"]})
plt.show()

# %% [markdown]
# 验证损失在前四个轮次迅速下降，之后下降变慢，并在第 7 轮达到最佳（1.5101）；第 8 轮时它变差了 0.0007，而训练损失仍在下降：验证损失已经不再改善。训练得更久，模型对训练文本的拟合会越来越好，验证损失却会慢慢上升：这就是**过拟合**。两条曲线之间的差距本身并不是过拟合的迹象：训练损失是整个轮次的平均值，是在权重仍在变化的过程中得到的（这就是为什么在第 1 轮和第 2 轮中它高于验证损失），而且验证文本取自尼采这部著作的另一部分，即最后几章。从第 4 轮起，学习率每个轮次都按同一个因子缩小，到最后一个轮次降到 0.001，因此每个轮次都仍然在改变权重。
#
# 这就是本课只训练 8 个轮次的原因。本课早先的一次运行训练了 60 个轮次，学习率从第 4 轮起每个轮次缩小四分之一；它的最佳轮次同样是第 7 轮（1.5141），此后的 53 个轮次没有一个更好（见 `textgen_utils/pretrained/README.md`、`benchmarks/README.md`）。那时它的学习率已经很小，所以这次运行只能说明更小的步长无济于事，却不能说明更大的步长会带来什么结果。
#
# 这些数字落到文字上是什么样子？下面是三个预测器在温度 0.5 下续写同一段种子文本的结果。

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
# 在温度 0.5 下，单凭肉眼很难分辨这三者：它们写出的大多是真实的单词，组成的短语听起来像语料库里的文字，却毫无意义。表格说明的是 6 元语法和逐位置模型能更好地预测下一个字符，而不是它们写出的句子更有意义。肉眼只能猜测的东西，第 10 节会实际数一数。

# %% [markdown]
# ## 10. 用数字看温度
#
# 第 8 节是凭肉眼评判样本的。下面改用三个数字、通过计数来评判，评判的对象是以验证文本中的 10 段文字为种子、在每段之后各生成的 300 个字符：
#
# - **已知词比例**（known words）：生成的单词中，在训练文本里出现过的单词所占的比例（像“philosophical-s”这样的生造词会拉低它）；
# - **不同词对比例**（distinct pairs）：相邻单词组成的词对中，互不相同的词对的数量占全部词对的比例（重复会拉低它：“the sense of the sense of”有五个词对，去掉重复后只剩三个）；
# - 文本在 6 元语法（6-gram）模型下的交叉熵，以奈特为单位：它衡量的是，在一个靠计数的模型看来，这段文本有多平常。
#
# 我们把从 0（贪婪采样）到 1.5 的各个温度，与两种截断方法进行比较。截断方法不改变整个分布的形状，而是截掉可能性很低的尾部：**top-k** 采样保留可能性最大的 k 个字符；**top-p** 采样（又称核采样）从可能性最大的字符开始依次选取，保留概率之和至少达到 p 的最小字符集合；两者随后都会重新归一化，并在 $T = 1$ 下采样。参照标准则是这些种子文本在原文中真实的后续内容。

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
# 温度让这两个数字此消彼长。贪婪采样写出的几乎全是已知词（0.983），但它的词对中只有 8% 互不相同：它陷入了循环，就像第 2 节那样。提高温度，文本会更加多样，单词却会变差：温度为 0.5 时，已知词比例为 0.914，不同词对比例为 0.899；温度为 1.0 时分别为 0.708 和 0.992；到了 1.5，真实存在的单词已不到一半（0.429）。真实文本（图中的星号）的这两个数字分别为 0.890 和 0.983。没有哪个温度能达到它：与真实文本一样多样的那些温度（从 0.8 起）写出的已知词都更少（0.8 时为 0.805）。
#
# 截断方法落在温度曲线上，或者略高于它。top-p 0.5 写出的已知词比 T = 0.5 更多（0.953，T = 0.5 为 0.914），多样性则略低一些（不同词对比例为 0.884，T = 0.5 为 0.899）；top-p 0.8 和 top-k 5 则落在 T = 0.5 与 T = 0.8 之间，离温度曲线很近。不过，10 段各 300 个字符的文本只是一个很小的样本：在用同一个模型做的一次规模更大的测量中（20 段种子文本，每段续写 400 个字符；见 `benchmarks/README.md`、`quality.py`），top-p 0.8 在不同词对比例为 0.962 时，已知词比例仍有 0.866，而在同样的不同词对比例下，温度曲线给出的已知词比例约为 0.82。截掉尾部能去掉一部分温度保留下来的拼写错误，但没有哪种设置能在两项指标上都比得上真实文本。最后一列说明的是同一回事：对 6 元语法来说，真实文本每个字符的代价是 1.534 奈特；贪婪采样写出的文本在它看来要平常得多（0.740），T = 1.5 下的文本则远不如真实文本平常（3.017）。哪种设置读起来最好，取决于个人品味和用途：一定要多试几种。
#
# 下面是 T = 1.0 和 top-p 0.8 在同一段种子文本、同一组随机数下写出的文本：

# %% tags=["nbval-ignore-output"]
by_label = {row["label"]: row for row in quality}
print(f"seed: {seeds[0]!r}\n")
for label in ["T = 1.0", "top-p 0.8"]:
    print(f"--- {label}:\n{by_label[label]['texts'][0]}\n")

# %% [markdown]
# 两者开头相同（随机数相同），随后便分道扬镳。在 T = 1.0 下，模型很快就开始生造单词（“noomanic”、“inventatooly”、“agbatarl”）；top-p 0.8 从不在可能性很低的尾部抽取字符，生造的单词也就少一些（“huealy”、“allorded”）。
#
# ### 模型在哪里感到意外
#
# 损失是对所有字符取的平均值。单个字符的**惊异度**（surprisal），即以比特为单位的 $-\log_2 P(\text{字符} \mid \text{前文})$，能显示这个平均值从何而来。下面给出验证文本中一段文字里每个字符的惊异度（模型先读入这段文字之前的 60 个字符）：

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
# 模型最没把握的是单词开头的地方：单词的首字母常常是橙色或红色，而一个单词一旦开了头，其余部分大多颜色很浅。颜色最深的格子中，有些是语料库中少见的字符，比如左括号和引号（8.9 和 8.8 比特），以及“chastizes”中的 `z`（8.2 比特）；另一些则是出现在意外位置上的普通字母，比如“effect”中的第一个 `f`（8.4 比特）。平均值为每字符 2.04 比特，接近模型的验证损失（2.18 比特）；这段文字比一般的段落稍微容易一些。
#
# ### 自己动手试一试
#
# 拖动滑块，就能用预训练模型在另一个温度下写作（需要 `ipywidgets`，Colab 和 JupyterLab 都已自带；每次使用的种子文本和随机数都相同，因此只有温度在变）：

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
# ## 11. 结论
#
# - 语言模型根据前面的词元预测下一个词元；生成文本就是“预测、选择、追加”的循环，无论词元是字符、单词、音符还是笔画。
# - 如何选择与模型本身同样重要。贪婪采样会不断重复；温度为 1 的采样会生造单词；较低的温度和 top-p 采样则牺牲一些多样性，换来真实存在的单词。哪种平衡读起来最好，取决于个人品味和用途，所以一定要多试几种。
# - 要拿基线来衡量。原书的网络学会了拼写、标点和文风的表层特征，但只要统计训练文本中每个 5 字符上下文之后跟着哪个字符，就能预测得更好（1.364 奈特，原书的网络为 1.510）。一个更大的 LSTM 在每个位置上训练之后，结果接近计数（1.395），但在这份语料库上并没有胜过它。
# - 模型根本不知道自己在说什么。它学到的是哪些字符往往跟在哪些字符后面，对单词所描述的世界一无所知；它写出的文本只对我们才有意义。它居然能奏效，这本身就说明了语言的某种特点：文本中充满了统计规律。设想有一种语言编码得极其紧凑，无论前文是什么，下一个字符出现的可能性都完全相同，就像一个经过完美压缩的文件：它可以承载同样多的意义，但任何语言模型都无法从中学到任何东西。
#
# ### 预训练模型
#
# `tg.load_pretrained()` 返回的是本笔记本自身那次完整训练中最佳轮次的模型（它是怎样训练出来的，见 `textgen_utils/pretrained/README.md`）；在命令行中，也可以用 `python -m textgen_utils generate --seed "..."` 让它来写作。`tg.load_pretrained(kind="every_position")` 返回的是第 9 节中的逐位置模型。
#
# ### 使用你自己的语料库
#
# 任何 UTF-8 文本都可以：在本笔记本中用 `tg.load_corpus("my_text.txt")`，或者在终端中运行 `python -m textgen_utils train --corpus my_text.txt`。语料库最好至少有几十万个字符；如果太少，模型就会死记硬背，而不是学会泛化（你会看到训练损失下降的同时，验证损失却在上升）。

# %% [markdown]
# ## 练习
#
# 第 1 到第 5 道练习最后都有一个检查：把 `None` 换成你的答案，然后运行它。它会告诉你答案是否正确（正确时返回 `True`）；如果不正确，它会抛出一个错误，说明哪里看起来不对。这几道练习在 `textgen_utils.exercises` 中还各附有参考答案，你可以展开查看。
#
# **1. 手算温度**。用第 2 节的公式，只用 NumPy（不用 `tg.reweight_distribution`），在 $T = 0.5$ 下对分布 $p = (0.5, 0.3, 0.2)$ 重新加权。

# %%
answer_1 = None  # 你算出的三个概率，例如 np.array([...])
right = exercises.check_temperature(answer_1)

# %% [markdown]
# <details><summary>参考答案</summary>
#
# `exercises.solution_temperature()` 会算出答案；用 `print(inspect.getsource(exercises.solution_temperature))` 可以阅读它的代码。
#
# </details>
#
# **2. 计算熵**。你在练习 1 中得到的答案，熵是多少比特？把它与 $p$ 本身的熵作比较。

# %%
answer_2 = None  # 比特数
right = exercises.check_entropy(answer_2)

# %% [markdown]
# <details><summary>参考答案</summary>
#
# `exercises.solution_entropy()`；它的代码：`inspect.getsource(exercises.solution_entropy)`。
#
# </details>
#
# **3. 更深的模型**。如果在全连接层之前堆叠两个 `LSTM(128)` 层（第一层设置 `return_sequences=True`，使第二层在每一步都能读取它的输出），本课的模型有多少个参数？先根据第 5 节的方程算出来，再用 Keras 的层搭建这个模型，检验你得到的数字。

# %%
answer_3 = None  # 一个整数
right = exercises.check_stacked_params(answer_3)

# %% [markdown]
# <details><summary>参考答案</summary>
#
# `exercises.solution_stacked_params()`；它的代码：`inspect.getsource(exercises.solution_stacked_params)`。这样的模型与本课的模型一样，可以用 `tg.train` 训练，用 `tg.generate_text` 生成文本。
#
# </details>
#
# **4. 自己实现 top-p 采样器**。编写 `my_top_p(model, vocab, seed_text, length, top_p, rng)`，让它返回 `length` 个新字符，每个字符的抽取方法是：取模型给出的分布（`tg.next_char_probs`），把它截断到 top-p 核（`tg.truncate_distribution(p, top_p=top_p)`），再在 $T = 1$ 下用 `tg.sample` 从中抽取。检查会取 `top_p=0.8`，以四段验证文本为种子运行它；如果它生成的文本中已知词的比例高于 `tg.generate_text` 在 $T = 1$ 下生成的文本，就算通过（大约需要一分钟）。

# %% tags=["nbval-ignore-output"]
my_top_p = None  # 你的函数
right = exercises.check_top_p(my_top_p, pretrained, pretrained_vocab, seeds[:4], known)

# %% [markdown]
# <details><summary>参考答案</summary>
#
# `exercises.solution_top_p`；它的代码：`inspect.getsource(exercises.solution_top_p)`。
#
# </details>
#
# **5. 更短的记忆**。用 `maxlen=20` 代替 60 来训练本课的模型（换用一个新的 `run_dir`，比如 `runs/maxlen20`：如果仍用 `runs/lesson`，`tg.train` 只会直接加载那次已经完成的训练），再把它的最佳验证损失交给检查；检查中记录了我们自己几次训练所达到的范围。损失比用 60 个字符时更高还是更低（它是在自己的验证窗口上计算的，因此目标会略有不同）？生成的样本有什么不同？较短的窗口训练起来也更快：在这里大约需要 5 分钟。

# %%
answer_5 = None  # 你的 maxlen=20 训练的最佳验证损失
right = exercises.check_short_maxlen(answer_5, maxlen=20)

# %% [markdown]
# <details><summary>参考答案</summary>
#
# `exercises.solution_short_maxlen(train_text, val_text, vocab)` 会训练这个模型并返回最佳验证损失；它的代码：`inspect.getsource(exercises.solution_short_maxlen)`。在我们的两次训练中，损失都比用 60 个字符时更低（1.500 和 1.501，而 60 个字符时为 1.510）：这暗示着，这个网络每个窗口只用一个目标来训练，很少利用距离较远的那些字符。
#
# </details>
#
# **6. 换一份文本**。用 `textgen_utils` 自身的源代码来训练（它的文件位于 `os.path.dirname(tg.__file__)`）。这份源代码还不到语料库的一半大，因此可以预料模型会过拟合。模型最先学会的是哪些模式？

# %% [markdown]
# ## 附录：为什么在核心较少的 CPU 上训练得这么快
#
# `build_model` 中的两项选择改变的是模型训练的速度，而不是它计算的内容（测试会检查预测和梯度是否相同）。在 CPU 上，LSTM 会被**展开**（unroll）：它的 60 个时间步不再是一个循环，而是变成一张直线式的计算图。在 GPU 上，它仍然保持为循环，以便 Keras 使用 NVIDIA 的快速 cuDNN 内核（由 `build_model(device=...)` 选择；`"auto"` 会根据所在的机器自动判断）。此外，每个训练批次都分成两半运行，TensorFlow 可以让两半各用一个核心，`tg.configure_threads()` 则相应地设置线程数。相关的测量结果，以及在同一次运行中对原书循环与我们的循环所做的计时对比，都记录在课程仓库的 `benchmarks/README.md` 中：https://github.com/textgen-course/char-lstm-course/blob/main/benchmarks/README.md

# %% tags=["nbval-ignore-output"]
print(f"This notebook ran for {(time.monotonic() - LESSON_START) / 60:.1f} minutes "
      "(from the setup cell to here).")
