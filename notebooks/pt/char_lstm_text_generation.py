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
# # Geração de texto com uma LSTM em nível de caractere
#
# Esta é a lição clássica do livro *Deep Learning with Python*, de François Chollet (daqui em
# diante, “o livro”), refeita para o Keras atual. Uma pequena rede recorrente lê a tradução
# para o inglês de *Além do Bem e do Mal* (*Beyond Good and Evil*), de Friedrich Nietzsche,
# 60 caracteres por vez, e aprende uma única coisa: adivinhar o próximo caractere.
# Depois, deixamos que ela escreva. Ninguém diz a ela o que é uma palavra, onde termina uma
# frase ou como se usam as vírgulas; ao fim do treinamento, ela terá aprendido boa parte
# disso apenas a partir do texto.
#
# Você precisa conhecer o básico de Keras: camadas, `compile`, `fit`. Todo o resto é
# explicado ao longo da lição. As funções auxiliares vêm do `textgen_utils`, o pequeno pacote
# testado que acompanha este curso. Nos pontos em que isso importa, a lição exibe o
# código-fonte delas, de modo que o que você lê é o próprio código que os testes verificam.
#
# O roteiro:
#
# 1. como um modelo de linguagem gera sequências;
# 2. como escolher o próximo caractere: de forma gulosa ou aleatória, e a temperatura do
#    softmax;
# 3. o corpus;
# 4. como transformar texto em arrays;
# 5. o modelo, e o que uma LSTM calcula;
# 6. amostragem, geração e o laço de treinamento, em código;
# 7. o treinamento, com amostras ao fim de cada época;
# 8. o que as amostras mostram;
# 9. quão bom é o modelo, e em comparação com quê;
# 10. a temperatura, em números;
# 11. conclusões e, depois, exercícios que você pode conferir.

# %% [markdown]
# ## Preparação do ambiente
#
# A próxima célula instala o `textgen_utils` quando ele não está instalado, por exemplo no
# Google Colab. Na sua própria máquina, o `pip install -e ".[dev]"` executado no repositório
# já cuidou disso, e a célula não faz nada.
#
# Tudo o que o programa imprime (palavras como “temperature” ou “best epoch”) fica em inglês
# em todas as edições do curso: as cinco versões executam o mesmo código e mostram as mesmas
# saídas.

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
# **Completa ou rápida.** A lição completa treina o modelo por 8 épocas com o corpus inteiro.
# Escolhemos 8 com base em medições: com o plano de treinamento da seção 5, a perda de validação
# para de melhorar nesse ponto (a seção 9 mostra a curva e os treinamentos por trás dessa
# escolha). O livro treina por 59 épocas; definir `EPOCHS = 59`, na célula abaixo, reproduz esse
# número, com o plano de treinamento distribuído por todas elas. Na nossa máquina de teste de dois
# núcleos, o notebook inteiro, treinamento incluído, rodou em 12,6 minutos na execução cujas
# saídas estão guardadas aqui (a última célula imprime esse tempo); o treinamento, com as suas
# amostras, levou 10,7 desses minutos, de 72 a 103 segundos por época.
#
# O modo rápido executa exatamente as mesmas células, mas treina só com os primeiros 60.000
# caracteres do texto de treinamento, por 2 épocas, em poucos minutos (o vocabulário e o texto
# de validação continuam vindo do corpus inteiro): a suíte de testes o usa para verificar se
# todas as células continuam funcionando. Para ativá-lo, defina a variável de ambiente
# `TEXTGEN_QUICK=1` antes de iniciar o Jupyter; os números que dependem do treinamento ficarão
# piores, e todo o resto é idêntico.

# %% tags=["nbval-ignore-output"]
import os

QUICK = os.environ.get("TEXTGEN_QUICK") == "1"
EPOCHS = 2 if QUICK else 8  # no livro: 59
TRAIN_CHARS = 60_000 if QUICK else None  # None: todo o texto de treinamento
SEED = 2024  # fixa os pesos iniciais, o texto-semente das amostras e a amostragem
print(f"{'Quick' if QUICK else 'Full'} mode: {EPOCHS} epochs.")

# %% [markdown]
# O TensorFlow imprime algumas linhas sobre o hardware ao iniciar; a variável de ambiente
# definida abaixo as oculta. A função `tg.configure_threads()` define quantas threads o
# TensorFlow usa, o que só faz diferença para a velocidade em uma CPU com poucos núcleos (o
# apêndice no fim da lição fala mais sobre isso); ela precisa ser chamada antes de o
# TensorFlow fazer qualquer cálculo.

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
# ## 1. Como um modelo de linguagem gera sequências
#
# Um *modelo de linguagem* atribui, para qualquer início de texto, uma probabilidade a cada
# token que poderia vir em seguida. Aqui, um token é um único caractere, então o modelo
# responde a perguntas como: depois de `"the will to powe"`, qual é a probabilidade de
# `"r"`? E de `"n"`? E de um espaço?
#
# Gerar texto com um modelo assim é um laço. Partimos de um trecho de texto, os *dados de
# condicionamento* (o “texto-semente”), e então (a figura usa uma janela de 16 caracteres,
# para continuar legível):
#
# 1. damos ao modelo o texto escrito até agora (no nosso caso, seus últimos 60 caracteres);
# 2. obtemos uma distribuição de probabilidade sobre o próximo caractere;
# 3. escolhemos um caractere com base nessa distribuição;
# 4. acrescentamos esse caractere ao texto, avançamos a janela em um caractere e voltamos ao
#    passo 1.

# %%
fig = tg.plot_generation_loop()
plt.show()

# %% [markdown]
# O mesmo laço gera muito mais do que texto. Com um modelo treinado com notas musicais, ele
# compõe melodias; com posições de uma caneta, traça escrita à mão e pinceladas; com pequenos
# trechos de som, fala. Com um modelo treinado com conversas, ele responde a mensagens: as
# sugestões de resposta curta de um aplicativo de e-mail são um modelo de linguagem escolhendo
# a próxima palavra. Os grandes modelos de linguagem por trás dos atuais assistentes de chat, da
# tradução automática e do autocompletar de código também executam esse laço, com tokens
# de subpalavra.
#
# O modelo dentro do laço pode ser qualquer rede que leia uma sequência: uma rede recorrente
# como a nossa LSTM, que lê um caractere depois do outro, ou uma rede convolucional
# unidimensional, que desliza pequenos filtros ao longo da sequência (a `Conv1D` do Keras);
# os grandes modelos atuais são Transformers. Trabalhar com caracteres mantém o nosso
# vocabulário minúsculo (57 símbolos, em vez de dezenas de milhares de palavras) e permite
# que o modelo invente palavras que nunca viu; o preço é que ele precisa aprender ortografia
# antes de qualquer outra coisa, e que 60 caracteres são só uma dúzia de palavras de
# contexto.
#
# Para ver a entrada e a saída do laço, aqui está um modelo que já foi treinado com este
# corpus (vamos treinar o nosso na seção 7). Ele vem junto com o `textgen_utils`:

# %%
pretrained, pretrained_vocab = tg.load_pretrained()
prompt = "the will to powe"
p_next = tg.next_char_probs(pretrained, pretrained_vocab, prompt)
for i in np.argsort(-p_next)[:5]:
    print(f"{pretrained_vocab.chars[i]!r}: {p_next[i]:.3f}")

# %% [markdown]
# ## 2. Como escolher o próximo caractere
#
# O passo 3 do laço esconde uma decisão de verdade.
#
# A **amostragem gulosa** sempre escolhe o caractere mais provável. Parece sensata, mas
# produz um texto monótono e repetitivo: as mesmas frases prováveis voltam sem parar, e o
# laço pode acabar preso em um ciclo (veremos um exemplo abaixo).
#
# A **amostragem estocástica** sorteia o caractere seguindo as probabilidades do modelo: se
# `"e"` tem probabilidade 0,3, ele é escolhido 30% das vezes. O texto fica variado e, às
# vezes, surpreendente. Mas quanta aleatoriedade queremos? Com pouca, voltamos à
# amostragem gulosa; com muita, obtemos ruído.
#
# A **temperatura do softmax** $T$ é o nosso controle. Ela repondera uma distribuição $p$,
# transformando-a em
#
# $$q_i = \frac{p_i^{1/T}}{\sum_j p_j^{1/T}}
#       = \operatorname{softmax}\!\left(\frac{\log p}{T}\right)_i .$$
#
# Com $T = 1$, nada muda. Abaixo de 1, os caracteres prováveis ganham peso e os improváveis
# vão sumindo ($T \to 0$ é a amostragem gulosa); acima de 1, a distribuição se achata,
# aproximando-se da uniforme.
#
# A **entropia** $H(q) = -\sum_i q_i \log_2 q_i$, em bits, mede quanta escolha ainda resta:
# 0 bits quando não há dúvida sobre o caractere, $\log_2 57 \approx 5{,}8$ bits quando os 57
# são igualmente prováveis. Baixar a temperatura reduz a entropia.
#
# Esta é a função que o curso usa, tirada diretamente de `textgen_utils/sampling.py`:

# %%
print(inspect.getsource(tg.reweight_distribution))

# %% [markdown]
# Ela trabalha em float64 e subtrai o maior logit antes de exponenciar, para que uma
# temperatura minúscula (que divide os logits por quase nada) não provoque um underflow
# numérico que zere todos os valores, o que daria 0/0 = NaN; e `log(0)` continua sendo um
# `-inf` silencioso (um caractere com probabilidade 0 continua com probabilidade 0).
#
# Agora, duas distribuições reais do modelo treinado. A primeira vem depois de uma frase no estilo
# do corpus (e não tirada dele) que termina com um espaço, ponto em que muitas palavras poderiam
# vir em seguida (o modelo lê os últimos 60 caracteres dela); a segunda, no meio de uma palavra,
# depois de `"the will to powe"`. Cada painel mostra os caracteres mais prováveis após a
# reponderação (20 na primeira figura, 10 na segunda), mais uma última barra com todos os outros
# juntos, em um eixo logarítmico, para que as probabilidades pequenas continuem visíveis; o título
# traz a entropia da distribuição inteira. `␣` é o espaço.

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
# Depois do espaço, o modelo hesita entre muitas primeiras letras: com $T = 1$, a
# distribuição tem 4,16 bits de entropia, e $T = 1{,}2$ a espalha ainda mais. Depois de
# “powe”, no meio de “power”, o modelo tem quase certeza do `r`, e mesmo $T = 1{,}2$ deixa
# pouca escolha: a temperatura pesa mais justamente onde o modelo está em dúvida.
#
# **A amostragem gulosa, na prática.** Veja o que o mesmo modelo escreve quando sempre escolhe
# o caractere mais provável, a partir da linha acima:

# %%
greedy = tg.generate_text(pretrained, pretrained_vocab, seed_line, length=300, temperature=0)
print(greedy)
for period in range(1, 150):  # o ciclo mais curto em que o texto termina, se houver
    if greedy[-2 * period:-period] == greedy[-period:]:
        start = len(greedy) - 2 * period  # recua enquanto o texto mantiver o mesmo período
        while start > 0 and greedy[start - 1] == greedy[start - 1 + period]:
            start -= 1
        print(f"\nFrom character {start + 1} on, the text repeats a cycle of {period} "
              f"characters: {greedy[start:start + period]!r}")
        break

# %% [markdown]
# ## 3. O corpus
#
# `load_corpus` baixa o texto uma única vez com `keras.utils.get_file`, que o guarda em
# `~/.keras/datasets/`; as chamadas seguintes leem o arquivo do cache. Sem internet, defina
# a variável de ambiente `TEXTGEN_CORPUS` com o caminho de uma cópia local antes de iniciar
# o Jupyter: assim, todas as células desta lição passam a ler esse arquivo.
# O texto é convertido para minúsculas, o que reduz o vocabulário e facilita a tarefa para
# um modelo pequeno.

# %%
text = tg.load_corpus()
print(f"Corpus length: {len(text):,} characters")
print(f"Distinct characters: {len(set(text))}")

# %%
print(text[:400])

# %% [markdown]
# **A armadilha do UTF-8.** O arquivo está codificado em UTF-8: a maioria dos caracteres
# ocupa um byte, mas letras como `ä` ou `é` ocupam dois. Se você o ler com `open(path)` sem
# `encoding=`, o Python usa a codificação padrão da plataforma, que é UTF-8 no Linux e no
# macOS, mas muitas vezes cp1252 no Windows. Nesse caso, cada caractere de dois bytes vira
# dois caracteres errados: o texto fica mais longo, ganha símbolos a mais e o seu modelo
# aprende um alfabeto diferente. `load_corpus` sempre lê em UTF-8. Veja a diferença no
# arquivo real:

# %%
raw = tg.corpus_path().read_bytes()
as_cp1252 = raw.decode("cp1252").lower()  # o que open(path) faz em muitas máquinas com Windows
print(f"bytes in the file:              {len(raw):,}")
print(f"characters, read as UTF-8:      {len(text):,} ({len(set(text))} distinct)")
print(f"characters, read as cp1252:     {len(as_cp1252):,} ({len(set(as_cp1252))} distinct)")
print("non-ASCII characters (UTF-8):", sorted(c for c in set(text) if ord(c) > 127))

# %% [markdown]
# ## 4. Do texto aos arrays
#
# O modelo aprende com exemplos do tipo *60 caracteres → o caractere seguinte*. Deslizamos
# uma janela de `maxlen = 60` caracteres ao longo do texto, avançando `step = 3` caracteres
# por vez. Um passo de 1 daria três vezes mais exemplos, quase idênticos entre si; com 3, o
# conjunto de dados continua com um tamanho gerenciável.

# %%
maxlen, step = 60, 3
sentences, next_chars = tg.make_sequences(text, maxlen, step)
print(f"Number of sequences: {len(sentences):,}")
print(repr(sentences[1]), "->", repr(next_chars[1]))

# %% [markdown]
# A figura mostra a ideia em escala menor, com janelas de 10 caracteres em vez de 60 (o
# passo é o mesmo da lição, 3): cada linha é um exemplo de treinamento, com os caracteres de
# entrada em uma cor e, na outra, o caractere que o modelo deve aprender a prever.

# %%
fig = tg.plot_windows(text[:40], maxlen=10, step=3, n=4)
plt.show()

# %% [markdown]
# A rede não sabe ler caracteres, só números. O vocabulário dá a cada caractere distinto
# um id inteiro, com os caracteres ordenados por ponto de código Unicode:

# %%
vocab = tg.CharVocab.from_text(text)
print(f"{len(vocab)} characters:", repr("".join(vocab.chars)))  # \n é a quebra de linha
print(vocab.encode("nietzsche"))

# %% [markdown]
# A representação clássica é a **codificação one-hot**: cada caractere vira um vetor de
# tamanho 57, todo de zeros, exceto por um único 1 na posição do seu id. Uma sequência vira
# uma matriz 60 × 57, e o conjunto de dados inteiro, um array booleano tridimensional; os
# alvos viram vetores one-hot de tamanho 57.
# `vectorize` os constrói com NumPy (o livro usa dois laços aninhados em Python; a suíte de
# testes verifica se os arrays são idênticos, elemento por elemento):

# %%
x, y = tg.vectorize(sentences, next_chars, vocab)
print("x:", x.shape, x.dtype, f"{x.nbytes / 1e6:,.0f} MB")
print("y:", y.shape, y.dtype, f"{y.nbytes / 1e6:,.1f} MB")
print(f"x as float32, the type the network computes in: {x.size * 4 / 1e9:.2f} GB")

# %% [markdown]
# São 685 MB de booleanos, dos quais 98% são zeros (56 de cada 57), e 2,7 GB se algum dia
# forem convertidos para floats. A mesma informação cabe em um byte por caractere: as
# **janelas de inteiros** guardam os ids dos caracteres, e o próprio modelo faz a
# codificação one-hot, lote a lote, na sua primeira camada. É assim que vamos treinar.

# %%
x_ids, y_ids = tg.make_windows(text, vocab, maxlen, step)
print("x_ids:", x_ids.shape, x_ids.dtype, f"{x_ids.nbytes / 1e6:.1f} MB")
same = np.array_equal(x.argmax(-1), x_ids) and np.array_equal(y.argmax(-1), y_ids)
print("same information:", same)
del x, y  # libera os 685 MB

# %% [markdown]
# Por fim, separamos os últimos 10% do texto para a validação. Cortamos o texto, e não a
# lista de sequências: janelas vizinhas compartilham 57 dos seus 60 caracteres, então uma
# divisão aleatória “validaria” o modelo com um texto que ele praticamente já viu.

# %% tags=["nbval-ignore-output"]
train_text, val_text = tg.split_text(text, val_fraction=0.1)
if TRAIN_CHARS is not None:
    train_text = train_text[:TRAIN_CHARS]
x_train, y_train = tg.make_windows(train_text, vocab, maxlen, step)
x_val, y_val = tg.make_windows(val_text, vocab, maxlen, step)
print(f"training sequences: {len(x_train):,}, validation sequences: {len(x_val):,}")

# %% [markdown]
# ## 5. O modelo
#
# A rede é a mesma do livro: uma camada `LSTM` com 128 unidades lê os 60 caracteres em ordem
# e os resume em um vetor de 128 números; uma camada `Dense` com softmax transforma esse
# vetor em 57 probabilidades, uma por caractere. A camada extra no início, `CharOneHot`, não
# tem pesos: ela converte os ids inteiros em vetores one-hot, de modo que a LSTM recebe
# exatamente a mesma entrada que na versão do livro.

# %% tags=["nbval-ignore-output"]
model = tg.build_model(vocab, maxlen=maxlen, units=128, learning_rate=0.01)
model.summary()

# %% [markdown]
# ### O que uma LSTM calcula
#
# A LSTM lê a janela um caractere por vez. No passo $t$, ela recebe o caractere $x_t$ (um
# vetor one-hot de 57 números) e dois vetores de 128 números que traz do passo anterior: a sua
# saída $h_{t-1}$ e a sua *célula de memória* $c_{t-1}$. Ela calcula três portas, cada uma
# delas um número entre 0 e 1 por unidade ($\sigma$ é a sigmoide logística), e um valor
# candidato $g_t$ para a memória:
#
# $$
# \begin{aligned}
# i_t &= \sigma(x_t W_i + h_{t-1} U_i + b_i) && \text{porta de entrada: quanto de } g_t
#   \text{ escrever}\\
# f_t &= \sigma(x_t W_f + h_{t-1} U_f + b_f) && \text{porta de esquecimento: quanto de }
#   c_{t-1} \text{ manter}\\
# o_t &= \sigma(x_t W_o + h_{t-1} U_o + b_o) && \text{porta de saída: quanto da
#   memória mostrar}\\
# g_t &= \tanh(x_t W_g + h_{t-1} U_g + b_g) && \text{memória candidata}\\
# c_t &= f_t \odot c_{t-1} + i_t \odot g_t\\
# h_t &= o_t \odot \tanh(c_t)
# \end{aligned}
# $$
#
# ($\odot$ multiplica elemento por elemento.) A memória $c_t$ só muda na medida em que as
# portas de esquecimento e de entrada permitem, de modo que a informação pode atravessar
# muitos passos; é a isso que se refere o “long short-term” do nome (*long short-term
# memory*). Depois do 60º caractere, $h_{60}$ vai para a camada densa, cujo softmax dá as
# probabilidades do próximo caractere.
#
# O Keras guarda as quatro matrizes $W$ lado a lado em um único `kernel` de formato 57 × 512,
# as quatro $U$ em um `recurrent_kernel` de 128 × 512 e os quatro vetores $b$ em um `bias` de
# 512, na ordem $i, f, g, o$. Aqui estão as equações em NumPy, executadas com os próprios pesos
# do modelo, ao lado da resposta do Keras para a mesma janela:

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
        z = kernel[char_id] + h @ recurrent_kernel + bias  # x_t W: a linha do kernel para x_t
        i, f, g, o = (z[k * units:(k + 1) * units] for k in range(4))
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    logits = h @ dense_kernel + dense_bias
    return np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()


ours = lstm_next_char_probs(model, x_ids[0])
keras_says = model.predict(x_ids[:1], verbose=0)[0]
print(f"largest difference from Keras: {np.abs(ours - keras_says).max():.1e}")

# %% [markdown]
# Multiplicar um vetor one-hot por uma matriz apenas seleciona uma das linhas dela; por isso,
# `kernel[char_id]` é $x_t W$. O modelo ainda não foi treinado, mas o cálculo é o mesmo que
# ele vai continuar fazendo.
#
# **De onde vêm os 102.585 parâmetros.** Cada uma das quatro primeiras equações tem uma matriz
# $W$ (57 × 128), uma matriz $U$ (128 × 128) e um vetor $b$ (128):
# $4 \times 128 \times (57 + 128 + 1) = 95.232$. A camada densa acrescenta
# $128 \times 57 + 57 = 7.353$.

# %%
print(f"parameters: {model.count_params():,}")
print(f"{type(model.optimizer).__name__}, learning rate {float(model.optimizer.learning_rate):g}, "
      f"clipnorm {model.optimizer.clipnorm}")
print("loss:", model.loss)

# %% [markdown]
# ### Como ele é treinado
#
# O treinamento usa o otimizador **RMSprop**, com taxa de aprendizado 0,01, e a função de
# perda **entropia cruzada categórica**: o logaritmo negativo da probabilidade que o modelo
# atribuiu ao próximo caractere correto. Como nossos alvos são ids, `build_model` compila o
# modelo com a forma “esparsa” dessa perda, `sparse_categorical_crossentropy`: o mesmo
# valor, sem alvos one-hot.
#
# **Estabilidade.** `clipnorm=1.0` faz o recorte do gradiente (gradient clipping): quando a
# norma do gradiente de um tensor de pesos passa de 1, ele é reduzido até ter norma 1, para
# que um único gradiente excepcionalmente grande não jogue os pesos para longe. O que medimos
# (`benchmarks/README.md`, com os primeiros 200.000 caracteres e lotes de 256): com uma taxa
# de aprendizado dez vezes maior que a da lição, a primeira época terminou com perda 7,0 sem o
# recorte e 2,8 com ele. Com a taxa da própria lição, em treinamentos de 6 épocas, o recorte
# alterou a perda de treinamento em menos de 0,02, e a melhor perda de validação foi um pouco
# pior com ele (1,825 contra 1,796): um preço pequeno pela proteção. Não testamos se ele evita
# a explosão no fim do treinamento publicado no livro, cuja perda sobe de 1,30 para 14,6 nas
# quatro últimas épocas. Como segunda rede de segurança, `tg.train` volta à última época boa
# se a perda virar NaN ou mais do que dobrar.
#
# **O plano de treinamento (schedule).** O livro treina todas as épocas da mesma forma: lotes
# de 128 janelas, com taxa de aprendizado 0,01. `tg.lesson_schedule` muda duas coisas de uma
# época para outra:
#
# - As épocas 1 a 3 usam lotes de 256, com a taxa de aprendizado integral: um modelo
#   recém-criado aprende mais com muitos passos, mesmo que ruidosos.
# - A partir da época 4, cada lote tem 1.024 janelas, e a taxa de aprendizado diminui pelo
#   mesmo fator a cada época, até chegar, na última, a um décimo do valor inicial. Os passos
#   ficam mais curtos à medida que o modelo se aproxima de um mínimo.
#
# Essa redução se distribui por todas as épocas que você treinar, quantas forem, de modo que
# cada época ainda move os pesos: com `EPOCHS = 59`, a última época também usa um décimo da
# taxa.

# %% tags=["nbval-ignore-output"]
print(inspect.getsource(tg.lesson_schedule))
for epoch in range(EPOCHS):
    size, factor = tg.lesson_schedule(epoch, EPOCHS)
    print(f"epoch {epoch + 1}: batch {size:5,d}, learning rate {0.01 * factor:.2g}")

# %% [markdown]
# `build_model` também faz duas escolhas que só mudam a velocidade com que o modelo é
# treinado em uma CPU, e não o que ele calcula; o apêndice no fim da lição diz quais são.

# %% [markdown]
# ## 6. Amostragem, geração e o laço de treinamento, em código
#
# `sample` é a função por trás do passo 3 do laço: repondera a distribuição pela temperatura
# e depois sorteia. Temperatura 0 significa amostragem gulosa.

# %%
print(inspect.getsource(tg.sample))

# %% [markdown]
# A versão do livro sorteia com `np.random.multinomial`, que lança
# `ValueError: sum(pvals[:-1]) > 1.0` quando as probabilidades somam um pouquinho mais que 1;
# o livro evita o erro convertendo-as antes para float64 e renormalizando-as. A amostragem por
# transformada inversa (ou amostragem pela CDF inversa: sortear um número com distribuição
# uniforme e ver onde ele cai na soma acumulada) não tem esse problema, e um caractere com
# probabilidade 0 fica com um intervalo vazio, então nunca pode ser sorteado.
#
# A função `tg.generate_text` executa o laço inteiro da seção 1: guarda os últimos `maxlen`
# caracteres, pede ao modelo a distribuição do próximo caractere, sorteia um caractere e o
# acrescenta. Ela roda dentro de uma única função compilada do TensorFlow e gera o texto de
# todas as temperaturas de uma vez, em vez de chamar `model.predict` uma vez por caractere,
# como faz o livro; a suíte de testes verifica se ela calcula a mesma distribuição que se
# obtém chamando o modelo sobre a janela. Ela funciona com qualquer modelo Keras que leia
# janelas de caracteres (com mais camadas, com uma GRU, com uma camada `Embedding`).
# Nosso modelo ainda não foi treinado, então por enquanto ele escreve ruído (o texto-semente
# tem menos de 60 caracteres: `generate_text` o completa à esquerda com espaços):

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(SEED)
print(tg.generate_text(model, vocab, "the philosopher ", length=120, temperature=1.0, rng=rng))

# %% [markdown]
# **O laço de treinamento.** O livro alterna treino e escrita: uma época de `fit`, depois
# uma amostra em cada temperatura, e assim por diante. Aqui está esse laço, escrito por
# extenso; modifique-o como quiser. Nós o executamos por uma época, com um modelo novo e
# descartável e um décimo das janelas, só para vê-lo funcionar:

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
# `tg.train` executa o mesmo laço, com o que um treinamento longo precisa a mais: ao fim de
# cada época, salva os pesos, o estado do otimizador, o histórico e as amostras, para que um
# treinamento interrompido possa ser retomado; aplica o plano de treinamento; guarda os
# melhores pesos segundo a perda de validação; e, se a perda virar NaN ou mais do que dobrar,
# interrompe o treinamento e volta à última época boa. As amostras vêm de
# `tg.SampleTextCallback`, um callback do Keras que faz a segunda metade do laço, a de
# “depois, gerar”.

# %% [markdown]
# ## 7. Treinamento, com amostras ao fim de cada época
#
# Ao fim de cada época, o amostrador continua os mesmos 60 caracteres do texto de validação
# (um texto com o qual o modelo nunca é treinado) por 200 caracteres, nas temperaturas 0,2;
# 0,5; 1,0 e 1,2. O texto-semente e os números aleatórios são os mesmos em todas as épocas,
# para que as épocas possam ser comparadas. O amostrador guarda as amostras de todas as
# épocas, mas só exibe as de duas em duas épocas.
#
# Um pequeno callback do Keras, `keras.callbacks.LambdaCallback`, imprime uma linha por
# época: as perdas, a taxa de aprendizado e quanto tempo a época levou.
#
# Ao fim de cada época, `tg.train` salva o treinamento em `runs/lesson/`. Se você interromper
# a célula (o botão ■, ou Ctrl-C em um terminal) ou se o kernel morrer, execute a célula de
# novo: ela retoma a partir da última época concluída. Quando o treinamento estiver
# concluído, uma nova execução da célula apenas carrega o resultado. Para pular o
# treinamento, defina `USE_PRETRAINED = True`: em vez de treinar, a célula carrega o modelo
# pré-treinado e o registro do seu treinamento (o treinamento completo deste próprio
# notebook).

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
# A perda é medida em nats (logaritmos naturais); dividida por $\ln 2$, ela vira bits por
# caractere: o número médio de perguntas de sim ou não de que o modelo ainda precisa para
# adivinhar o próximo caractere. Chutar sempre ao acaso, com chances iguais para os 57
# caracteres, custaria $\log_2 57 \approx 5{,}8$ bits. Agora, `model` contém os pesos da
# melhor época, e não os da última.

# %% [markdown]
# ## 8. O que as amostras mostram
#
# A amostra de cada época na temperatura 0,5, todas a partir do mesmo texto-semente, uma
# linha por época (os primeiros 100 caracteres, com cada quebra de linha exibida como ↵):

# %% tags=["nbval-ignore-output"]
samples = result["samples"]
print(f"seed: {samples[0]['seed']!r}")
for s in samples:
    line = s["texts"]["0.5"][:100].replace("\n", "↵")
    print(f"epoch {s['epoch']:2d}{' (best)' if s['epoch'] == result['best_epoch'] else ''}: "
          f"{line}")

# %% [markdown]
# E as amostras da melhor época nas quatro temperaturas:

# %% tags=["nbval-ignore-output"]
best = next(s for s in samples if s["epoch"] == result["best_epoch"])
for temperature, generated in best["texts"].items():
    print(f"--- T = {temperature}:\n{generated}\n")

# %% [markdown]
# Leia a lista de cima para baixo. **Depois da época 1**, o modelo sabe que as palavras são
# curtas e separadas por espaços, e pouco mais: repete “to to to” e escreve sequências com
# cara de palavra, como “matien”. **Depois da época 2**, a maioria das palavras curtas existe,
# mas as frases não levam a lugar nenhum (“in the of the self-indereduted and the indeed”).
# **Na época 4**, as palavras já saem quase todas bem escritas e aparecem frases do corpus
# (“the sense of the superiority”). Da época 5 em diante, as amostras mudam pouco, e a perda
# diz o mesmo (seção 9): a perda de validação cai 0,07 da época 3 para a 4; 0,02 da 4 para a
# 5; e menos de 0,01 por época depois disso (a época 8 chega a ser 0,0007 pior). Agora,
# `model` contém a época 7, a melhor.
#
# Na melhor época, cada temperatura mantém as suas características. Com 0,2, o modelo volta
# sempre às mesmas palavras seguras (“the sense of the spirit and all the strength”, “the
# strange of the superition”). Com 0,5, encadeia palavras reais em frases que soam como
# Nietzsche e não significam nada (“the greatest to its will acquired”), com uma palavra inventada
# aqui e ali (“subjict”). Com 1,0, inventa palavras (“promated”, “phalings”) e, com 1,2, as
# despedaça (“breaqorate”, “firehthic”).

# %% [markdown]
# ## 9. Quão bom é o modelo, e em comparação com quê?
#
# Uma perda de validação de 1,510 nats, sozinha, diz pouco. Para ter uma escala, avaliamos
# preditores mais simples exatamente com os mesmos 20.010 alvos de validação (o caractere que
# vem depois de cada janela de validação) e com a mesma métrica: a média de
# $-\ln P(\text{próximo caractere correto})$, em nats e em bits. A *perplexidade*,
# $e^{\text{perda}}$, diz a mesma coisa de outra forma: é o número de caracteres igualmente
# prováveis que deixaria alguém tão indeciso quanto o preditor fica, em média.
#
# - **Uniforme** (uniform): os 57 caracteres, todos com a mesma probabilidade,
#   $\ln 57 \approx 4{,}04$ nats.
# - **Unigrama** (unigram): cada caractere com a frequência que tem no texto de treinamento
#   (o `e` e o espaço, muitas vezes; o `z`, raramente), não importa o que veio antes.
# - **n-grama**: a probabilidade do próximo caractere dados os $n - 1$ caracteres anteriores,
#   contada no texto de treinamento. Só com as contagens, tudo o que nunca apareceu teria
#   probabilidade 0; por isso, `tg.CharNGram` mistura cada ordem com a ordem logo abaixo
#   (suavização de Kneser-Ney interpolada). Ele não tem pesos para treinar: ajustar o modelo é
#   contar.
# - **A LSTM de todas as posições** (every-position LSTM): uma rede do mesmo tipo, treinada
#   para prever o próximo caractere depois de *cada* posição da sua entrada, e não só depois
#   da última. Ela é maior (256 unidades em vez de 128, com dropout, treinada com Adam por
#   42 minutos aqui) e vem junto com o `textgen_utils`, por isso a lição não a treina.

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
# **As contagens vencem.** O modelo de 6-gramas apenas conta que caractere vem depois de cada
# contexto de 5 caracteres no texto de treinamento, e chega a 1,364 nats, bem abaixo da LSTM
# do livro (1,510); até o de 5-gramas (1,400) se sai melhor. Contextos mais longos ajudam até o
# modelo de 6-gramas (5 caracteres de contexto) e depois atrapalham: a maioria dos contextos
# de 6 ou 7 caracteres do texto de validação é rara ou nem aparece no texto de treinamento,
# então as contagens deles têm pouco em que se apoiar.
#
# **Por que a rede perde.** A configuração do livro aproveita pouco o texto. Cada janela de 60
# caracteres dá à rede um único alvo, o caractere que vem depois dela, e as janelas começam a
# cada 3 caracteres: os 540.000 caracteres de treinamento dão 180.000 alvos. O modelo de
# n-gramas aprende com todas as posições do texto de treinamento, e o mesmo vale para a LSTM
# de todas as posições, que lê sequências com um alvo depois de cada caractere
# (`tg.make_shifted_sequences` as cria). Quando recebe todas as posições, a rede maior do
# mesmo tipo chega a 1,395: 0,115 nats melhor que o modelo do livro. Nem todo esse ganho vem
# dos alvos extras: uma rede de todas as posições do tamanho da rede do livro, treinada por
# dez minutos, chegou a 1,502 (`benchmarks/README.md`, `every_position.py`), então o tamanho
# e o treinamento mais longo também contam; não medimos quanto cada um contribui.
#
# Mas essa rede não vence o modelo de 6-gramas: ainda fica 0,031 nats atrás. O registro do
# treinamento dela (`textgen_utils/pretrained/README.md`) mostra por que ele foi interrompido
# depois da época 22: após a sua melhor época, a 20ª, a perda de validação subiu enquanto a perda
# de treinamento continuava caindo, de modo que as épocas seguintes só ajustaram melhor o modelo
# aos 540.000 caracteres de treinamento. Para vencer as contagens neste corpus, uma rede precisa
# de mais do que demos a ela aqui: mais texto, ou mais regularização contra o sobreajuste.
#
# As curvas de perda do nosso treinamento, com a melhor época marcada, a taxa de aprendizado
# embaixo e as linhas acima como referência de escala (a do unigrama fica acima da escala do
# gráfico: a legenda a indica):

# %% tags=["nbval-ignore-output"]
fig = tg.plot_history(result["history"], best_epoch=result["best_epoch"],
                      baselines={"unigram": scores["unigram"], "6-gram": scores["6-gram"],
                                 "every-position LSTM": scores[
                                     "every-position LSTM (pretrained)"]})
plt.show()

# %% [markdown]
# A perda de validação cai depressa nas quatro primeiras épocas, depois devagar, e chega ao melhor
# valor na época 7 (1,5101); na época 8, ela fica 0,0007 pior, enquanto a perda de treinamento
# continua caindo: a perda de validação parou de melhorar. Treinado por mais tempo, um modelo se
# ajusta cada vez melhor ao texto de treinamento, enquanto a perda de validação sobe devagar: isso
# é o *sobreajuste* (overfitting). A distância entre as duas curvas não é, por si só, um sinal
# disso: a perda de treinamento é uma média ao longo da época, calculada enquanto os pesos ainda
# estavam mudando (é por isso que ela fica acima da perda de validação nas épocas 1 e 2), e o
# texto de validação é outra parte do texto de Nietzsche, os seus últimos capítulos. A partir da
# época 4, a taxa de aprendizado diminui pelo mesmo fator a cada época, até 0,001 na última, de
# modo que cada época ainda muda os pesos.
#
# É por isso que a lição para em 8 épocas. Um treinamento anterior desta lição durou 60
# épocas, com uma taxa de aprendizado que diminuía um quarto a cada época a partir da 4ª; a
# melhor época dele também foi a 7ª (1,5141), e nenhuma das 53 épocas seguintes foi melhor
# (`textgen_utils/pretrained/README.md`, `benchmarks/README.md`). A taxa de aprendizado dele
# já era pequena nesse ponto, então esse treinamento mostra que passos menores não ajudaram;
# não mostra o que passos maiores teriam feito.
#
# O que esses números querem dizer no texto escrito: os três preditores continuam o mesmo
# texto-semente na temperatura 0,5.

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
# Na temperatura 0,5, é difícil distinguir os três a olho: todos escrevem principalmente
# palavras reais, em frases que soam como o corpus e não significam nada. A tabela diz que o
# modelo de 6-gramas e o modelo de todas as posições preveem melhor o próximo caractere, e não
# que as frases deles façam mais sentido. A seção 10 mede, por contagem, o que a olho só se
# pode adivinhar.

# %% [markdown]
# ## 10. A temperatura, em números
#
# A seção 8 julgou as amostras a olho. Três números as julgam por contagem, em 300
# caracteres escritos depois de cada um de 10 textos-semente tirados do texto de validação:
#
# - **palavras conhecidas** (known words): a fração das palavras geradas que aparecem no texto
#   de treinamento (palavras inventadas, como “philosophical-s”, reduzem essa fração);
# - **pares distintos** (distinct pairs): o número de pares diferentes de palavras vizinhas,
#   como fração de todos esses pares (a repetição reduz esse número: “the sense of the sense
#   of” tem cinco pares, dos quais três são diferentes);
# - a entropia cruzada do texto segundo o modelo de 6-gramas, em nats (6-gram nats): o quanto
#   o texto parece comum a um modelo baseado em contagens.
#
# Comparamos temperaturas de 0 (amostragem gulosa) a 1,5 com os dois truncamentos que cortam
# a cauda improvável em vez de remodelar a distribuição inteira: a amostragem **top-k** mantém
# os k caracteres mais prováveis, e a amostragem **top-p** (de núcleo) mantém o menor conjunto
# de caracteres mais prováveis cujas probabilidades somam pelo menos p; as duas, em seguida,
# renormalizam a distribuição e fazem a amostragem com $T = 1$. As continuações reais dos
# mesmos textos-semente servem de referência.

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
# A temperatura troca um número pelo outro. A amostragem gulosa escreve quase só palavras
# conhecidas (0,983), mas apenas 8% dos seus pares de palavras são distintos: ela entra em
# ciclo, como na seção 2. Aumentar a temperatura deixa o texto mais variado e as palavras
# piores: com 0,5, as palavras conhecidas ficam em 0,914 e os pares distintos, em 0,899; com
# 1,0, em 0,708 e 0,992; e, com 1,5, menos da metade das palavras existe (0,429). O texto real
# (a estrela) tem 0,890 e 0,983. Nenhuma temperatura chega a ele: as que são tão variadas
# quanto o texto real, de 0,8 para cima, escrevem menos palavras conhecidas (0,805 com 0,8).
#
# Os truncamentos ficam sobre a curva das temperaturas ou um pouco acima dela. Com top-p 0,5, o
# modelo escreve mais palavras conhecidas do que com T = 0,5 (0,953 contra 0,914), com um pouco
# menos de variedade (0,884 contra 0,899 de pares distintos); top-p 0,8 e top-k 5 ficam perto da
# curva, entre T = 0,5 e T = 0,8. Dez textos de 300 caracteres são uma amostra pequena, porém:
# em uma medição maior com o mesmo modelo (20 textos-semente, 400 caracteres cada;
# `benchmarks/README.md`, `quality.py`), top-p 0,8 manteve 0,866 de palavras conhecidas com
# 0,962 de pares distintos, enquanto a curva das temperaturas, com essa variedade, dá cerca de
# 0,82. Cortar a cauda elimina alguns dos erros de grafia que a temperatura mantém, mas nenhuma
# configuração se iguala ao texto real nos dois critérios. A última coluna conta a mesma
# história: o texto real custa ao modelo de 6-gramas 1,534 nats por caractere; o texto guloso
# lhe parece muito mais comum (0,740), e o texto com T = 1,5, muito menos (3,017). Qual
# configuração produz o melhor texto é questão de gosto e de finalidade: experimente sempre
# várias.
#
# Aqui estão T = 1,0 e top-p 0,8 com o mesmo texto-semente e os mesmos números aleatórios:

# %% tags=["nbval-ignore-output"]
by_label = {row["label"]: row for row in quality}
print(f"seed: {seeds[0]!r}\n")
for label in ["T = 1.0", "top-p 0.8"]:
    print(f"--- {label}:\n{by_label[label]['texts'][0]}\n")

# %% [markdown]
# As duas começam iguais (os mesmos números aleatórios) e depois se separam. Com T = 1,0, o
# modelo logo inventa palavras (“noomanic”, “inventatooly”, “agbatarl”); o top-p 0,8, que
# nunca sorteia da cauda improvável, inventa menos (“huealy”, “allorded”).
#
# ### Onde o modelo se surpreende
#
# A perda é uma média sobre os caracteres. A *surpresa* (surprisal) de um caractere,
# $-\log_2 P(\text{caractere} \mid \text{o que veio antes})$, em bits, mostra de onde vem
# essa média. Aqui está ela para cada caractere de um trecho do texto de validação (antes, o
# modelo lê os 60 caracteres que precedem o trecho):

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
# O modelo tem menos certeza onde uma palavra começa: a primeira letra de uma palavra muitas vezes
# aparece em laranja ou vermelho, enquanto o resto da palavra, depois de começada, fica quase
# sempre em tons claros. Entre as células mais escuras estão caracteres raros no corpus, como o
# parêntese de abertura e as aspas (8,9 e 8,8 bits) e o `z` de “chastizes” (8,2); outras são
# letras comuns em um lugar inesperado, como o primeiro `f` de “effect” (8,4). A média, 2,04 bits
# por caractere, fica perto da perda de validação do modelo (2,18 bits); este trecho é um pouco
# mais fácil do que um trecho médio.
#
# ### Experimente você mesmo
#
# Mova o controle deslizante para escrever com o modelo pré-treinado em outra temperatura (é
# preciso ter o `ipywidgets`, que o Colab e o JupyterLab já têm; o texto-semente e os números
# aleatórios são sempre os mesmos, então só a temperatura muda):

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
# ## 11. Conclusões
#
# - Um modelo de linguagem prevê o próximo token a partir dos anteriores; gerar texto é um
#   laço de prever, escolher e acrescentar, sejam os tokens caracteres, palavras, notas ou
#   traços de caneta.
# - A forma de escolher importa tanto quanto o modelo. A amostragem gulosa se repete; a
#   amostragem com temperatura 1 inventa palavras; temperaturas mais baixas e o top-p trocam
#   variedade por palavras que existem. Qual equilíbrio produz o melhor texto é questão de
#   gosto e de finalidade, então experimente sempre várias opções.
# - Compare com uma referência (baseline). A rede do livro aprende ortografia, pontuação e a
#   superfície do estilo, mas contar que caractere vem depois de cada contexto de 5
#   caracteres do texto de treinamento prevê melhor (1,364 nats contra 1,510). Uma LSTM maior,
#   treinada em todas as posições, chega perto das contagens (1,395), sem vencê-las neste
#   corpus.
# - O modelo não faz ideia do que diz. Ele aprendeu que caracteres tendem a vir depois de quais, e
#   nada sobre o mundo que as palavras descrevem; o seu texto só significa algo para nós. O
#   simples fato de ele funcionar diz algo sobre a linguagem: o texto é cheio de regularidades
#   estatísticas. Imagine uma língua compactada de forma tão eficiente que, em cada posição, todo
#   caractere fosse igualmente provável, não importa o que viesse antes, como um arquivo
#   perfeitamente comprimido: ela poderia transmitir a mesma quantidade de significado, e ainda
#   assim nenhum modelo de linguagem conseguiria aprender nada com ela.
#
# ### Os modelos pré-treinados
#
# `tg.load_pretrained()` retorna a melhor época do treinamento completo deste próprio notebook
# (`textgen_utils/pretrained/README.md` conta como ele foi treinado), e, na linha de comando,
# `python -m textgen_utils generate --seed "..."` escreve com ele.
# `tg.load_pretrained(kind="every_position")` retorna o modelo de todas as posições da
# seção 9.
#
# ### O seu próprio corpus
#
# Qualquer texto em UTF-8 serve: `tg.load_corpus("my_text.txt")` neste notebook ou, em um
# terminal, `python -m textgen_utils train --corpus my_text.txt`. Procure ter pelo menos
# algumas centenas de milhares de caracteres; com menos, o modelo memoriza em vez de
# generalizar (você vê a perda de validação subir enquanto a perda de treinamento cai).

# %% [markdown]
# ## Exercícios
#
# Os exercícios de 1 a 5 terminam com uma verificação: execute-a com a sua resposta no lugar
# de `None`. Ela diz se a resposta está certa (e, nesse caso, retorna `True`) ou, se não
# estiver, lança um erro que diz o que parece errado. Cada um deles também tem uma solução em
# `textgen_utils.exercises`, que você pode revelar.
#
# **1. Uma temperatura à mão.** Repondere a distribuição $p = (0{,}5; 0{,}3; 0{,}2)$ com
# $T = 0{,}5$ pela fórmula da seção 2, usando apenas NumPy (e não
# `tg.reweight_distribution`).

# %%
answer_1 = None  # as suas três probabilidades, por exemplo np.array([...])
right = exercises.check_temperature(answer_1)

# %% [markdown]
# <details><summary>Solução</summary>
#
# `exercises.solution_temperature()` faz esse cálculo; leia o código dela com
# `print(inspect.getsource(exercises.solution_temperature))`.
# </details>
#
# **2. Uma entropia.** Qual é a entropia, em bits, da sua resposta ao exercício 1? Compare-a
# com a entropia da própria $p$.

# %%
answer_2 = None  # um número, em bits
right = exercises.check_entropy(answer_2)

# %% [markdown]
# <details><summary>Solução</summary>
#
# `exercises.solution_entropy()`; o código dela:
# `inspect.getsource(exercises.solution_entropy)`.
# </details>
#
# **3. Um modelo mais profundo.** Quantos parâmetros tem o modelo da lição com duas camadas
# `LSTM(128)` empilhadas (a primeira com `return_sequences=True`, para que a segunda leia a
# saída dela a cada passo) antes da camada densa? Calcule esse número a partir das equações da
# seção 5 e depois confira-o construindo o modelo com camadas do Keras.

# %%
answer_3 = None  # um número inteiro
right = exercises.check_stacked_params(answer_3)

# %% [markdown]
# <details><summary>Solução</summary>
#
# `exercises.solution_stacked_params()`; o código dela:
# `inspect.getsource(exercises.solution_stacked_params)`. Um modelo assim é treinado com
# `tg.train` e escreve com `tg.generate_text`, como o da lição.
# </details>
#
# **4. O seu próprio amostrador top-p.** Escreva `my_top_p(model, vocab, seed_text, length, top_p,
# rng)`, que retorna `length` caracteres novos, cada um sorteado da distribuição do modelo
# (`tg.next_char_probs`) restrita ao seu núcleo top-p (`tg.truncate_distribution(p,
# top_p=top_p)` e, depois, `tg.sample` com $T = 1$). A verificação executa a função com
# `top_p=0.8` em quatro textos-semente do texto de validação e é aprovada quando o texto
# gerado tem uma fração de palavras conhecidas maior que a de `tg.generate_text` com $T = 1$
# (leva cerca de um minuto).

# %% tags=["nbval-ignore-output"]
my_top_p = None  # a sua função
right = exercises.check_top_p(my_top_p, pretrained, pretrained_vocab, seeds[:4], known)

# %% [markdown]
# <details><summary>Solução</summary>
#
# `exercises.solution_top_p`; o código dela: `inspect.getsource(exercises.solution_top_p)`.
# </details>
#
# **5. Uma memória mais curta.** Treine o modelo da lição com `maxlen=20` em vez de 60 (em um
# novo `run_dir`, por exemplo `runs/maxlen20`: em `runs/lesson`, `tg.train` apenas carregaria
# o treinamento já concluído) e passe a melhor perda de validação dele para a verificação, que
# conhece a faixa de valores a que os nossos treinamentos chegaram. A perda fica maior ou
# menor que com 60 caracteres (medida nas suas próprias janelas de validação, então os alvos
# diferem um pouco), e em que as amostras diferem? Janelas mais curtas também treinam mais
# rápido: cerca de 5 minutos aqui.

# %%
answer_5 = None  # a melhor perda de validação do seu treinamento com maxlen=20
right = exercises.check_short_maxlen(answer_5, maxlen=20)

# %% [markdown]
# <details><summary>Solução</summary>
#
# `exercises.solution_short_maxlen(train_text, val_text, vocab)` treina o modelo e retorna a
# melhor perda de validação; o código dela:
# `inspect.getsource(exercises.solution_short_maxlen)`.
# Nos nossos dois treinamentos, a perda foi menor que com 60 caracteres (1,500 e 1,501,
# contra 1,510): um indício de que esta rede, treinada com um único alvo por janela, pouco
# aproveita os caracteres mais distantes.
# </details>
#
# **6. Outro texto.** Treine o modelo com o código-fonte do próprio `textgen_utils` (os
# arquivos dele ficam em `os.path.dirname(tg.__file__)`). Esse texto tem menos da metade do
# tamanho do corpus, então espere sobreajuste (overfitting). Quais padrões o modelo aprende
# primeiro?

# %% [markdown]
# ## Apêndice: por que o treinamento é rápido em uma CPU com poucos núcleos
#
# Duas escolhas em `build_model` mudam a velocidade com que o modelo é treinado, e não o que
# ele calcula (os testes verificam se as previsões e os gradientes são os mesmos). Em CPU, a
# LSTM é *desenrolada* (unrolled): seus 60 passos viram um único grafo linear em vez de um
# laço. Em GPU, ela continua sendo um laço, para que o Keras possa usar o rápido kernel cuDNN
# da NVIDIA (quem escolhe é `build_model(device=...)`; com `"auto"`, ele examina a máquina).
# Além disso, cada lote de treinamento é executado em duas metades, que o TensorFlow pode
# distribuir uma para cada núcleo, e `tg.configure_threads()` ajusta as threads de acordo. As
# medições, e o laço do livro cronometrado contra o nosso em uma mesma execução, estão em
# `benchmarks/README.md`, no repositório do curso
# (https://github.com/textgen-course/char-lstm-course/blob/main/benchmarks/README.md).

# %% tags=["nbval-ignore-output"]
print(f"This notebook ran for {(time.monotonic() - LESSON_START) / 60:.1f} minutes "
      "(from the setup cell to here).")
