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
# # Generación de texto con una LSTM a nivel de carácter
#
# Esta es la lección clásica de *Deep Learning with Python*, de François Chollet (en
# adelante, «el libro»), reconstruida para la versión actual de Keras. Una pequeña red
# recurrente lee la traducción inglesa de *Más allá del bien y del mal* (*Beyond Good and
# Evil*), de Friedrich Nietzsche, de 60 en 60 caracteres, y aprende una sola cosa: adivinar
# el siguiente carácter. Después la dejamos escribir. Nadie le explica qué es una palabra,
# dónde termina una oración ni cómo funcionan las comas; al final del entrenamiento ha
# aprendido buena parte de eso únicamente a partir del texto.
#
# Necesitas conocimientos básicos de Keras: capas, `compile`, `fit`. Todo lo demás se
# explica por el camino. Las funciones auxiliares vienen de `textgen_utils`, el pequeño
# paquete con pruebas automatizadas que acompaña a este curso. Donde importa, la lección
# muestra su código fuente, de modo que lo que lees es el mismo código que comprueban las
# pruebas.
#
# El plan:
#
# 1. cómo genera secuencias un modelo de lenguaje;
# 2. cómo elegir el siguiente carácter: de forma voraz o aleatoria, y la temperatura del
#    softmax;
# 3. el corpus;
# 4. cómo convertir el texto en arrays;
# 5. el modelo y lo que calcula una LSTM;
# 6. el muestreo, la generación y el bucle de entrenamiento, en código;
# 7. el entrenamiento, con muestras tras cada época;
# 8. qué revelan las muestras;
# 9. hasta qué punto es bueno el modelo, y comparado con qué;
# 10. la temperatura, en cifras;
# 11. conclusiones y, después, ejercicios cuyas respuestas puedes comprobar.

# %% [markdown]
# ## Preparación del entorno
#
# La siguiente celda instala `textgen_utils` si no está instalado, por ejemplo en Google
# Colab. En tu propio equipo, `pip install -e ".[dev]"`, ejecutado en el repositorio, ya lo
# ha instalado, así que la celda no hace nada.
#
# Lo que imprime el programa (palabras como “temperature” o “best epoch”) está en inglés en
# todas las ediciones del curso: en los cinco idiomas se ejecuta el mismo código y se
# muestran las mismas salidas. En este curso, el separador decimal es el punto, como en las
# salidas del programa.

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
# **Completo o rápido.** La lección completa entrena durante 8 épocas con todo el corpus.
# Elegimos 8 tras medirlo: con el plan de la tasa de aprendizaje de la sección 5, para
# entonces la pérdida de validación ha dejado de mejorar (la sección 9 muestra la curva y las
# ejecuciones en las que se basa la elección). El libro entrena durante 59 épocas; si escribes
# `EPOCHS = 59` en la celda siguiente, tendrás su número de épocas, con el plan repartido
# entre todas ellas. En nuestra máquina de pruebas de dos núcleos, el notebook completo,
# entrenamiento incluido, tardó 12.6 minutos en la ejecución cuyas salidas se guardan aquí (la
# última celda lo imprime); el entrenamiento, con sus muestras, ocupó 10.7 de ellos, entre 72
# y 103 segundos por época.
#
# El modo rápido ejecuta exactamente las mismas celdas, pero entrena solo con los primeros
# 60 000 caracteres del texto de entrenamiento, durante 2 épocas, en unos pocos minutos (el
# vocabulario y el texto de validación siguen saliendo del corpus completo): la batería de
# pruebas lo usa para comprobar que todas las celdas siguen funcionando. Para activarlo,
# define la variable de entorno `TEXTGEN_QUICK=1` antes de iniciar Jupyter; las cifras que
# dependen del entrenamiento serán entonces peores, y todo lo demás, idéntico.

# %% tags=["nbval-ignore-output"]
import os

QUICK = os.environ.get("TEXTGEN_QUICK") == "1"
EPOCHS = 2 if QUICK else 8  # el libro: 59
TRAIN_CHARS = 60_000 if QUICK else None  # None: todo el texto de entrenamiento
SEED = 2024  # fija los pesos iniciales, el texto semilla de las muestras y el muestreo
print(f"{'Quick' if QUICK else 'Full'} mode: {EPOCHS} epochs.")

# %% [markdown]
# Al arrancar, TensorFlow muestra unas cuantas líneas sobre el hardware; la variable de
# entorno que definimos a continuación las oculta. La función `tg.configure_threads()` fija
# cuántos hilos usa TensorFlow, algo que solo influye en la velocidad en una CPU con pocos
# núcleos (el apéndice del final lo explica con más detalle); hay que llamarla antes de que
# TensorFlow calcule nada.

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
# ## 1. Cómo genera secuencias un modelo de lenguaje
#
# Un *modelo de lenguaje* asigna, para cualquier comienzo de un texto, una probabilidad a
# cada token que podría venir a continuación. Aquí un token es un solo carácter, así que el
# modelo responde a preguntas como esta: después de `"the will to powe"`, ¿qué probabilidad
# tiene `"r"`? ¿Y `"n"`? ¿Y un espacio?
#
# Generar texto con un modelo así es un bucle. Partimos de un fragmento de texto, los *datos
# de condicionamiento* (la «semilla»), y después (la figura usa una ventana de 16 caracteres,
# para que se lea bien):
#
# 1. pasamos al modelo el texto escrito hasta ahora (en nuestro caso, sus últimos 60
#    caracteres);
# 2. obtenemos una distribución de probabilidad sobre el siguiente carácter;
# 3. elegimos un carácter de esa distribución;
# 4. lo añadimos al texto, desplazamos la ventana un carácter y volvemos al paso 1.

# %%
fig = tg.plot_generation_loop()
plt.show()

# %% [markdown]
# El mismo bucle genera mucho más que texto. Con un modelo entrenado con notas musicales,
# compone melodías; con posiciones de la punta de un lápiz, traza letra manuscrita y
# pinceladas; con fragmentos breves de sonido, habla. Con conversaciones, responde a mensajes:
# detrás de las respuestas breves que sugiere una aplicación de correo electrónico hay un
# modelo de lenguaje que elige su siguiente palabra. Los grandes modelos de lenguaje que hoy
# están detrás de los asistentes conversacionales, la traducción automática y el
# autocompletado de código también ejecutan este bucle, con tokens de subpalabra.
#
# El modelo que hay dentro del bucle puede ser cualquier red que lea una secuencia: una red
# recurrente como nuestra LSTM, que lee un carácter tras otro, o una red convolucional
# unidimensional, que desliza pequeños filtros a lo largo de la secuencia (`Conv1D` en
# Keras); los grandes modelos actuales son Transformers. Trabajar con caracteres mantiene
# nuestro vocabulario muy reducido (57 símbolos en lugar de decenas de miles de palabras) y
# permite al modelo inventar palabras que nunca ha visto; el precio es que tiene que
# aprender ortografía antes que nada, y que 60 caracteres son apenas una docena de palabras
# de contexto.
#
# Para ver la entrada y la salida del bucle, aquí tienes un modelo ya entrenado con este
# corpus (en la sección 7 entrenaremos el nuestro). Viene incluido en `textgen_utils`:

# %%
pretrained, pretrained_vocab = tg.load_pretrained()
prompt = "the will to powe"
p_next = tg.next_char_probs(pretrained, pretrained_vocab, prompt)
for i in np.argsort(-p_next)[:5]:
    print(f"{pretrained_vocab.chars[i]!r}: {p_next[i]:.3f}")

# %% [markdown]
# ## 2. Cómo elegir el siguiente carácter
#
# El paso 3 del bucle esconde una decisión nada trivial.
#
# El **muestreo voraz** (*greedy sampling*) toma siempre el carácter más probable. Parece
# sensato, pero produce un texto aburrido y repetitivo: las mismas frases probables vuelven una
# y otra vez, y el bucle puede acabar cayendo en un ciclo (más abajo veremos uno).
#
# El **muestreo estocástico** extrae el carácter al azar, según las probabilidades del modelo:
# si `"e"` tiene probabilidad 0.3, se elige el 30 % de las veces. El texto se vuelve variado y,
# a veces, sorprendente. Pero ¿cuánta aleatoriedad queremos? Con muy poca, volvemos al muestreo
# voraz; con demasiada, obtenemos ruido.
#
# La **temperatura del softmax** $T$ es el parámetro que la regula. Repondera una distribución
# $p$ y la convierte en
#
# $$q_i = \frac{p_i^{1/T}}{\sum_j p_j^{1/T}}
#       = \operatorname{softmax}\!\left(\frac{\log p}{T}\right)_i .$$
#
# Con $T = 1$ no cambia nada. Por debajo de 1, los caracteres probables ganan peso y los
# improbables lo pierden ($T \to 0$ equivale al muestreo voraz); por encima de 1, la
# distribución se aplana y tiende a la uniforme.
#
# La **entropía** $H(q) = -\sum_i q_i \log_2 q_i$, medida en bits, indica cuánto margen de
# elección queda: 0 bits cuando el siguiente carácter es seguro, $\log_2 57 \approx 5.8$ bits
# cuando los 57 son igual de probables. Al bajar la temperatura, baja la entropía.
#
# Esta es la función que usa el curso, tal cual aparece en `textgen_utils/sampling.py`:

# %%
print(inspect.getsource(tg.reweight_distribution))

# %% [markdown]
# Trabaja en float64 y resta el logit más grande antes de aplicar la exponencial, de modo
# que una temperatura diminuta (que divide los logits entre casi nada) no pueda provocar un
# subdesbordamiento que lo deje todo en cero, lo que daría 0/0 = NaN; además, `log(0)` se
# queda en `-inf` sin emitir advertencias (un carácter con probabilidad 0 conserva
# probabilidad 0).
#
# Veamos ahora dos distribuciones reales del modelo entrenado. La primera viene después de una
# frase al estilo del corpus (no sacada de él) que termina en un espacio, donde podrían seguir
# muchas palabras (el modelo lee sus últimos 60 caracteres); la segunda, en mitad de una
# palabra, después de `"the will to powe"`. Cada panel muestra los caracteres más probables
# tras la reponderación (20 en la primera figura y 10 en la segunda) y una última barra con
# todos los demás juntos, en un eje logarítmico para que las probabilidades pequeñas sigan
# siendo visibles; el título indica la entropía de la distribución completa. `␣` es el
# espacio.

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
# Después del espacio, el modelo duda entre muchas primeras letras: con $T = 1$, la
# distribución tiene 4.16 bits de entropía, y $T = 1.2$ la dispersa aún más. Después de
# “powe”, en mitad de “power”, el modelo está casi seguro de la `r`, e incluso $T = 1.2$ deja
# poco margen de elección: la temperatura importa sobre todo donde el modelo duda.
#
# **El muestreo voraz, en la práctica.** Esto es lo que escribe el mismo modelo cuando toma
# siempre el carácter más probable, partiendo de la línea de antes:

# %%
greedy = tg.generate_text(pretrained, pretrained_vocab, seed_line, length=300, temperature=0)
print(greedy)
for period in range(1, 150):  # el ciclo más corto en que acaba el texto, si lo hay
    if greedy[-2 * period:-period] == greedy[-period:]:
        start = len(greedy) - 2 * period  # retrocede mientras se mantenga el mismo periodo
        while start > 0 and greedy[start - 1] == greedy[start - 1 + period]:
            start -= 1
        print(f"\nFrom character {start + 1} on, the text repeats a cycle of {period} "
              f"characters: {greedy[start:start + period]!r}")
        break

# %% [markdown]
# ## 3. El corpus
#
# `load_corpus` descarga el texto una sola vez con `keras.utils.get_file`, que lo guarda en
# `~/.keras/datasets/`; las llamadas posteriores leen el archivo de la caché. Sin conexión,
# define la variable de entorno `TEXTGEN_CORPUS` con la ruta de una copia local antes de
# iniciar Jupyter: así, todas las celdas de esta lección leerán ese archivo. El texto se pasa
# a minúsculas, lo que reduce el vocabulario y le facilita la tarea a un modelo pequeño.

# %%
text = tg.load_corpus()
print(f"Corpus length: {len(text):,} characters")
print(f"Distinct characters: {len(set(text))}")

# %%
print(text[:400])

# %% [markdown]
# **La trampa de UTF-8.** El archivo está codificado en UTF-8: la mayoría de los caracteres
# ocupan un byte, pero letras como `ä` o `é` ocupan dos. Si lo lees con `open(path)` sin
# `encoding=`, Python usa la codificación predeterminada de la plataforma, que es UTF-8 en
# Linux y macOS, pero a menudo cp1252 en Windows. En ese caso, cada carácter de dos bytes se
# convierte en dos caracteres erróneos: el texto es más largo, aparecen símbolos que sobran y
# tu modelo aprende un alfabeto distinto. `load_corpus` siempre lee en UTF-8. Esta es la
# diferencia con el archivo real:

# %%
raw = tg.corpus_path().read_bytes()
as_cp1252 = raw.decode("cp1252").lower()  # lo que hace open(path) en muchos equipos Windows
print(f"bytes in the file:              {len(raw):,}")
print(f"characters, read as UTF-8:      {len(text):,} ({len(set(text))} distinct)")
print(f"characters, read as cp1252:     {len(as_cp1252):,} ({len(set(as_cp1252))} distinct)")
print("non-ASCII characters (UTF-8):", sorted(c for c in set(text) if ord(c) > 127))

# %% [markdown]
# ## 4. Del texto a los arrays
#
# El modelo aprende a partir de ejemplos de la forma *60 caracteres → el carácter que sigue*.
# Deslizamos una ventana de `maxlen = 60` caracteres a lo largo del texto y la desplazamos
# `step = 3` caracteres cada vez. Con un paso de 1 tendríamos el triple de ejemplos, casi
# idénticos entre sí; con 3, el conjunto de datos sigue siendo manejable.

# %%
maxlen, step = 60, 3
sentences, next_chars = tg.make_sequences(text, maxlen, step)
print(f"Number of sequences: {len(sentences):,}")
print(repr(sentences[1]), "->", repr(next_chars[1]))

# %% [markdown]
# La figura muestra la idea a menor escala, con ventanas de 10 caracteres en lugar de 60 (el
# paso es el de la lección, 3): cada fila es un ejemplo de entrenamiento, con sus caracteres
# de entrada en un color y el carácter que debe aprender a predecir en el otro.

# %%
fig = tg.plot_windows(text[:40], maxlen=10, step=3, n=4)
plt.show()

# %% [markdown]
# La red no puede leer caracteres, solo números. El vocabulario asigna a cada carácter
# distinto un identificador entero, según el orden de sus puntos de código Unicode:

# %%
vocab = tg.CharVocab.from_text(text)
print(f"{len(vocab)} characters:", repr("".join(vocab.chars)))  # \n es el salto de línea
print(vocab.encode("nietzsche"))

# %% [markdown]
# La forma clásica de representar los caracteres es la **codificación one-hot**: cada uno se
# convierte en un vector de longitud 57, todo ceros salvo un único uno en la posición de su
# identificador. Una secuencia pasa a ser una matriz de 60 × 57, y el conjunto de datos
# completo, un array booleano tridimensional; los objetivos se convierten en vectores one-hot
# de longitud 57.
# `vectorize` los construye con NumPy (el libro usa un doble bucle de Python; la batería de
# pruebas comprueba que los arrays son idénticos, elemento a elemento):

# %%
x, y = tg.vectorize(sentences, next_chars, vocab)
print("x:", x.shape, x.dtype, f"{x.nbytes / 1e6:,.0f} MB")
print("y:", y.shape, y.dtype, f"{y.nbytes / 1e6:,.1f} MB")
print(f"x as float32, the type the network computes in: {x.size * 4 / 1e9:.2f} GB")

# %% [markdown]
# Son 685 MB de booleanos, de los que el 98 % son ceros (56 de cada 57), y 2.7 GB si en algún
# momento se convierten a float32. La misma información cabe en un byte por carácter: las
# **ventanas de enteros** guardan los identificadores de los caracteres, y el propio modelo se
# encarga de la codificación one-hot, lote a lote, en su primera capa. Así es como vamos a
# entrenar.

# %%
x_ids, y_ids = tg.make_windows(text, vocab, maxlen, step)
print("x_ids:", x_ids.shape, x_ids.dtype, f"{x_ids.nbytes / 1e6:.1f} MB")
same = np.array_equal(x.argmax(-1), x_ids) and np.array_equal(y.argmax(-1), y_ids)
print("same information:", same)
del x, y  # libera los 685 MB

# %% [markdown]
# Por último, reservamos el 10 % final del texto para la validación. Cortamos el texto, no la
# lista de secuencias: las ventanas vecinas comparten 57 de sus 60 caracteres, así que una
# división aleatoria «validaría» con texto que el modelo prácticamente ya ha visto.

# %% tags=["nbval-ignore-output"]
train_text, val_text = tg.split_text(text, val_fraction=0.1)
if TRAIN_CHARS is not None:
    train_text = train_text[:TRAIN_CHARS]
x_train, y_train = tg.make_windows(train_text, vocab, maxlen, step)
x_val, y_val = tg.make_windows(val_text, vocab, maxlen, step)
print(f"training sequences: {len(x_train):,}, validation sequences: {len(x_val):,}")

# %% [markdown]
# ## 5. El modelo
#
# La red es la del libro: una capa `LSTM` de 128 unidades lee los 60 caracteres en orden y los
# resume en un vector de 128 números; una capa `Dense` con softmax convierte ese vector en 57
# probabilidades, una por carácter. La primera capa, `CharOneHot`, que no está en el libro, no
# tiene pesos: convierte los identificadores enteros en vectores one-hot, de modo que la LSTM
# recibe exactamente la misma entrada que en la versión del libro.

# %% tags=["nbval-ignore-output"]
model = tg.build_model(vocab, maxlen=maxlen, units=128, learning_rate=0.01)
model.summary()

# %% [markdown]
# ### Qué calcula una LSTM
#
# La LSTM lee la ventana carácter a carácter. En el paso $t$ toma el carácter $x_t$ (un
# vector one-hot de 57 números) y dos vectores de 128 números que arrastra del paso
# anterior: su salida $h_{t-1}$ y su *celda de memoria* $c_{t-1}$. Calcula tres puertas,
# cada una de ellas un número entre 0 y 1 por unidad ($\sigma$ es la sigmoide logística), y
# un valor candidato $g_t$ para la memoria:
#
# $$
# \begin{aligned}
# i_t &= \sigma(x_t W_i + h_{t-1} U_i + b_i) && \text{puerta de entrada: cuánto de } g_t
#   \text{ escribir}\\
# f_t &= \sigma(x_t W_f + h_{t-1} U_f + b_f) && \text{puerta de olvido: cuánto de }
#   c_{t-1} \text{ conservar}\\
# o_t &= \sigma(x_t W_o + h_{t-1} U_o + b_o) && \text{puerta de salida: cuánto de la
#   memoria mostrar}\\
# g_t &= \tanh(x_t W_g + h_{t-1} U_g + b_g) && \text{memoria candidata}\\
# c_t &= f_t \odot c_{t-1} + i_t \odot g_t\\
# h_t &= o_t \odot \tanh(c_t)
# \end{aligned}
# $$
#
# ($\odot$ multiplica elemento a elemento). La memoria $c_t$ solo cambia en la medida en
# que lo permiten las puertas de olvido y de entrada, así que la información puede viajar a
# lo largo de muchos pasos; a eso alude el “long short-term” del nombre. Tras el
# carácter 60, $h_{60}$ pasa a la capa densa, cuyo softmax da las probabilidades del
# siguiente carácter.
#
# Keras guarda las cuatro matrices $W$, una junto a otra, en un único `kernel` de forma
# 57 × 512, las cuatro $U$ en un `recurrent_kernel` de 128 × 512 y los cuatro vectores $b$
# en un `bias` de 512, en el orden $i, f, g, o$. Estas son las ecuaciones en NumPy,
# aplicadas a los propios pesos del modelo, junto a la respuesta de Keras para la misma
# ventana:

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
        z = kernel[char_id] + h @ recurrent_kernel + bias  # x_t W: la fila de kernel para x_t
        i, f, g, o = (z[k * units:(k + 1) * units] for k in range(4))
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    logits = h @ dense_kernel + dense_bias
    return np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()


ours = lstm_next_char_probs(model, x_ids[0])
keras_says = model.predict(x_ids[:1], verbose=0)[0]
print(f"largest difference from Keras: {np.abs(ours - keras_says).max():.1e}")

# %% [markdown]
# Multiplicar un vector one-hot por una matriz equivale a seleccionar una de sus filas, así
# que `kernel[char_id]` es $x_t W$. El modelo aún no está entrenado, pero el cálculo ya es
# el mismo que hará siempre.
#
# **De dónde salen los 102 585 parámetros.** Cada una de las cuatro primeras filas de las
# ecuaciones tiene una $W$ (57 × 128), una $U$ (128 × 128) y un $b$ (128):
# $4 \times 128 \times (57 + 128 + 1) = 95\,232$. La capa densa añade
# $128 \times 57 + 57 = 7353$.

# %%
print(f"parameters: {model.count_params():,}")
print(f"{type(model.optimizer).__name__}, learning rate {float(model.optimizer.learning_rate):g}, "
      f"clipnorm {model.optimizer.clipnorm}")
print("loss:", model.loss)

# %% [markdown]
# ### Cómo se entrena
#
# El entrenamiento usa **RMSprop** con una tasa de aprendizaje de 0.01 y, como función de
# pérdida, la **entropía cruzada categórica**: el logaritmo negativo de la probabilidad que
# el modelo asignó al carácter siguiente real. Como nuestros objetivos son identificadores,
# `build_model` compila el modelo con la forma «dispersa» (*sparse*) de esta pérdida,
# `sparse_categorical_crossentropy`: el mismo valor, sin objetivos one-hot.
#
# **Estabilidad.** `clipnorm=1.0` reescala el gradiente de un tensor de pesos a norma 1
# cuando su norma es mayor, para que un único gradiente inusualmente grande no pueda lanzar
# los pesos lejos de donde estaban. Lo que medimos (`benchmarks/README.md`, con los primeros
# 200 000 caracteres y lotes de 256): con una tasa de aprendizaje diez veces mayor que la de
# la lección, la primera época terminó con una pérdida de 7.0 sin recorte del gradiente
# (*clipping*) y de 2.8 con él. Con la tasa de la propia lección, en ejecuciones de 6
# épocas, el recorte cambió la pérdida de entrenamiento en menos de 0.02, y la mejor pérdida
# de validación fue algo peor con él (1.825 frente a 1.796): un precio pequeño por la
# protección. No hemos comprobado si evita la explosión del final de la ejecución publicada
# en el libro, cuya pérdida sube de 1.30 a 14.6 en sus cuatro últimas épocas. Como segunda
# red de seguridad, `tg.train` vuelve a la última época buena si la pérdida se vuelve NaN o
# aumenta a más del doble.
#
# **El plan de entrenamiento.** El libro entrena todas las épocas de la misma manera: lotes
# de 128 ventanas con una tasa de aprendizaje de 0.01. `tg.lesson_schedule` cambia dos cosas
# de una época a otra:
#
# - Las épocas 1 a 3 usan lotes de 256 con la tasa de aprendizaje completa: un modelo recién
#   inicializado aprende más con muchos pasos, aunque sean ruidosos.
# - A partir de la época 4, los lotes contienen 1024 ventanas, y la tasa de aprendizaje se
#   reduce en cada época por el mismo factor, hasta que, en la última época, queda en una
#   décima parte de su valor inicial. Los pasos se acortan a medida que el modelo se acerca
#   a un mínimo.
#
# El decaimiento se reparte entre todas las épocas que entrenes, sean cuantas sean, de modo
# que cada época sigue modificando los pesos: con `EPOCHS = 59`, la última época también se
# ejecuta a una décima parte de la tasa.

# %% tags=["nbval-ignore-output"]
print(inspect.getsource(tg.lesson_schedule))
for epoch in range(EPOCHS):
    size, factor = tg.lesson_schedule(epoch, EPOCHS)
    print(f"epoch {epoch + 1}: batch {size:5,d}, learning rate {0.01 * factor:.2g}")

# %% [markdown]
# `build_model` también toma dos decisiones que solo cambian lo rápido que se entrena el
# modelo en una CPU, no lo que calcula; el apéndice del final de la lección dice cuáles son.

# %% [markdown]
# ## 6. Muestreo, generación y bucle de entrenamiento, en código
#
# `sample` es la función que hay detrás del paso 3 del bucle: repondera según la temperatura
# y después extrae un carácter. Una temperatura de 0 equivale al muestreo voraz.

# %%
print(inspect.getsource(tg.sample))

# %% [markdown]
# La versión del libro extrae los caracteres con `np.random.multinomial`, que lanza
# `ValueError: sum(pvals[:-1]) > 1.0` cuando las probabilidades suman algo más de 1, aunque
# sea por muy poco; el libro lo evita convirtiéndolas antes a float64 y renormalizándolas.
# El muestreo por transformada inversa (extraer un número uniforme y ver en qué punto de la
# suma acumulada cae) no tiene ese problema, y un carácter con probabilidad 0 tiene un
# intervalo vacío, así que nunca puede salir elegido.
#
# `tg.generate_text` ejecuta el bucle completo de la sección 1: conserva los últimos
# `maxlen` caracteres, pide al modelo la siguiente distribución, muestrea y añade el
# carácter. Se ejecuta dentro de una única función compilada de TensorFlow y genera con
# todas las temperaturas a la vez, en lugar de llamar a `model.predict` una vez por
# carácter, como hace el libro; la batería de pruebas comprueba que calcula la misma
# distribución que se obtiene al llamar al modelo con la ventana. Funciona con cualquier
# modelo de Keras que lea ventanas de caracteres (con más capas, una GRU, un `Embedding`).
# Nuestro modelo aún no está entrenado, así que por ahora escribe ruido (la semilla tiene
# menos de 60 caracteres: `generate_text` la rellena por la izquierda con espacios):

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(SEED)
print(tg.generate_text(model, vocab, "the philosopher ", length=120, temperature=1.0, rng=rng))

# %% [markdown]
# **El bucle de entrenamiento.** El libro entrena y escribe por turnos: una época de `fit` y
# luego una muestra con cada temperatura, una y otra vez. Aquí tienes ese bucle escrito de
# forma explícita; modifícalo como quieras. Lo ejecutamos durante una época con un modelo
# nuevo y desechable, y con una décima parte de las ventanas, solo para verlo funcionar:

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
# `tg.train` ejecuta el mismo bucle, más lo que necesita una ejecución larga: después de
# cada época guarda los pesos, el estado del optimizador, el historial y las muestras, para
# que una ejecución interrumpida pueda reanudarse; aplica el plan de entrenamiento; conserva
# los mejores pesos según la pérdida de validación, y, si la pérdida se vuelve NaN o aumenta
# a más del doble, se detiene y vuelve a la última época buena. Las muestras las genera
# `tg.SampleTextCallback`, un callback de Keras que se encarga de la parte «después,
# generar» del bucle.

# %% [markdown]
# ## 7. Entrenamiento, con muestras tras cada época
#
# Tras cada época, el muestreador prolonga en 200 caracteres los mismos 60 caracteres del
# texto de validación (texto con el que el modelo nunca se entrena), con las temperaturas
# 0.2, 0.5, 1.0 y 1.2. La semilla y los números aleatorios son los mismos en todas las
# épocas, de modo que las épocas se pueden comparar entre sí. Conserva las muestras de todas
# las épocas e imprime las de una época de cada dos.
#
# Un pequeño callback de Keras, `keras.callbacks.LambdaCallback`, imprime una línea por
# época: sus pérdidas, su tasa de aprendizaje y cuánto ha tardado.
#
# Después de cada época, `tg.train` guarda la ejecución en `runs/lesson/`. Si interrumpes la
# celda (con el botón ■, o con Ctrl-C en la línea de comandos) o el kernel deja de
# funcionar, vuelve a ejecutarla: se reanuda tras la última época terminada. Cuando la
# ejecución está completa, volver a ejecutar la celda simplemente carga el resultado. Para
# omitir el entrenamiento, define `USE_PRETRAINED = True`: en lugar de entrenar, la celda
# carga entonces el modelo preentrenado y el registro de su entrenamiento (la ejecución
# completa de este mismo notebook).

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
# La pérdida se mide en nats (logaritmos naturales); dividida entre $\ln 2$, se convierte en
# bits por carácter: el número medio de preguntas de sí o no que el modelo todavía necesita
# para adivinar el siguiente carácter. Adivinar siempre al azar, con probabilidad uniforme
# entre los 57 caracteres, costaría $\log_2 57 \approx 5.8$ bits. Ahora `model` contiene los
# pesos de la mejor época, no los de la última.

# %% [markdown]
# ## 8. Qué revelan las muestras
#
# La muestra de cada época a temperatura 0.5, todas a partir de la misma semilla, una línea
# por época (los 100 primeros caracteres; los saltos de línea se muestran como ↵):

# %% tags=["nbval-ignore-output"]
samples = result["samples"]
print(f"seed: {samples[0]['seed']!r}")
for s in samples:
    line = s["texts"]["0.5"][:100].replace("\n", "↵")
    print(f"epoch {s['epoch']:2d}{' (best)' if s['epoch'] == result['best_epoch'] else ''}: "
          f"{line}")

# %% [markdown]
# Y las muestras de la mejor época con las cuatro temperaturas:

# %% tags=["nbval-ignore-output"]
best = next(s for s in samples if s["epoch"] == result["best_epoch"])
for temperature, generated in best["texts"].items():
    print(f"--- T = {temperature}:\n{generated}\n")

# %% [markdown]
# Lee la lista de arriba abajo. **Tras la época 1**, el modelo sabe que las palabras son
# cortas y van separadas por espacios, y poco más: repite “to to to” y escribe secuencias con
# aspecto de palabra, como “matien”. **Tras la época 2**, la mayoría de las palabras cortas
# son reales, pero las frases no llevan a ninguna parte (“in the of the self-indereduted and
# the indeed”). **Ya en la época 4**, las palabras están casi siempre bien escritas y aparecen
# frases del corpus (“the sense of the superiority”). A partir de la época 5, las muestras
# cambian poco, y la pérdida dice lo mismo (sección 9): la pérdida de validación baja 0.07 de
# la época 3 a la 4, 0.02 de la 4 a la 5 y menos de 0.01 por época a partir de ahí (la época 8
# es incluso 0.0007 peor). Ahora `model` contiene la época 7, la mejor.
#
# En la mejor época, cada temperatura mantiene su propia personalidad. Con 0.2, el modelo
# vuelve a las mismas palabras seguras (“the sense of the spirit and all the strength”, “the
# strange of the superition”). Con 0.5, encadena palabras reales en frases que suenan a
# Nietzsche y no significan nada (“the greatest to its will acquired”), con alguna palabra
# inventada aquí y allá (“subjict”). Con 1.0 inventa palabras (“promated”, “phalings”), y con
# 1.2 las descompone (“breaqorate”, “firehthic”).

# %% [markdown]
# ## 9. ¿Hasta qué punto es bueno el modelo, y comparado con qué?
#
# Una pérdida de validación de 1.510 nats significa poco por sí sola. Para darle una escala,
# evaluamos predictores más sencillos con exactamente los mismos 20 010 objetivos de
# validación (el carácter que sigue a cada ventana de validación) y con la misma métrica: la
# media de $-\ln P(\text{carácter siguiente real})$, en nats y en bits. La *perplejidad*,
# $e^{\text{pérdida}}$, dice lo mismo de otra forma: el predictor está, en promedio, tan
# indeciso como si tuviera que elegir entre ese número de caracteres igual de probables.
#
# - **Uniforme**: los 57 caracteres, igual de probables; $\ln 57 \approx 4.04$ nats.
# - **Unigrama**: cada carácter, tan frecuente como lo es en el texto de entrenamiento (`e` y
#   el espacio, a menudo; `z`, rara vez), sea cual sea lo que venga antes.
# - **n-grama**: la probabilidad del siguiente carácter dados los $n - 1$ caracteres
#   anteriores, contada en el texto de entrenamiento. Los recuentos por sí solos darían
#   probabilidad 0 a todo lo que no se ha visto, así que `tg.CharNGram` mezcla cada orden con
#   el inmediatamente inferior (suavizado de Kneser-Ney interpolado). No tiene pesos que
#   entrenar: ajustarlo es contar.
# - **La LSTM de todas las posiciones** (“every-position LSTM” en las salidas): una red del
#   mismo tipo, entrenada para predecir el siguiente carácter después de *cada* posición de su
#   entrada, no solo después de la última. Es más grande (256 unidades en lugar de 128, con
#   dropout, y entrenada con Adam; aquí tardó 42 minutos) y viene incluida en `textgen_utils`,
#   así que la lección no la entrena.

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
# **Gana el recuento.** El modelo de 6-gramas solo cuenta qué carácter sigue a cada contexto
# de 5 caracteres en el texto de entrenamiento, y obtiene 1.364 nats, muy por debajo de la
# LSTM del libro (1.510); incluso el de 5-gramas (1.400) lo hace mejor. Los contextos más
# largos ayudan hasta el modelo de 6-gramas (5 caracteres de contexto) y después perjudican:
# la mayoría de los contextos de 6 o 7 caracteres del texto de validación son raros o no
# aparecen en el texto de entrenamiento, así que sus recuentos ofrecen poca base.
#
# **Por qué pierde la red.** La configuración del libro aprovecha poco el texto. Cada ventana
# de 60 caracteres da a la red un solo objetivo, el carácter que la sigue, y las ventanas
# empiezan cada 3 caracteres: los 540 000 caracteres de entrenamiento dan 180 000 objetivos.
# El modelo de n-gramas aprende de todas las posiciones del texto de entrenamiento, y lo mismo
# hace la LSTM de todas las posiciones, que lee secuencias con un objetivo tras cada carácter
# (las construye `tg.make_shifted_sequences`). Con todas las posiciones, la red más grande del
# mismo tipo llega a 1.395: 0.115 nats mejor que el modelo del libro. No toda esa mejora se
# debe a los objetivos adicionales: una red de todas las posiciones del tamaño de la del
# libro, entrenada durante diez minutos, llegó a 1.502 (`benchmarks/README.md`,
# `every_position.py`), así que también cuentan su tamaño y su entrenamiento más largo; no
# hemos medido cuánto aporta cada uno.
#
# Sin embargo, no supera al modelo de 6-gramas: sigue 0.031 nats por detrás. Su registro de
# entrenamiento (`textgen_utils/pretrained/README.md`) muestra por qué se detuvo su
# entrenamiento tras la época 22: después de su mejor época, la 20.ª, su pérdida de validación
# subió mientras su pérdida de entrenamiento seguía bajando, así que más épocas solo ajustaban
# mejor los 540 000 caracteres de entrenamiento. Para superar a los recuentos en este corpus,
# una red necesita más de lo que le hemos dado aquí: más texto, o más regularización contra el
# sobreajuste.
#
# Las curvas de pérdida de nuestra ejecución, con la mejor época marcada, la tasa de
# aprendizaje debajo y, como escala, los predictores de la tabla anterior (el unigrama queda
# por encima del rango del gráfico: la leyenda lo nombra):

# %% tags=["nbval-ignore-output"]
fig = tg.plot_history(result["history"], best_epoch=result["best_epoch"],
                      baselines={"unigram": scores["unigram"], "6-gram": scores["6-gram"],
                                 "every-position LSTM": scores[
                                     "every-position LSTM (pretrained)"]})
plt.show()

# %% [markdown]
# La pérdida de validación baja deprisa durante cuatro épocas y después despacio, y alcanza su
# mejor valor en la época 7 (1.5101); en la época 8 es 0.0007 peor, mientras la pérdida de
# entrenamiento sigue bajando: ha dejado de mejorar. Si se entrena durante más tiempo, un
# modelo se ajusta cada vez mejor al texto de entrenamiento mientras la pérdida de validación
# sube poco a poco: eso es el *sobreajuste*. La distancia entre las dos curvas no es, por sí
# sola, un signo de ello: la pérdida de entrenamiento es una media a lo largo de la época,
# tomada mientras los pesos aún cambiaban (por eso queda por encima de la pérdida de
# validación en las épocas 1 y 2), y el texto de validación es otra parte del texto de
# Nietzsche, sus últimos capítulos. A partir de la época 4, la tasa de aprendizaje se reduce
# por el mismo factor en cada época, hasta 0.001 en la última, así que cada época sigue
# modificando los pesos.
#
# Por eso la lección se detiene en 8 épocas. Una ejecución anterior de esta lección entrenó
# durante 60 épocas, con una tasa de aprendizaje que se reducía en una cuarta parte cada época
# a partir de la 4.ª; su mejor época fue también la 7.ª (1.5141), y ninguna de las 53 épocas
# posteriores la mejoró (`textgen_utils/pretrained/README.md`, `benchmarks/README.md`). Para
# entonces su tasa de aprendizaje ya era pequeña, así que esa ejecución muestra que unos pasos
# más pequeños no ayudaron; no muestra qué habrían hecho unos pasos más grandes.
#
# Qué significan estas cifras en el texto escrito: los tres predictores continúan la misma
# semilla a temperatura 0.5.

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
# A temperatura 0.5, los tres son difíciles de distinguir a simple vista: en su mayoría escriben
# palabras reales, en frases que suenan como el corpus y no significan nada. La tabla
# dice que el modelo de 6-gramas y el de todas las posiciones predicen mejor el siguiente
# carácter, no que sus oraciones tengan más sentido. La sección 10 cuenta lo que el ojo solo
# puede intuir.

# %% [markdown]
# ## 10. La temperatura, en cifras
#
# La sección 8 juzgó las muestras a simple vista. Tres cifras las juzgan contando, sobre 300
# caracteres escritos a continuación de cada una de las 10 semillas tomadas del texto de
# validación:
#
# - **palabras conocidas**: la proporción de las palabras generadas que aparecen en el texto
#   de entrenamiento (las palabras inventadas, como “philosophical-s”, la reducen);
# - **pares distintos**: el número de pares diferentes de palabras vecinas, como proporción
#   del total de esos pares (la repetición la reduce: “the sense of the sense of” tiene cinco
#   pares, de los cuales tres son diferentes);
# - la entropía cruzada del texto según el modelo de 6-gramas, en nats: lo corriente que le
#   parece el texto a un modelo basado en recuentos.
#
# Comparamos temperaturas de 0 (muestreo voraz) a 1.5 con los dos truncamientos que recortan
# la cola de caracteres improbables en lugar de cambiar la forma de toda la distribución:
# **top-k** conserva los k caracteres más probables, y el muestreo **top-p** (de núcleo)
# conserva el menor conjunto de caracteres más probables cuyas probabilidades suman al menos
# p; ambos renormalizan después y muestrean a $T = 1$. Las continuaciones reales de las
# mismas semillas sirven de referencia.

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
# La temperatura sacrifica una cifra a cambio de la otra. El muestreo voraz escribe casi solo
# palabras conocidas (0.983), pero solo el 8 % de sus pares de palabras son distintos: entra
# en un bucle, como en la sección 2. Al subir la temperatura, el texto se vuelve más variado y
# las palabras, peores: con 0.5, 0.914 en palabras conocidas y 0.899 en pares distintos; con
# 1.0, 0.708 y 0.992; y con 1.5, menos de la mitad de las palabras existen (0.429). El texto
# real (la estrella) tiene 0.890 y 0.983. Ninguna temperatura lo alcanza: las que son tan
# variadas como el texto real, de 0.8 en adelante, escriben menos palabras conocidas (0.805
# con 0.8).
#
# El truncamiento queda sobre la curva de la temperatura o un poco por encima. Top-p 0.5
# escribe más palabras conocidas que T = 0.5 (0.953 frente a 0.914) con algo menos de variedad
# (0.884 frente a 0.899 en pares distintos); top-p 0.8 y top-k 5 quedan cerca de la curva,
# entre T = 0.5 y T = 0.8. Pero diez textos de 300 caracteres son una muestra pequeña: en una
# medición más amplia con el mismo modelo (20 semillas, 400 caracteres por semilla;
# `benchmarks/README.md`, `quality.py`), top-p 0.8 mantuvo 0.866 en palabras conocidas con
# 0.962 en pares distintos, donde la curva de la temperatura da alrededor de 0.82. Recortar la
# cola elimina algunas de las faltas de ortografía que la temperatura conserva, pero ninguna
# configuración iguala al texto real en las dos cifras a la vez. La última columna cuenta lo
# mismo: al modelo de 6-gramas, el texto real le cuesta 1.534 nats por carácter; el texto
# voraz le parece mucho más corriente (0.740), y el texto a T = 1.5, mucho menos (3.017). Qué
# configuración da el texto más convincente es cuestión de gustos y de propósito: prueba
# siempre varias.
#
# Aquí tienes T = 1.0 y top-p 0.8 con la misma semilla y los mismos números aleatorios:

# %% tags=["nbval-ignore-output"]
by_label = {row["label"]: row for row in quality}
print(f"seed: {seeds[0]!r}\n")
for label in ["T = 1.0", "top-p 0.8"]:
    print(f"--- {label}:\n{by_label[label]['texts'][0]}\n")

# %% [markdown]
# Ambas empiezan igual (los mismos números aleatorios) y luego se separan. Con T = 1.0, el
# modelo pronto inventa palabras (“noomanic”, “inventatooly”, “agbatarl”); top-p 0.8, que
# nunca extrae caracteres de la cola improbable, inventa menos (“huealy”, “allorded”).
#
# ### Dónde se sorprende el modelo
#
# La pérdida es una media sobre los caracteres. La *sorpresa* (*surprisal*) de un carácter,
# $-\log_2 P(\text{carácter} \mid \text{lo anterior})$ en bits, muestra de dónde sale esa
# media. Aquí está para cada carácter de un pasaje del texto de validación (el modelo lee
# antes los 60 caracteres que preceden al pasaje):

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
# Donde menos seguro está el modelo es al principio de una palabra: la primera letra de una
# palabra suele ser naranja o roja, mientras que el resto de la palabra, una vez empezada, es
# casi siempre pálido. Entre las celdas más oscuras hay caracteres poco frecuentes en el
# corpus, como el paréntesis de apertura y la comilla (8.9 y 8.8 bits) y la `z` de “chastizes”
# (8.2); otras son letras corrientes en un lugar inesperado, como la primera `f` de “effect”
# (8.4). La media, 2.04 bits por carácter, se acerca a la pérdida de validación del modelo
# (2.18 bits); este pasaje es algo más fácil que la media.
#
# ### Pruébalo
#
# Mueve el control deslizante para escribir con el modelo preentrenado a otra temperatura
# (necesita `ipywidgets`, que ya incluyen Colab y JupyterLab; siempre con la misma semilla y
# los mismos números aleatorios, de modo que solo cambia la temperatura):

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
# ## 11. Conclusiones
#
# - Un modelo de lenguaje predice el siguiente token a partir de los anteriores; generar texto
#   es un bucle de predecir, elegir y añadir, ya sean los tokens caracteres, palabras, notas o
#   trazos de lápiz.
# - Cómo se elige importa tanto como el modelo. El muestreo voraz se repite; el muestreo a
#   temperatura 1 inventa palabras; las temperaturas más bajas y top-p sacrifican variedad a
#   cambio de palabras que existen. Qué equilibrio da el texto más convincente es cuestión de
#   gustos y de propósito, así que prueba siempre varios.
# - Compara con un modelo de referencia. La red del libro aprende ortografía, puntuación y
#   los rasgos superficiales del estilo, pero contar qué carácter sigue a cada contexto de 5
#   caracteres del texto de entrenamiento predice mejor (1.364 nats frente a 1.510). Una LSTM
#   más grande, entrenada con todas las posiciones, se acerca a los recuentos (1.395), sin
#   llegar a superarlos en este corpus.
# - El modelo no tiene ni idea de lo que dice. Ha aprendido qué caracteres suelen seguir a
#   cuáles, nada sobre el mundo que describen las palabras, y su texto solo significa algo
#   para nosotros. El mero hecho de que funcione dice algo del lenguaje: los textos están
#   llenos de regularidades estadísticas. Imagina una lengua empaquetada con tanta eficiencia
#   que cada carácter siguiente fuera igual de probable, viniera lo que viniera antes, como un
#   archivo perfectamente comprimido: podría transmitir tanto significado como la nuestra y,
#   sin embargo, ningún modelo de lenguaje podría aprender nada de ella.
#
# ### Los modelos preentrenados
#
# `tg.load_pretrained()` devuelve la mejor época de la ejecución completa de este mismo
# notebook (`textgen_utils/pretrained/README.md` explica cómo se entrenó), y, desde la línea
# de comandos, `python -m textgen_utils generate --seed "..."` escribe con él.
# `tg.load_pretrained(kind="every_position")` devuelve el modelo de todas las posiciones de la
# sección 9.
#
# ### Tu propio corpus
#
# Sirve cualquier texto en UTF-8: `tg.load_corpus("my_text.txt")` en este notebook o, desde la
# línea de comandos, `python -m textgen_utils train --corpus my_text.txt`. Procura reunir al
# menos unos cientos de miles de caracteres; con menos, el modelo memoriza en lugar de
# generalizar (verás que la pérdida de validación sube mientras la de entrenamiento baja).

# %% [markdown]
# ## Ejercicios
#
# Los ejercicios 1 a 5 terminan con una comprobación: ejecútala con tu respuesta en lugar de
# `None`. Te dice si la respuesta es correcta (y devuelve `True`) o, si no lo es, lanza un
# error que indica qué parece estar mal. Cada uno tiene además una solución en
# `textgen_utils.exercises` que puedes consultar.
#
# **1. Una temperatura a mano.** Repondera la distribución $p = (0.5, 0.3, 0.2)$ a $T = 0.5$
# con la fórmula de la sección 2, usando solo NumPy (no `tg.reweight_distribution`).

# %%
answer_1 = None  # tus tres probabilidades, p. ej., np.array([...])
right = exercises.check_temperature(answer_1)

# %% [markdown]
# <details><summary>Solución</summary>
#
# `exercises.solution_temperature()` la calcula; lee su código con
# `print(inspect.getsource(exercises.solution_temperature))`.
# </details>
#
# **2. Una entropía.** ¿Cuál es la entropía, en bits, de tu respuesta al ejercicio 1?
# Compárala con la entropía de la propia $p$.

# %%
answer_2 = None  # un número, en bits
right = exercises.check_entropy(answer_2)

# %% [markdown]
# <details><summary>Solución</summary>
#
# `exercises.solution_entropy()`; su código:
# `inspect.getsource(exercises.solution_entropy)`.
# </details>
#
# **3. Un modelo más profundo.** ¿Cuántos parámetros tiene el modelo de la lección con dos
# capas `LSTM(128)` apiladas (la primera con `return_sequences=True`, para que la segunda
# lea su salida en cada paso) antes de la capa densa? Calcúlalo a partir de las ecuaciones
# de la sección 5 y después comprueba tu resultado construyendo el modelo con capas de
# Keras.

# %%
answer_3 = None  # un número entero
right = exercises.check_stacked_params(answer_3)

# %% [markdown]
# <details><summary>Solución</summary>
#
# `exercises.solution_stacked_params()`; su código:
# `inspect.getsource(exercises.solution_stacked_params)`. Un modelo así se entrena con
# `tg.train` y escribe con `tg.generate_text`, igual que el de la lección.
# </details>
#
# **4. Tu propio muestreador top-p.** Escribe
# `my_top_p(model, vocab, seed_text, length, top_p, rng)`, que devuelva `length` caracteres
# nuevos, cada uno extraído de la distribución del modelo (`tg.next_char_probs`) recortada a
# su núcleo top-p (`tg.truncate_distribution(p, top_p=top_p)` y después `tg.sample` a
# $T = 1$). La comprobación ejecuta tu función con `top_p=0.8` y cuatro semillas de validación
# y la da por buena si su texto tiene una proporción de palabras conocidas mayor que la de
# `tg.generate_text` a $T = 1$ (tarda alrededor de un minuto).

# %% tags=["nbval-ignore-output"]
my_top_p = None  # tu función
right = exercises.check_top_p(my_top_p, pretrained, pretrained_vocab, seeds[:4], known)

# %% [markdown]
# <details><summary>Solución</summary>
#
# `exercises.solution_top_p`; su código: `inspect.getsource(exercises.solution_top_p)`.
# </details>
#
# **5. Una memoria más corta.** Entrena el modelo de la lección con `maxlen=20` en lugar de 60
# (en un `run_dir` nuevo, por ejemplo `runs/maxlen20`: en `runs/lesson`, `tg.train` se
# limitaría a cargar la ejecución terminada) y pasa su mejor pérdida de validación a la
# comprobación, que conoce el rango que alcanzaron nuestras ejecuciones. ¿La pérdida es mayor
# o menor que con 60 caracteres (medida con sus propias ventanas de validación, así que los
# objetivos difieren ligeramente), y en qué se diferencian las muestras? Las ventanas más
# cortas también se entrenan más deprisa: aquí, unos 5 minutos.

# %%
answer_5 = None  # la mejor pérdida de validación de tu ejecución con maxlen=20
right = exercises.check_short_maxlen(answer_5, maxlen=20)

# %% [markdown]
# <details><summary>Solución</summary>
#
# `exercises.solution_short_maxlen(train_text, val_text, vocab)` lo entrena y devuelve la
# mejor pérdida de validación; su código:
# `inspect.getsource(exercises.solution_short_maxlen)`. En nuestras dos ejecuciones, la
# pérdida fue menor que con 60 caracteres (1.500 y 1.501, frente a 1.510): un indicio de que
# esta red, entrenada con un solo objetivo por ventana, aprovecha poco los caracteres
# lejanos.
# </details>
#
# **6. Otro texto.** Entrena con el código fuente del propio `textgen_utils` (sus archivos
# están en `os.path.dirname(tg.__file__)`). Tiene menos de la mitad del tamaño del corpus,
# así que es de esperar que haya sobreajuste. ¿Qué patrones aprende primero el modelo?

# %% [markdown]
# ## Apéndice: por qué el entrenamiento es rápido en una CPU con pocos núcleos
#
# Dos decisiones de `build_model` cambian lo rápido que se entrena el modelo, no lo que
# calcula (las pruebas comprueban que las predicciones y los gradientes son los mismos). En
# una CPU, la LSTM está *desenrollada*: sus 60 pasos se convierten en un único grafo lineal
# en lugar de un bucle. En una GPU sigue siendo un bucle, para que Keras pueda usar el
# rápido kernel cuDNN de NVIDIA (`build_model(device=...)` elige entre ambos; `"auto"`
# examina la máquina). Además, cada lote de entrenamiento se ejecuta en dos mitades que
# TensorFlow puede asignar a un núcleo cada una, y `tg.configure_threads()` ajusta los hilos
# en consecuencia. Las mediciones, y el bucle del libro cronometrado frente al nuestro en
# una misma ejecución, están en `benchmarks/README.md`, en el repositorio del curso
# (https://github.com/textgen-course/char-lstm-course/blob/main/benchmarks/README.md).

# %% tags=["nbval-ignore-output"]
print(f"This notebook ran for {(time.monotonic() - LESSON_START) / 60:.1f} minutes "
      "(from the setup cell to here).")
