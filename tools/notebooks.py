"""Course tooling for the lesson notebooks (maintainers only, not for students).

    python tools/notebooks.py execute notebooks/en/char_lstm_text_generation.ipynb [--quick]
    python tools/notebooks.py check

``execute`` runs a notebook top to bottom in a fresh kernel (full mode unless
``--quick``) and writes it, with its paired py:percent script, cleaned for the repository:
nbclient merges each cell's output streams and resolves the carriage returns of progress
bars (``coalesce_streams``) and records no timing; then stderr (TensorFlow's start-up
lines) and any timing metadata left from an earlier run are dropped. ``check`` lists what
would break nbval or confuse a student in the committed notebooks.

nbclient merges *all* the stdout of a cell into its first stdout output, even across a
figure: a cell that prints, plots and prints again stores both texts above the figure.
It does not resolve a backspace (``\\b``, which Keras only writes before a ``\\r``, so it
goes with the overwritten line); ``check`` reports any that is left.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import jupytext
import nbformat

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
MAX_BYTES = 2_000_000
ABSOLUTE_PATH = re.compile(r"(/(home|root|tmp|work|Users|usr|opt)/|[A-Za-z]:\\\\)")
#: A terminal control code nbclient left in a stream: a backspace, or a carriage return
#: that does not end a line.
TERMINAL_CODE = re.compile(r"\x08|\r(?!\n)")
#: No stored output may be longer than this many lines: a reader should not scroll past it.
MAX_OUTPUT_LINES = 150
#: Outputs longer than this are marked ``scrolled``, so JupyterLab shows them in a box.
SCROLL_LINES = 40


def all_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*/*.ipynb"))


def paired_script(notebook: Path) -> Path:
    return notebook.with_suffix(".py")


def output_lines(out: nbformat.NotebookNode) -> int:
    """How many lines a stored output shows: its stream text or its plain-text form."""
    text = out.get("text", "") or out.get("data", {}).get("text/plain", "")
    return len(str(text).splitlines())


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what nbclient keeps but the repository should not: stderr, timing metadata.

    Also mark the cells whose output has more than ``SCROLL_LINES`` lines ``scrolled``
    (JupyterLab then shows it in a scrolling box), and unmark the others; jupytext does not
    keep this flag in the paired script, so it is set here, where outputs are stored.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook executed by nbclient (streams already coalesced); changed in place.

    Returns
    -------
    nbformat.NotebookNode
        ``nb``, without stderr outputs and without ``execution`` metadata in any cell.
    """
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = [out for out in cell.outputs
                            if not (out.output_type == "stream" and out.name == "stderr")]
            if sum(map(output_lines, cell.outputs)) > SCROLL_LINES:
                cell.metadata["scrolled"] = True
            else:
                cell.metadata.pop("scrolled", None)
    return nb


def execute(notebook: Path, quick: bool, timeout: int | None = None) -> None:
    """Run a notebook in a fresh python3 kernel; write it and its paired script, cleaned.

    Parameters
    ----------
    notebook : Path
        The notebook, run from its own folder and overwritten with the new outputs.
    quick : bool
        Run with ``TEXTGEN_QUICK=1`` (else ``0``); the variable is restored afterwards.
    timeout : int, optional
        Seconds a cell may take; no limit by default.
    """
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    env_quick = os.environ.get("TEXTGEN_QUICK")
    os.environ["TEXTGEN_QUICK"] = "1" if quick else "0"
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       coalesce_streams=True, record_timing=False,
                       resources={"metadata": {"path": str(notebook.parent)}}).execute()
    finally:
        if env_quick is None:
            os.environ.pop("TEXTGEN_QUICK")
        else:
            os.environ["TEXTGEN_QUICK"] = env_quick
    nb = clean(nb)
    nbformat.write(nb, notebook)
    jupytext.write(nb, paired_script(notebook), fmt="py:percent")


def _cells(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def problems(notebook: Path) -> list[str]:
    """What is wrong with a committed notebook; empty when it is fine."""
    found = []
    name = notebook.relative_to(REPO)
    if notebook.stat().st_size > MAX_BYTES:
        found.append(f"{name}: {notebook.stat().st_size:,} bytes, over {MAX_BYTES:,}")
    nb = nbformat.read(notebook, as_version=4)
    counts = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        counts.append(cell.execution_count)
        for out in cell.outputs:
            if out.output_type == "error":
                found.append(f"{name} cell {i}: stored error {out.ename}")
            if out.output_type == "stream" and out.name == "stderr":
                found.append(f"{name} cell {i}: stored stderr")
            if out.output_type == "stream" and TERMINAL_CODE.search(out.text):
                found.append(f"{name} cell {i}: a backspace or carriage return left in the "
                             "output (a progress bar nbclient could not collapse)")
            if output_lines(out) > MAX_OUTPUT_LINES:
                found.append(f"{name} cell {i}: an output of {output_lines(out):,} lines, "
                             f"over {MAX_OUTPUT_LINES}: print less")
            text = out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
            if ABSOLUTE_PATH.search(text):
                found.append(f"{name} cell {i}: absolute path in the output")
    if counts != list(range(1, len(counts) + 1)):
        found.append(f"{name}: execution counts are {counts}, not 1, 2, 3, ... in order")
    script = paired_script(notebook)
    if not script.exists():
        found.append(f"{name}: no paired script {script.name}")
    elif _cells(jupytext.read(script)) != _cells(nb):
        found.append(
            f"{name} and {script.name} differ: run `jupytext --sync {name}` after editing"
        )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("execute", help="run a notebook and store its cleaned outputs")
    ex.add_argument("notebooks", nargs="+", type=Path)
    ex.add_argument("--quick", action="store_true", help="TEXTGEN_QUICK=1 (for trying out)")
    sub.add_parser("check", help="list problems in the committed notebooks")
    args = parser.parse_args(argv)
    if args.command == "execute":
        for notebook in args.notebooks:
            execute(notebook.resolve(), args.quick)
            print(f"executed {notebook}")
        return 0
    issues = [p for nb in all_notebooks() for p in problems(nb)]
    print("\n".join(issues) if issues else f"{len(all_notebooks())} notebooks OK")
    return 1 if issues else 0


if __name__ == "__main__":
    sys.exit(main())
