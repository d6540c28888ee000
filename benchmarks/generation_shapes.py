"""Generation at new lengths and numbers of temperatures: what each call costs, in one run.

    python benchmarks/generation_shapes.py --before /tmp/gen-before [--rounds 3]
        [--corpus PATH] [--threads] [--skip-book]

Each round runs, in fresh processes one after the other, the package of another checkout
(``--before``, e.g. ``git worktree add /tmp/gen-before HEAD`` before a change) and this
one. Each process loads the pretrained model, then times, in this order: the first call
(4 temperatures x 400 characters, window mode: it includes compiling), a series of calls
with new lengths and numbers of temperatures (each new to the process), the stateful
mode's first call, and the steady state (4 x 400, window and stateful, median of 5).
The book's loop (one ``model.predict`` per character, ``book_reference.generate``) runs
once in this process, between the rounds, on the same weights. Then the steady state is
measured once more in this process, alternating call by call between the other
checkout's ``generation.py`` (loaded as a module) and this one's, which is less noisy
than comparing processes. Printed: every call's seconds for both checkouts (median over
the rounds), the ratios, and the number of times this checkout's compiled chunk
function was traced.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TEMPS = [0.2, 0.5, 1.0, 1.2]
#: (length, number of temperatures) of the calls after the first, in order.
SHAPES = [(400, 4), (120, 1), (200, 4), (401, 4), (1000, 4), (400, 1), (400, 2), (400, 3),
          (400, 5), (400, 8), (37, 3), (999, 6)]


def child(checkout: str, threads: bool) -> dict:
    """Run in a fresh process with ``checkout``'s package; the timings as a dict."""
    sys.path.insert(0, checkout)
    import numpy as np

    import textgen_utils as tg
    from textgen_utils import generation

    assert Path(generation.__file__).is_relative_to(checkout), generation.__file__
    if threads:
        tg.configure_threads()
    model, vocab = tg.load_pretrained()
    seed = "the philosopher is a man who is always thinking of the world"[:60]
    rng = np.random.default_rng(0)

    def timed(length, count, mode="window"):
        temps = (TEMPS * 2)[:count] if count <= 8 else [0.5] * count
        t = time.perf_counter()
        texts = tg.generate_text(model, vocab, seed, length, temps, rng, mode=mode)
        seconds = time.perf_counter() - t
        assert [len(x) for x in texts] == [length] * count
        return seconds

    out = {"first": timed(400, 4)}
    out["later"] = [[length, count, timed(length, count)] for length, count in SHAPES]
    out["stateful_first"] = timed(400, 4, "stateful")
    out["stateful_later"] = [[length, count, timed(length, count, "stateful")]
                             for length, count in [(120, 1), (1000, 4), (400, 3)]]
    for mode in ("window", "stateful"):
        out[f"steady_{mode}"] = sorted(timed(400, 4, mode) for _ in range(5))
    if hasattr(generation, "_compiled_lstm"):  # this checkout: how often it was traced
        xla = generation._XLA["available"]
        out["traces"] = {mode: generation._compiled_lstm(mode, xla)
                         .experimental_get_tracing_count() for mode in ("window", "stateful")}
    return out


def run_child(checkout: Path, threads: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", str(checkout)] + (["--threads"] * threads)
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(done.stdout.strip().splitlines()[-1])


def book_loop_seconds(corpus: str | None) -> float:
    """The book's loop, 4 temperatures x 400 characters, on the pretrained weights."""
    sys.path.insert(0, str(HERE))
    import book_reference as book
    import numpy as np

    import textgen_utils as tg

    model, vocab = tg.load_pretrained()
    book_model = book.build_model(len(vocab))
    book_model.set_weights(model.get_weights())
    seed = "the philosopher is a man who is always thinking of the world"[:60]
    np.random.seed(0)
    t = time.perf_counter()
    for temperature in TEMPS:
        book.generate(book_model, seed, list(vocab.chars), vocab.char_indices, temperature)
    return time.perf_counter() - t


def steady_in_process(before: Path, pairs: int) -> dict:
    """4 x 400 (and 1 x 400, 8 x 400) window mode, before's and this generate_text in turn."""
    import importlib.util

    import numpy as np

    import textgen_utils as tg

    spec = importlib.util.spec_from_file_location(
        "textgen_utils._before_generation", before / "textgen_utils" / "generation.py")
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    model, vocab = tg.load_pretrained()
    seed = "the philosopher is a man who is always thinking of the world"[:60]
    results = {}
    for count in (4, 1, 8):
        temps = (TEMPS * 2)[:count]
        texts = {}
        for name, gen in (("before", old.generate_text), ("after", tg.generate_text)):
            texts[name] = gen(model, vocab, seed, 400, temps, np.random.default_rng(0))
        assert texts["before"] == texts["after"], "the two checkouts write different texts"
        times = {"before": [], "after": []}
        for _ in range(pairs):
            for name, gen in (("before", old.generate_text), ("after", tg.generate_text)):
                t = time.perf_counter()
                gen(model, vocab, seed, 400, temps, np.random.default_rng(0))
                times[name].append(time.perf_counter() - t)
        results[count] = times
    return results


def median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a checkout of the package before the change")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", help="unused: the pretrained model needs no corpus")
    parser.add_argument("--threads", action="store_true",
                        help="call configure_threads() in each process, as the lesson does")
    parser.add_argument("--skip-book", action="store_true", help="do not run the book's loop")
    parser.add_argument("--pairs", type=int, default=10,
                        help="alternating calls of each checkout in the in-process steady state")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.threads)))
        return
    print(f"{os.cpu_count()} CPU cores; load before: {os.getloadavg()}; threads set: "
          f"{args.threads}", flush=True)
    runs = {"before": [], "after": []}
    book = None
    for r in range(args.rounds):
        for name, checkout in (("before", Path(args.before)), ("after", REPO)):
            t = time.perf_counter()
            runs[name].append(run_child(checkout, args.threads))
            print(f"round {r + 1} {name}: {time.perf_counter() - t:.0f} s, load "
                  f"{os.getloadavg()[0]:.2f}", flush=True)
        if r == 0 and not args.skip_book:
            book = book_loop_seconds(args.corpus)
            print(f"book's loop, 4 x 400 characters: {book:.1f} s, load "
                  f"{os.getloadavg()[0]:.2f}", flush=True)

    def row(label, key):
        b = median([key(run) for run in runs["before"]])
        a = median([key(run) for run in runs["after"]])
        vs_book = f"{book / a:8.0f}x" if book else ""
        print(f"  {label:38s} {b:8.3f} s {a:8.3f} s   after/before {a / b:6.2f} {vs_book}")

    print(f"\nMedians over {args.rounds} rounds   before      after"
          + ("      book/after" if book else ""))
    row("first call, 4 x 400 (compiles)", lambda run: run["first"])
    for i, (length, count) in enumerate(SHAPES):
        row(f"then {count} x {length}", lambda run, i=i: run["later"][i][2])
    row("stateful first call, 4 x 400", lambda run: run["stateful_first"])
    for i, (length, count) in enumerate([(120, 1), (1000, 4), (400, 3)]):
        row(f"stateful then {count} x {length}", lambda run, i=i: run["stateful_later"][i][2])
    for mode in ("window", "stateful"):
        row(f"steady state {mode}, 4 x 400 (median 5)",
            lambda run, mode=mode: median(run[f"steady_{mode}"]))
    ratios = [median(a["steady_window"]) / median(b["steady_window"])
              for a, b in zip(runs["after"], runs["before"])]
    print(f"  steady window after/before per round: {[round(x, 3) for x in ratios]}")
    print(f"  traces of this checkout's chunk function: {[r.get('traces') for r in runs['after']]}")
    print(f"\nSteady state in this process, window mode, {args.pairs} alternating calls each "
          f"(load {os.getloadavg()[0]:.2f}); the texts of both checkouts are equal")
    for count, times in steady_in_process(Path(args.before), args.pairs).items():
        b, a = median(times["before"]), median(times["after"])
        pair = sorted(x / y for x, y in zip(times["after"], times["before"]))
        vs_book = f", book/after {book / a:.0f}x" if book and count == 4 else ""
        print(f"  {count} x 400: before {b:.3f} s, after {a:.3f} s, after/before {a / b:.3f} "
              f"(per pair: median {median(pair):.3f}, {pair[0]:.2f} to {pair[-1]:.2f})"
              f"{vs_book}")
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
