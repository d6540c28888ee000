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
# testado que acompanha este curso; nos passos principais, a amostragem e a geração, a lição
# exibe o código-fonte, de modo que o que você lê é o próprio código que os testes verificam.
#
# O roteiro:
#
# 1. como um modelo de linguagem gera sequências;
# 2. como escolher o próximo caractere: de forma gulosa ou aleatória, e a temperatura do
#    softmax;
# 3. o corpus;
# 4. como transformar texto em arrays;
# 5. o modelo;
# 6. o código de amostragem e de geração;
# 7. o laço de treinamento, com amostras ao fim de cada época;
# 8. o que os resultados mostram;
# 9. conclusões e próximos passos.

# %% [markdown]
# ## Preparação do ambiente
#
# A próxima célula instala o `textgen_utils` quando ele não está instalado, por exemplo no
# Google Colab. Na sua própria máquina, o `pip install -e ".[dev]"` executado no repositório
# já cuidou disso, e a célula não faz nada.
#
# Tudo o que o programa imprime (as barras de progresso e palavras como “temperature” ou
# “best epoch”) fica em inglês em todas as edições do curso: as cinco versões executam o
# mesmo código e mostram as mesmas saídas.

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
# **Completo ou rápido.** Na versão completa, a lição treina o modelo por 60 épocas com o
# corpus inteiro. Na nossa máquina de testes, de dois núcleos, na execução cuja saída está
# guardada na seção 7, as três primeiras épocas levaram de dois a dois minutos e meio cada, e
# as demais, de 82 a 99 segundos: uma hora e meia no total (veja `benchmarks/README.md`). O
# modo rápido executa exatamente as mesmas células, mas treina apenas com os primeiros 60.000
# caracteres do texto de treinamento, por 2 épocas, em cerca de dois minutos (o vocabulário e
# o texto de validação ainda vêm do corpus inteiro): é com ele que a suíte de testes verifica
# se todas as células continuam funcionando. Para ativá-lo, defina a variável de ambiente
# `TEXTGEN_QUICK=1` antes de iniciar o Jupyter; os números que dependem do treinamento
# ficarão piores, e todo o resto é idêntico.

# %% tags=["nbval-ignore-output"]
import os

QUICK = os.environ.get("TEXTGEN_QUICK") == "1"
EPOCHS = 2 if QUICK else 60
TRAIN_CHARS = 60_000 if QUICK else None  # None: todo o texto de treinamento
SEED = 2024  # fixa os pesos iniciais, os textos-semente das amostras e a amostragem
print(f"{'Quick' if QUICK else 'Full'} mode: {EPOCHS} epochs.")

# %% [markdown]
# O TensorFlow imprime algumas linhas sobre o hardware ao iniciar; a variável de ambiente
# definida abaixo as oculta.
# A função `tg.configure_threads()` ajusta as threads do TensorFlow a uma CPU com poucos
# núcleos (a seção 5 explica por quê); ela precisa ser chamada antes de o TensorFlow fazer
# qualquer cálculo.

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
# ## 1. Como um modelo de linguagem gera sequências
#
# Um *modelo de linguagem* atribui, para qualquer início de texto, uma probabilidade a cada
# token que poderia vir em seguida. Aqui, um token é um único caractere, então o modelo
# responde a perguntas como: depois de `"the will to powe"`, qual é a probabilidade de
# `"r"`? E de `"n"`? E de um espaço?
#
# Gerar texto com um modelo assim é um laço:
#
# 1. dê ao modelo o texto escrito até agora (no nosso caso, seus últimos 60 caracteres);
# 2. obtenha uma distribuição de probabilidade sobre o próximo caractere;
# 3. escolha um caractere com base nessa distribuição;
# 4. acrescente-o ao texto e volte ao passo 1.
#
# O mesmo laço gera texto com modelos em nível de palavra, ou com os tokens de subpalavra
# dos grandes modelos de linguagem por trás dos atuais assistentes de chat, da tradução
# automática e do autocompletar de código. Trabalhar com caracteres mantém nosso vocabulário
# minúsculo (57 símbolos, em vez de dezenas de milhares de palavras) e permite que o modelo
# invente palavras que nunca viu; o preço é que ele precisa aprender ortografia antes de
# aprender qualquer outra coisa, e que 60 caracteres são só uma dúzia de palavras de
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
# laço facilmente acaba preso em um ciclo.
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
# numérico que zere todos os valores, o que daria 0/0 = NaN; e `log(0)` resulta em `-inf`
# sem nenhum aviso (um caractere com probabilidade 0 continua com probabilidade 0).
#
# Agora, uma distribuição real: o que o modelo treinado espera depois de uma linha do nosso
# corpus. Cada painel mostra os 15 caracteres mais prováveis após a reponderação, e o título
# traz a entropia da distribuição inteira.

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
# Com 0,2, quase toda a massa de probabilidade fica em um ou dois caracteres; com 1,2,
# muitos outros caracteres ganham uma chance real. Na seção 8, vamos ler o que o modelo
# escreve em cada uma dessas quatro temperaturas.

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
# A rede não sabe ler caracteres, só números. O vocabulário dá a cada caractere distinto
# um id inteiro, com os caracteres ordenados por ponto de código Unicode:

# %%
vocab = tg.CharVocab.from_text(text)
print(f"{len(vocab)} characters:", "".join(vocab.chars))
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
# De onde vêm os 102.585 parâmetros: para cada uma das suas 128 unidades, a LSTM calcula
# quatro valores (as portas de entrada, de esquecimento e de saída, e um valor candidato para
# a sua célula de memória), cada um com um peso para cada entrada (57) e para a saída
# anterior de cada unidade (128), mais um viés: $4 \times 128 \times (57 + 128 + 1) = 95.232$.
# A camada densa tem $128 \times 57 + 57 = 7.353$.
#
# O treinamento usa o otimizador **RMSprop**, com taxa de aprendizado 0,01, e a função de
# perda **entropia cruzada categórica**: o logaritmo negativo da probabilidade que o modelo
# atribuiu ao próximo caractere correto. Como nossos alvos são ids, `build_model` compila o
# modelo com a forma “esparsa” dessa perda, `sparse_categorical_crossentropy`: o mesmo
# valor, sem alvos one-hot.

# %%
print(f"parameters: {model.count_params():,}")
print(f"{type(model.optimizer).__name__}, learning rate {float(model.optimizer.learning_rate):g}, "
      f"clipnorm {model.optimizer.clipnorm}")
print("loss:", model.loss)

# %% [markdown]
# **Por que `clipnorm=1.0`?** O recorte de gradiente (gradient clipping) examina o
# gradiente de cada tensor de pesos antes que o otimizador o use: se a norma desse gradiente
# passar de 1,0, ele é reduzido até ter norma 1,0, e gradientes menores passam inalterados.
# Ele protege contra um único gradiente excepcionalmente grande que jogue os pesos para
# longe de onde estavam, o tipo de acidente com que termina o treinamento publicado no livro:
# depois de 55 épocas em 1,30, a perda sobe para 1,60; 4,73; 12,60 e 14,57 nas quatro
# últimas. Medimos o efeito do recorte na prática (veja `benchmarks/README.md`). Depois que o
# treinamento se estabiliza, ele não faz
# nada: na época 42 de um treinamento de 60 épocas, nenhuma norma de gradiente em 50 lotes
# amostrados passou de 0,51. Já com uma taxa de aprendizado dez vezes maior que a da lição,
# ele faz diferença: sem recorte, a primeira época termina com perda 7,0, pior do que chutar
# ao acaso com chances iguais para todos os caracteres (4,04); com recorte, em 2,8. Mas ele
# não resolve tudo: com vinte vezes a taxa de aprendizado, o modelo não aprende nem com
# recorte nem sem ele. Por isso, como segunda rede de segurança, `tg.train` interrompe o
# treinamento e volta à última época boa se a perda virar NaN ou mais do que dobrar.
#
# A LSTM também é *desenrolada* (unrolled): seus 60 passos viram um único grafo linear
# em vez de um laço. Ela calcula exatamente a mesma coisa, e o treinamento fica mais
# rápido em CPU.
#
# **Duas metades por lote.** `build_model` retorna um `tg.SplitBatchModel`, um modelo Keras
# com uma única mudança na forma de treinar: ele passa cada lote de treinamento, e cada lote
# da validação feita ao fim de uma época, por suas camadas em duas metades e junta os
# resultados. As duas metades não esperam uma pela outra, então o TensorFlow pode dar a
# cada uma o seu próprio núcleo. Em uma máquina com um ou dois núcleos, a chamada
# a `tg.configure_threads()` (na célula de preparação do ambiente) pede ao TensorFlow uma
# thread por operação e duas operações ao mesmo tempo, o que se ajusta bem a isso. A perda,
# os gradientes e os novos pesos são os do lote inteiro (os testes verificam isso). Na nossa
# máquina de testes, de dois núcleos, o
# treinamento processou de 28% a 35% mais sequências por segundo do que com lotes
# inteiros, e a validação levou cerca de dois terços do tempo. A previsão e a geração
# usam o modelo tal como está.
#
# **O plano de treinamento (schedule).** O livro treina todas as épocas da mesma forma: lotes de
# 128 sequências, com taxa de aprendizado 0,01. Nós mudamos duas coisas de uma época para
# outra, e `tg.lesson_schedule` indica as configurações de cada época:
#
# - As épocas 1 a 3 usam lotes de 256, com a taxa de aprendizado integral. Um modelo
#   recém-criado aprende mais com muitos passos, mesmo que ruidosos.
# - A partir da época 4, cada lote tem 1.024 sequências. Assim, uma CPU de dois núcleos
#   processa de 1,2 a 1,4 vezes mais sequências por segundo, mas cada época passa a ter
#   um quarto dos passos.
# - A partir da época 4, a taxa de aprendizado também é reduzida em um quarto a cada época.
#   Os passos ficam mais curtos, e o modelo se acomoda em um bom mínimo em vez de ficar
#   saltando ao redor dele.
#
# O modelo é o mesmo; só muda a forma de treiná-lo. Medimos as duas versões em uma mesma
# execução (veja `benchmarks/README.md`). Em uma máquina de dois núcleos mais rápida que a
# da seção 7, uma época da lição (treinamento mais as quatro amostras) levou 40 segundos,
# contra 177 com o código do livro (a época mediana de cada versão). Depois de 10 épocas,
# a perda de validação era 1,520, contra 1,564 com o código do livro.

# %%
print(inspect.getsource(tg.lesson_schedule))
for epoch in [0, 2, 3, 4, 9, 19, 59]:
    size, factor = tg.lesson_schedule(epoch)
    print(f"epoch {epoch + 1:2d}: batch {size:5,d}, "
          f"learning rate {float(model.optimizer.learning_rate) * factor:.2g}")

# %% [markdown]
# ## 6. Amostragem e geração, em código
#
# `sample` é a função por trás do passo 3 do laço: repondera a distribuição pela temperatura
# e depois sorteia. Temperatura 0 significa amostragem gulosa.

# %%
print(inspect.getsource(tg.sample))

# %% [markdown]
# A versão do livro sorteia com `np.random.multinomial`, que lança
# `ValueError: sum(pvals[:-1]) > 1.0` quando as probabilidades somam um pouquinho mais
# que 1. O livro as converte antes para float64 e as renormaliza, o que evita o erro; as cópias
# do código do livro que deixam de fora essa conversão podem falhar com a saída em float32
# do modelo, e `np.log` emite um aviso sempre que uma probabilidade é exatamente 0. A
# amostragem por transformada inversa (ou amostragem pela CDF inversa: sortear um número com
# distribuição uniforme e ver onde ele cai na soma acumulada) não tem esses problemas, e um
# caractere com probabilidade 0 fica com um intervalo vazio, então nunca pode ser sorteado.
#
# `generate_text` executa o laço inteiro. Chamar `model.predict` uma vez por caractere,
# como faz o livro, custa cerca de 70 ms de sobrecarga por caractere: 2 minutos por época
# para 4 × 400 caracteres. Em vez disso, `generate_text` executa o laço dentro de uma única
# função compilada do TensorFlow, gerando o texto de todas as temperaturas de uma vez. O
# cerne dela é a LSTM aplicada aos últimos `maxlen` caracteres, com os próprios pesos do
# modelo:

# %%
from textgen_utils import generation

print(inspect.getsource(generation._lstm_step))
print(inspect.getsource(generation._window_log_probs))

# %% [markdown]
# e o mesmo sorteio por transformada inversa usado em `sample`, escrito com operações do TensorFlow:

# %%
print(inspect.getsource(generation._choose))

# %% [markdown]
# A suíte de testes verifica se esse código calcula a mesma distribuição que se obtém
# chamando o modelo Keras sobre a janela (com tolerância de 1e-5) e se, com os mesmos
# números aleatórios, ele escolhe os mesmos caracteres que o laço do livro. Nosso modelo
# ainda não foi treinado, então por enquanto ele escreve ruído. (O texto-semente tem menos
# de 60 caracteres: `generate_text` o completa à esquerda com espaços.)

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(SEED)
print(tg.generate_text(model, vocab, "the philosopher ", length=120, temperature=1.0, rng=rng))

# %% [markdown]
# ## 7. Treinamento, com amostras ao fim de cada época
#
# Ao fim de cada época, `SampleTextCallback` sorteia no corpus um texto-semente de 60
# caracteres e o continua por 400 caracteres, nas temperaturas 0,2; 0,5; 1,0 e 1,2. As
# quatro continuações partem do mesmo texto-semente, para que as temperaturas possam ser
# comparadas lado a lado.
#
# `tg.train` encapsula o `model.fit`. Ao fim de cada época, ele salva os pesos, o estado do
# otimizador, o histórico e as amostras em `runs/lesson/`. Se você interromper a célula (o
# botão ■, ou Ctrl-C em um terminal) ou se o kernel morrer, execute a célula de novo: ela
# retoma a partir da última época concluída. Quando o treinamento estiver concluído, uma
# nova execução da célula apenas carrega o resultado. Os melhores pesos segundo a perda de
# validação são guardados e, no final, carregados em `model`.
#
# No modo completo, isso leva cerca de uma hora e meia. Para pular essa etapa, defina
# `USE_PRETRAINED = True`: em vez de treinar, a célula carrega o modelo pré-treinado e o
# registro do seu treinamento (o histórico da perda e as amostras de todas as 60 épocas).

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
# A perda é medida em nats (logaritmos naturais); dividida por $\ln 2$, ela vira bits por
# caractere: o número médio de perguntas de sim ou não de que o modelo ainda precisa para
# adivinhar o próximo caractere. Chutar sempre ao acaso, com chances iguais para os 57
# caracteres, custaria 5,8 bits.

# %% tags=["nbval-ignore-output"]
fig = tg.plot_history(result["history"])
plt.show()

# %% [markdown]
# ## 8. O que os resultados mostram
#
# Aqui estão as amostras de algumas épocas, em cada temperatura, depois do respectivo
# texto-semente (no notebook salvo, elas vêm da execução completa da própria lição).

# %% tags=["nbval-ignore-output"]
samples = result["samples"]
shown = sorted({0, len(samples) // 3, 2 * len(samples) // 3, len(samples) - 1})
for s in [samples[i] for i in shown]:
    print(f"=== epoch {s['epoch']}, seed: {s['seed']!r}")
    for temperature, generated in s["texts"].items():
        print(f"--- temperature {temperature}:\n{generated}\n")

# %% [markdown]
# Leia as amostras de cima para baixo; cada bloco começa com a sua época e o seu
# texto-semente.
#
# **Depois da época 1**, o modelo sabe quais letras são frequentes e que as palavras são
# separadas por espaços, mas não muito mais que isso. Com 0,2, ele fica preso em um ciclo,
# repetindo a sua palavra mais provável, “to to to to to”; com 1,0, escreve sequências com
# cara de palavra, como “expentount” e “veaver”, e com 1,2, sequências ainda menos
# pronunciáveis (“gronmwbe”).
#
# **Depois da época 21**, a maioria das palavras já sai com a grafia correta, e as frases
# têm o ritmo da prosa de Nietzsche. A temperatura 0,2 já não repete uma única palavra, mas
# volta sempre às mesmas palavras seguras: “the sense of the sense of the first”,
# “the superiority of the sense”. É com 0,5 que o texto fica mais legível:
# “the spirit has been strength, and philosophical such a spirit” soa como Nietzsche,
# embora não signifique nada, ao lado de palavras inventadas, como “disintrong” e
# “compalse”. Com 1,0, o modelo chega a imitar os aforismos numerados de
# *Além do Bem e do Mal*, o livro de onde vem o nosso corpus (“26w. we do so naturans”), e
# com 1,2 muitas palavras se desfazem (“immexorda”).
#
# **Depois da época 41**, e também no último bloco (época 60), as amostras não estão melhores
# do que depois da época 21: o modelo quase não mudou desde então. A temperatura 0,2
# empilha as mesmas palavras seguras (“the sense of the sense of the sense of the sense”),
# 0,5 continua encadeando palavras reais em frases que só parecem fazer sentido
# (“the philosopher who has have a stronger of the condition of the sympathy”), ao lado de
# palavras inventadas, como “flutiving” e “mersonation”, e 1,2 continua desfazendo as
# palavras (“shorkdouhy”, “lawnrqualy”).

# %% [markdown]
# **As curvas de perda** acima contam o resto da história. A perda de validação cai rápido
# durante cerca de cinco épocas e atinge o seu melhor valor na época 7 (exibido acima).
# Depois disso, ela sobe aos poucos, 0,025 ao todo, enquanto a perda de treinamento
# continua caindo um pouco: o modelo melhora nos 90% do texto com que é treinado, e não em
# textos que nunca viu. Isso é *sobreajuste* (overfitting), e é por isso que `tg.train`
# guarda a melhor época: são os pesos dela que estão agora de volta em `model`, e não os da
# última época. Dropout e um corpus maior são os remédios habituais; eles vão além desta
# lição.
#
# As duas curvas se achatam por causa do plano de treinamento da seção 5. Na época 21, a taxa de
# aprendizado já está abaixo de 0,0001, menos de um centésimo do valor inicial, e cada
# época seguinte dá passos um quarto mais curtos que os da anterior. Treinado com uma taxa
# de aprendizado constante (lotes de 256 do início ao fim, a configuração anterior deste
# curso), o mesmo modelo foi piorando aos poucos: a sua perda de validação subiu de 1,572,
# no melhor momento, para 1,607 na época 60 (veja `benchmarks/README.md`), e o treinamento
# publicado no livro chega a divergir nas últimas épocas. Com esse plano, as últimas 40
# épocas mudam pouca coisa. Mantemos 60 para seguir o livro, mas, com `EPOCHS = 20` (na
# célula de código que vem depois de **Completo ou rápido**), este treinamento teria
# terminado com a mesma melhor época, em cerca de um terço do tempo.
#
# Em todas as épocas, as temperaturas mantêm o seu caráter: 0,2 se repete, 0,5 é a mais
# legível, 1,0 inventa palavras e 1,2 as desfaz.

# %% [markdown]
# ## 9. Conclusões e próximos passos
#
# - Um modelo de linguagem prevê o próximo token a partir dos anteriores; gerar texto é
#   um laço de prever, escolher e acrescentar.
# - A forma de escolher importa tanto quanto o modelo: a amostragem gulosa é repetitiva, a
#   amostragem com temperatura 1 é errática, e a temperatura permite transitar entre os
#   dois extremos.
# - Uma LSTM de 100.000 parâmetros treinada com 540.000 caracteres (90% do corpus) aprende
#   a escrever corretamente a maioria das palavras comuns, a pontuar e a imitar a superfície
#   do estilo, mas não aprende nenhum significado.
#
# ### O modelo pré-treinado
#
# `tg.load_pretrained()` retorna o modelo da melhor época (a época 7, com perda de
# validação 1,5141) do treinamento completo deste próprio notebook
# (`textgen_utils/pretrained/README.md` descreve como ele foi treinado), e, na linha de
# comando, `python -m textgen_utils generate --seed "..."` gera texto com ele.

# %% tags=["nbval-ignore-output"]
for t, generated in zip([0.2, 0.5, 1.0, 1.2],
                        tg.generate_text(pretrained, pretrained_vocab, seed_line, length=200,
                                         temperature=[0.2, 0.5, 1.0, 1.2],
                                         rng=np.random.default_rng(SEED))):
    print(f"--- temperature {t}:\n{seed_line}{generated}\n")

# %% [markdown]
# ### Amostragem top-k e amostragem de núcleo
#
# A temperatura remodela a distribuição inteira. Duas alternativas populares, em vez disso,
# cortam a cauda improvável da distribuição e renormalizam o que sobra: a amostragem
# **top-k** mantém os k caracteres mais prováveis; a amostragem de **núcleo** (nucleus
# sampling, ou top-p) mantém o menor conjunto de caracteres mais prováveis cujas
# probabilidades somam pelo menos p. É na cauda que moram os disparates ocasionais do modelo,
# então esse truncamento pode eliminar a maior parte dos erros de ortografia das
# temperaturas altas sem perder a variedade. Compare os métodos na distribuição da seção 2:

# %%
for label, q in [("T = 1.0", tg.reweight_distribution(p, 1.0)),
                 ("T = 0.5", tg.reweight_distribution(p, 0.5)),
                 ("top-k, k = 5", tg.truncate_distribution(p, top_k=5)),
                 ("nucleus, p = 0.9", tg.truncate_distribution(p, top_p=0.9))]:
    print(f"{label:17s} {np.count_nonzero(q > 1e-3):2d} characters above 0.001, "
          f"entropy {tg.entropy(q):.2f} bits")

# %% [markdown]
# ### Seu próprio corpus
#
# Qualquer texto em UTF-8 serve: `tg.load_corpus("my_text.txt")` neste notebook, ou, em um
# terminal, `python -m textgen_utils train --corpus my_text.txt`. Procure ter pelo menos
# algumas centenas de milhares de caracteres; com menos que isso, o modelo memoriza o texto
# em vez de generalizar (sinal disso: a perda de validação sobe enquanto a de treinamento
# cai).
#
# ### Exercícios
#
# 1. Gere 400 caracteres com o modelo pré-treinado nas temperaturas 0; 0,2 e 2,0.
#    Descreva o que dá errado em cada extremo.
# 2. Escreva um laço de geração que faça a amostragem com
#    `truncate_distribution(p, top_p=0.9)` (use `tg.next_char_probs` para obter `p`).
#    Compare o resultado com a temperatura 0,5.
# 3. Treine com `maxlen=20` em vez de 60, em um novo `run_dir` (por exemplo,
#    `runs/maxlen20`): em `runs/lesson`, `tg.train` apenas carregaria o treinamento já
#    concluído. O que acontece com a perda de validação? E com as amostras?
# 4. Treine com outro texto, por exemplo o código-fonte do próprio `textgen_utils` (os
#    arquivos dele ficam em `os.path.dirname(tg.__file__)`). São só cerca de 60.000
#    caracteres, então espere sobreajuste (overfitting). Quais padrões o modelo aprende
#    primeiro?
# 5. Substitua `LSTM(128)` por duas camadas LSTM empilhadas de 128 unidades, construindo
#    você mesmo o modelo com camadas do Keras. `generate_text` e `SampleTextCallback` só
#    funcionam com o modelo da lição, que tem uma única LSTM; por isso, passe
#    `sampler=None` para `tg.train` e gere o texto com um laço de `model.predict` e
#    `tg.sample`, como faz o livro. O tempo extra de treinamento compensa?
