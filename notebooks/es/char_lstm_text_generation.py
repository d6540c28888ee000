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
# Esta es la lección clásica de *Deep Learning with Python*, de François Chollet (en adelante,
# «el libro»), reconstruida para la versión actual de Keras. Una pequeña red recurrente lee la
# traducción inglesa de *Más allá del bien y del mal* (*Beyond Good and Evil*), de Friedrich
# Nietzsche, de 60 en 60 caracteres, y aprende una sola cosa: adivinar el siguiente carácter.
# Después la dejamos escribir. Nadie le explica qué es una palabra, dónde termina una oración
# ni cómo funcionan las comas; al final del entrenamiento ha aprendido buena parte de eso
# únicamente a partir del texto.
#
# Necesitas conocimientos básicos de Keras: capas, `compile`, `fit`. Todo lo demás se explica
# por el camino. Las funciones auxiliares vienen de `textgen_utils`, el pequeño paquete con
# pruebas automatizadas que acompaña a este curso; en los pasos clave, el muestreo y la
# generación, la lección muestra su código fuente, de modo que lo que lees es el mismo código
# que comprueban las pruebas.
#
# El plan:
#
# 1. cómo genera secuencias un modelo de lenguaje;
# 2. cómo elegir el siguiente carácter: de forma voraz o aleatoria, y la temperatura del softmax;
# 3. el corpus;
# 4. cómo convertir el texto en arrays;
# 5. el modelo;
# 6. el código de muestreo y de generación;
# 7. el bucle de entrenamiento, con muestras tras cada época;
# 8. qué muestran los resultados;
# 9. conclusiones y próximos pasos.

# %% [markdown]
# ## Preparación del entorno
#
# La siguiente celda instala `textgen_utils` si no está instalado, por ejemplo en Google
# Colab. En tu propio equipo, `pip install -e ".[dev]"`, ejecutado en el repositorio, ya lo
# ha instalado, así que la celda no hace nada.
#
# Lo que imprime el programa (las barras de progreso y palabras como “temperature” o
# “best epoch”) está en inglés en todas las ediciones del curso: las cinco ejecutan el mismo
# código y muestran las mismas salidas. En este curso, el separador decimal es el punto,
# como en las salidas del programa.

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
# **Modo completo o rápido.** La lección completa entrena durante 60 épocas con todo el
# corpus. En nuestra máquina de pruebas, de dos núcleos, en la ejecución cuya salida se guarda en
# la sección 7, las tres primeras épocas tardaron entre dos y dos minutos y medio cada una,
# y las demás, entre 82 y 99 segundos: en total, hora y media (consulta
# `benchmarks/README.md`). El modo rápido ejecuta exactamente las mismas celdas, pero
# entrena solo con los primeros 60 000 caracteres del texto de entrenamiento, durante
# 2 épocas, en unos dos minutos (el vocabulario y el texto de validación siguen procediendo
# del corpus completo): la batería de pruebas lo usa para comprobar que todas las celdas
# siguen funcionando. Para activarlo, define la variable de entorno `TEXTGEN_QUICK=1` antes
# de iniciar Jupyter; las cifras que dependen del entrenamiento serán entonces peores, pero
# todo lo demás es idéntico.

# %% tags=["nbval-ignore-output"]
import os

QUICK = os.environ.get("TEXTGEN_QUICK") == "1"
EPOCHS = 2 if QUICK else 60
TRAIN_CHARS = 60_000 if QUICK else None  # None: todo el texto de entrenamiento
SEED = 2024  # fija los pesos iniciales, los textos semilla de las muestras y el muestreo
print(f"{'Quick' if QUICK else 'Full'} mode: {EPOCHS} epochs.")

# %% [markdown]
# Al arrancar, TensorFlow muestra unas cuantas líneas sobre el hardware; la variable de
# entorno que definimos a continuación las oculta.
# La función `tg.configure_threads()` ajusta los hilos de TensorFlow a una CPU con pocos
# núcleos (la sección 5 explica por qué); hay que llamarla antes de que TensorFlow calcule
# nada.

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
# ## 1. Cómo genera secuencias un modelo de lenguaje
#
# Un *modelo de lenguaje* asigna, para cualquier comienzo de un texto, una probabilidad a cada
# token que podría venir a continuación. Aquí un token es un solo carácter, así que el modelo
# responde a preguntas como esta: después de `"the will to powe"`, ¿qué probabilidad tiene
# `"r"`? ¿Y `"n"`? ¿Y un espacio?
#
# Generar texto con un modelo así es un bucle:
#
# 1. pasar al modelo el texto escrito hasta ahora (en nuestro caso, sus últimos 60 caracteres);
# 2. obtener una distribución de probabilidad sobre el siguiente carácter;
# 3. elegir un carácter de esa distribución;
# 4. añadirlo al texto y volver al paso 1.
#
# El mismo bucle sirve para escribir con modelos a nivel de palabra, o con los tokens de
# subpalabra de los grandes modelos de lenguaje que hoy están detrás de los asistentes
# conversacionales, la traducción automática y el autocompletado de código. Trabajar con
# caracteres mantiene el vocabulario muy reducido (57 símbolos en lugar de decenas de miles de
# palabras) y permite al modelo inventar palabras que nunca ha visto; el precio es que tiene que
# aprender ortografía antes que cualquier otra cosa, y que 60 caracteres son apenas una docena
# de palabras de contexto.
#
# Para ver la entrada y la salida del bucle, aquí tienes un modelo ya entrenado con este corpus
# (en la sección 7 entrenaremos el nuestro). Viene incluido en `textgen_utils`:

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
# y otra vez, y el bucle cae fácilmente en un ciclo.
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
# Trabaja en float64 y resta el logit más grande antes de aplicar la exponencial, de modo que
# una temperatura diminuta (que divide los logits entre casi nada) no pueda provocar un
# subdesbordamiento que lo deje todo en cero, lo que daría 0/0 = NaN; además, `log(0)` se
# queda en `-inf` sin emitir advertencias (un carácter con probabilidad 0 conserva
# probabilidad 0).
#
# Ahora, una distribución real: lo que el modelo entrenado espera después de una línea de
# nuestro corpus. Cada panel muestra los 15 caracteres más probables tras la reponderación, y el
# título indica la entropía de la distribución completa.

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
# Con 0.2, casi toda la masa de probabilidad se concentra en uno o dos caracteres; con 1.2,
# muchos más caracteres tienen posibilidades reales. En la sección 8 leeremos lo que escribe
# el modelo con cada una de estas cuatro temperaturas.

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
# La red no puede leer caracteres, solo números. El vocabulario asigna a cada carácter
# distinto un identificador entero, según el orden de sus puntos de código Unicode:

# %%
vocab = tg.CharVocab.from_text(text)
print(f"{len(vocab)} characters:", "".join(vocab.chars))
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
# De dónde salen los 102 585 parámetros: para cada una de sus 128 unidades, la LSTM calcula
# cuatro valores (sus puertas de entrada, de olvido y de salida, y un candidato para su celda
# de memoria), cada uno con un peso por cada entrada (57) y por la salida anterior de cada
# unidad (128), más un sesgo: $4 \times 128 \times (57 + 128 + 1) = 95\,232$. La capa densa
# tiene $128 \times 57 + 57 = 7353$.
#
# El entrenamiento usa **RMSprop** con una tasa de aprendizaje de 0.01 y, como función de
# pérdida, la **entropía cruzada categórica**: el logaritmo negativo de la probabilidad que el
# modelo asignó al carácter siguiente real. Como nuestros objetivos son identificadores,
# `build_model` compila el modelo con la forma «dispersa» (*sparse*) de esta pérdida,
# `sparse_categorical_crossentropy`: el mismo valor, sin objetivos one-hot.

# %%
print(f"parameters: {model.count_params():,}")
print(f"{type(model.optimizer).__name__}, learning rate {float(model.optimizer.learning_rate):g}, "
      f"clipnorm {model.optimizer.clipnorm}")
print("loss:", model.loss)

# %% [markdown]
# **Por qué `clipnorm=1.0`.** El recorte de gradiente (*gradient clipping*) examina el
# gradiente de cada tensor de pesos antes de que lo use el optimizador: si su norma supera
# 1.0, se reduce a norma 1.0, y los gradientes más pequeños pasan sin cambios. Así protege
# frente a un único gradiente inusualmente grande que lance los pesos lejos de donde estaban,
# justo el tipo de accidente con el que termina la ejecución publicada del libro: tras 55
# épocas con una pérdida de 1.30, esta sube a 1.60, 4.73, 12.60 y 14.57 en las cuatro
# últimas. Hemos medido su efecto
# (`benchmarks/README.md`). Una vez que el entrenamiento se ha estabilizado, no hace nada:
# en la época 42 de una ejecución de 60 épocas, ninguna norma de gradiente pasó de 0.51 en
# 50 lotes muestreados. En cambio, con una tasa de aprendizaje diez veces mayor que la de la
# lección, sí importa: sin recorte, la primera época termina con una pérdida de 7.0, peor que
# adivinar al azar con probabilidad uniforme (4.04); con él, en 2.8. Pero no lo resuelve
# todo: con una tasa veinte veces mayor, el modelo no aprende ni con recorte ni sin él. Por
# eso, como segunda red de seguridad, `tg.train` se detiene y vuelve a la última época buena
# si la pérdida llega a ser NaN o aumenta a más del doble.
#
# Además, la LSTM está *desenrollada*: sus 60 pasos se despliegan en un único grafo lineal
# en lugar de ejecutarse en un bucle. El cálculo es exactamente el mismo, y en CPU se
# entrena más rápido.
#
# **Dos mitades por lote.** `build_model` devuelve un `tg.SplitBatchModel`, un modelo de
# Keras con un único cambio en su forma de entrenar: pasa cada lote de entrenamiento, y
# también cada lote de la validación que se hace tras cada época, por sus capas en dos
# mitades y luego une los resultados. Las dos mitades no se esperan entre sí, así que
# TensorFlow puede dar a cada una su propio núcleo. En una máquina con uno o dos núcleos, la
# llamada a `tg.configure_threads()` (en la celda de preparación del entorno) pide a
# TensorFlow un hilo por operación y dos operaciones a la vez, lo que encaja con este
# esquema. La pérdida, los gradientes y los pesos nuevos son los del lote completo (las
# pruebas lo verifican). En nuestra máquina de pruebas de dos núcleos, frente a los lotes
# completos, así se entrenaron entre un 28 % y un 35 % más de secuencias por segundo, y la
# validación tardó unos dos tercios del tiempo. Para predecir y generar se usa el modelo tal
# cual.
#
# **El plan de entrenamiento.** El libro entrena todas las épocas de la misma manera: lotes
# de 128 secuencias con una tasa de aprendizaje de 0.01. Nosotros cambiamos dos cosas de una
# época a la siguiente, y `tg.lesson_schedule` indica qué corresponde a cada época:
#
# - Las épocas 1 a 3 usan lotes de 256 con la tasa de aprendizaje completa. Un modelo recién
#   inicializado aprende más con muchos pasos, aunque sean ruidosos.
# - A partir de la época 4, los lotes contienen 1024 secuencias. Así, una CPU de dos núcleos
#   procesa entre 1.2 y 1.4 veces más secuencias por segundo, pero cada época tiene solo una
#   cuarta parte de los pasos.
# - A partir de la época 4, además, la tasa de aprendizaje se reduce en una cuarta parte en
#   cada época. Los pasos se acortan y el modelo se asienta en un buen mínimo en lugar de ir
#   dando saltos a su alrededor.
#
# El modelo es el mismo; solo cambia la forma de entrenarlo. Hemos medido ambos cambios en
# una misma ejecución (`benchmarks/README.md`). En una máquina de dos núcleos más rápida que
# la de la sección 7, una época de la lección (entrenamiento más las cuatro muestras) tardó
# 40 segundos, frente a 177 con el código del libro (tomando en cada caso la época mediana).
# Tras 10 épocas, la pérdida de validación era de 1.520, frente al 1.564 del libro.

# %%
print(inspect.getsource(tg.lesson_schedule))
for epoch in [0, 2, 3, 4, 9, 19, 59]:
    size, factor = tg.lesson_schedule(epoch)
    print(f"epoch {epoch + 1:2d}: batch {size:5,d}, "
          f"learning rate {float(model.optimizer.learning_rate) * factor:.2g}")

# %% [markdown]
# ## 6. Muestreo y generación, en código
#
# `sample` es la función que hay detrás del paso 3 del bucle: repondera según la temperatura y
# después extrae un carácter. Una temperatura de 0 equivale al muestreo voraz.

# %%
print(inspect.getsource(tg.sample))

# %% [markdown]
# La versión del libro extrae los caracteres con `np.random.multinomial`, que lanza
# `ValueError: sum(pvals[:-1]) > 1.0` cuando las probabilidades suman algo más de 1, aunque
# sea por muy poco. El libro las convierte antes a float64 y las renormaliza, lo que evita
# el error; las copias que omiten esa conversión pueden fallar con la salida en float32 del
# modelo, y `np.log` emite una advertencia cada vez que una probabilidad es exactamente 0.
# El muestreo por transformada inversa (extraer un número uniforme y ver en qué punto de la
# suma acumulada cae) no tiene ese problema, y un carácter con probabilidad 0 tiene un
# intervalo vacío, así que nunca puede salir elegido.
#
# `generate_text` ejecuta el bucle completo. Llamar a `model.predict` una vez por carácter,
# como hace el libro, supone unos 70 ms de sobrecarga por cada carácter: 2 minutos por época
# para 4 × 400 caracteres. En cambio, `generate_text` ejecuta el bucle dentro de una única
# función compilada de TensorFlow y genera con todas las temperaturas a la vez. Su núcleo es
# la LSTM aplicada a los últimos `maxlen` caracteres, con los propios pesos del modelo:

# %%
from textgen_utils import generation

print(inspect.getsource(generation._lstm_step))
print(inspect.getsource(generation._window_log_probs))

# %% [markdown]
# y la misma extracción por transformada inversa que en `sample`, escrita con operaciones de
# TensorFlow:

# %%
print(inspect.getsource(generation._choose))

# %% [markdown]
# La batería de pruebas comprueba que este código calcula la misma distribución que se obtiene
# al llamar al modelo de Keras con la ventana (con una tolerancia de 1e-5) y que, con los
# mismos números aleatorios, elige los mismos caracteres que el bucle del libro. Nuestro modelo
# aún no está entrenado, así que por ahora escribe ruido. (La semilla tiene menos de 60
# caracteres: `generate_text` la rellena por la izquierda con espacios).

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(SEED)
print(tg.generate_text(model, vocab, "the philosopher ", length=120, temperature=1.0, rng=rng))

# %% [markdown]
# ## 7. Entrenamiento, con muestras tras cada época
#
# Al final de cada época, `SampleTextCallback` elige al azar una semilla de 60 caracteres del
# corpus y la prolonga 400 caracteres con las temperaturas 0.2, 0.5, 1.0 y 1.2. Las cuatro
# parten de la misma semilla, así que las temperaturas se pueden comparar directamente.
#
# `tg.train` envuelve a `model.fit`. Después de cada época guarda los pesos, el estado
# del optimizador, el historial y las muestras en `runs/lesson/`. Si interrumpes la celda (con
# el botón ■, o con Ctrl-C en la línea de comandos) o el kernel deja de funcionar, vuelve a
# ejecutarla: el entrenamiento se reanuda tras la última época terminada. Cuando la ejecución
# está completa, volver a ejecutar la celda simplemente carga el resultado. Se conservan los
# mejores pesos según la pérdida de validación, que al final se cargan en `model`.
#
# En el modo completo, esto lleva alrededor de hora y media. Para omitirlo, define
# `USE_PRETRAINED = True`: en lugar de entrenar, la celda carga entonces el modelo preentrenado
# y el registro de su entrenamiento (su historial de pérdida y las muestras de las 60 épocas).

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
# La pérdida se mide en nats (logaritmos naturales); dividida entre $\ln 2$, se convierte en
# bits por carácter: el número medio de preguntas de sí o no que el modelo todavía necesita
# para adivinar el siguiente carácter. Adivinar siempre al azar, con probabilidad uniforme
# entre los 57 caracteres, costaría 5.8 bits.

# %% tags=["nbval-ignore-output"]
fig = tg.plot_history(result["history"])
plt.show()

# %% [markdown]
# ## 8. Qué muestran los resultados
#
# Aquí tienes las muestras de algunas épocas, con cada temperatura, a continuación de su
# semilla (en el notebook guardado, las de la ejecución completa de la propia lección).

# %% tags=["nbval-ignore-output"]
samples = result["samples"]
shown = sorted({0, len(samples) // 3, 2 * len(samples) // 3, len(samples) - 1})
for s in [samples[i] for i in shown]:
    print(f"=== epoch {s['epoch']}, seed: {s['seed']!r}")
    for temperature, generated in s["texts"].items():
        print(f"--- temperature {temperature}:\n{generated}\n")

# %% [markdown]
# Lee las muestras de arriba abajo; cada bloque empieza con su época y su semilla.
#
# **Tras la época 1**, el modelo sabe qué letras son frecuentes y que las palabras se separan
# con espacios, pero poco más. Con 0.2 se queda atascado en un bucle, repitiendo su palabra más
# probable, “to to to to to”; con 1.0 escribe secuencias con aspecto de palabra, como
# “expentount” y “veaver”, y con 1.2, otras aún menos pronunciables (“gronmwbe”).
#
# **Tras la época 21**, la mayoría de las palabras están bien escritas y las oraciones tienen
# el ritmo de la prosa de Nietzsche. Con 0.2 el texto ya no repite una sola palabra, pero
# vuelve una y otra vez a las mismas palabras, las más seguras: “the sense of the sense of the
# first”, “the superiority of the sense”. Con 0.5 se obtiene el texto más legible: “the spirit
# has been strength, and philosophical such a spirit” suena a Nietzsche sin significar nada,
# y aparece junto a palabras inventadas como “disintrong” y “compalse”. Con 1.0 el modelo llega
# incluso a imitar los aforismos numerados de *Más allá del bien y del mal*, el libro del que
# procede nuestro corpus (“26w. we do so naturans”), y con 1.2 muchas palabras se deshacen
# (“immexorda”).
#
# **Tras la época 41**, y también en el último bloque (época 60), las muestras no son mejores
# que tras la época 21: desde entonces el modelo apenas ha cambiado. Con 0.2 el texto amontona
# las mismas palabras seguras (“the sense of the sense of the sense of the sense”); con 0.5
# sigue encadenando palabras reales en frases que solo parecen tener sentido (“the philosopher
# who has have a stronger of the condition of the sympathy”), junto a palabras inventadas
# como “flutiving” y “mersonation”, y con 1.2 sigue deshaciendo las palabras (“shorkdouhy”,
# “lawnrqualy”).

# %% [markdown]
# **Las curvas de pérdida** de arriba cuentan el resto. La pérdida de validación baja
# rápidamente durante unas cinco épocas y alcanza su mejor valor en la época 7 (se muestra
# arriba). Después va subiendo, 0.025 en total, mientras la pérdida de entrenamiento sigue
# bajando un poco: el modelo mejora en el 90 % del texto con el que se entrena, pero no en
# textos que nunca ha visto. Esto es *sobreajuste* (*overfitting*), y por eso `tg.train`
# conserva la mejor época: ahora `model` vuelve a tener sus pesos, y no los de la última
# época. El dropout y un corpus más grande son los remedios habituales, pero quedan fuera del
# alcance de esta lección.
#
# Las dos curvas se aplanan por el plan de entrenamiento de la sección 5. En la época 21, la
# tasa de aprendizaje ya está por debajo de 0.0001, menos de la centésima parte de su valor
# inicial, y cada época posterior da pasos una cuarta parte más cortos que la anterior.
# Entrenado con una tasa de aprendizaje constante (con lotes de 256 de principio a fin, la
# configuración que usaba antes este curso), el mismo modelo fue empeorando: su pérdida
# de validación subió de 1.572, su mejor valor, a 1.607 en la época 60
# (`benchmarks/README.md`), y la ejecución publicada en el libro llega incluso a divergir en
# sus últimas épocas. Con el plan, las últimas 40 épocas cambian poco. Mantenemos 60 para
# ser fieles al libro, pero con `EPOCHS = 20` (en la celda de código que sigue a **Modo
# completo o rápido**) esta ejecución habría terminado con la misma mejor época, en
# aproximadamente un tercio del tiempo.
#
# En todas las épocas, cada temperatura conserva su carácter: 0.2 se repite, con 0.5 el texto se
# lee mejor, 1.0 inventa palabras y 1.2 las deshace.

# %% [markdown]
# ## 9. Conclusiones y próximos pasos
#
# - Un modelo de lenguaje predice el siguiente token a partir de los anteriores; generar texto
#   es un bucle de predecir, elegir y añadir.
# - La forma de elegir importa tanto como el modelo: el muestreo voraz es repetitivo, el
#   muestreo a temperatura 1 es errático, y la temperatura permite moverse entre ambos extremos.
# - Una LSTM de 100 000 parámetros, entrenada con 540 000 caracteres (el 90 % del corpus),
#   aprende a escribir correctamente la mayoría de las palabras comunes, a puntuar y a imitar
#   los rasgos superficiales del estilo, pero no el significado.
#
# ### El modelo preentrenado
#
# `tg.load_pretrained()` devuelve el modelo de la mejor época (la época 7, con una pérdida de
# validación de 1.5141) de la ejecución completa de este mismo notebook
# (`textgen_utils/pretrained/README.md` explica cómo se entrenó) y, desde la línea de comandos,
# `python -m textgen_utils generate --seed "..."` genera texto con él.

# %% tags=["nbval-ignore-output"]
for t, generated in zip([0.2, 0.5, 1.0, 1.2],
                        tg.generate_text(pretrained, pretrained_vocab, seed_line, length=200,
                                         temperature=[0.2, 0.5, 1.0, 1.2],
                                         rng=np.random.default_rng(SEED))):
    print(f"--- temperature {t}:\n{seed_line}{generated}\n")

# %% [markdown]
# ### Muestreo top-k y muestreo de núcleo
#
# La temperatura modifica la forma de toda la distribución. Dos alternativas muy extendidas
# recortan, en cambio, su cola de caracteres improbables y renormalizan lo que queda: **top-k**
# conserva los k caracteres más probables; el muestreo de **núcleo** (*nucleus*, o top-p)
# conserva el menor conjunto de caracteres más probables cuyas probabilidades suman al menos p.
# En la cola se concentran los disparates ocasionales del modelo, así que el truncamiento puede
# eliminar la mayoría de las faltas de ortografía de las temperaturas altas sin perder la
# variedad. Comparémoslos con la distribución de la sección 2:

# %%
for label, q in [("T = 1.0", tg.reweight_distribution(p, 1.0)),
                 ("T = 0.5", tg.reweight_distribution(p, 0.5)),
                 ("top-k, k = 5", tg.truncate_distribution(p, top_k=5)),
                 ("nucleus, p = 0.9", tg.truncate_distribution(p, top_p=0.9))]:
    print(f"{label:17s} {np.count_nonzero(q > 1e-3):2d} characters above 0.001, "
          f"entropy {tg.entropy(q):.2f} bits")

# %% [markdown]
# ### Tu propio corpus
#
# Sirve cualquier texto en UTF-8: `tg.load_corpus("my_text.txt")` en este notebook o, desde la
# línea de comandos, `python -m textgen_utils train --corpus my_text.txt`. Procura reunir al
# menos unos cientos de miles de caracteres; con menos, el modelo memoriza en lugar de
# generalizar (verás que la pérdida de validación sube mientras la de entrenamiento baja).
#
# ### Ejercicios
#
# 1. Genera 400 caracteres con el modelo preentrenado a temperaturas 0, 0.2 y 2.0.
#    Describe qué falla en cada extremo.
# 2. Escribe un bucle de generación que muestree con `truncate_distribution(p, top_p=0.9)`
#    (usa `tg.next_char_probs` para obtener `p`). Compáralo con el muestreo a temperatura 0.5.
# 3. Entrena con `maxlen=20` en lugar de 60, en un `run_dir` nuevo (por ejemplo,
#    `runs/maxlen20`): en `runs/lesson`, `tg.train` se limitaría a cargar la ejecución ya
#    terminada. ¿Qué ocurre con la pérdida de validación y con las muestras?
# 4. Entrena con un texto distinto, por ejemplo el código fuente del propio `textgen_utils`
#    (sus archivos están en `os.path.dirname(tg.__file__)`). Solo tiene unos 60 000
#    caracteres, así que es de esperar que haya sobreajuste. ¿Qué patrones aprende primero
#    el modelo?
# 5. Sustituye `LSTM(128)` por dos capas LSTM apiladas de 128 unidades y construye tú mismo el
#    modelo con capas de Keras. `generate_text` y `SampleTextCallback` solo funcionan con el
#    modelo de la lección, que tiene una única LSTM, así que pasa `sampler=None` a `tg.train` y
#    genera texto con un bucle de `model.predict` y `tg.sample`, como hace el libro. ¿Compensa
#    el tiempo de entrenamiento adicional?
