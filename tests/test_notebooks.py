"""The committed notebooks, and the tooling that keeps them clean."""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]


def load_tool(name):
    """``tools/<name>.py`` as a module, by its path: ``notebooks`` is also the lessons' folder."""
    spec = importlib.util.spec_from_file_location(f"tools_{name}", REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tools = load_tool("notebooks")
NOTEBOOKS = tools.all_notebooks()
REPO_URL = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["urls"]["Repository"]


def test_there_is_an_english_lesson():
    assert REPO / "notebooks" / "en" / "char_lstm_text_generation.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO)))
def test_committed_notebook_is_clean_and_paired(notebook):
    assert tools.problems(notebook) == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO)))
def test_install_cell_uses_the_repository_url_from_pyproject(notebook):
    nb = nbformat.read(notebook, as_version=4)
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert f'REPO_URL = "{REPO_URL}"' in first_code.source
    assert "find_spec(\"textgen_utils\") is None" in first_code.source


def _install_cell():
    nb = nbformat.read(REPO / "notebooks" / "en" / "char_lstm_text_generation.ipynb",
                       as_version=4)
    return next(c for c in nb.cells if c.cell_type == "code")


def test_install_cell_prints_nothing_when_the_package_is_there(capsys):
    cell = _install_cell()
    exec(cell.source, {})
    assert capsys.readouterr() == ("", "")
    assert cell.outputs == []  # what nbval compares with


def test_install_cell_says_what_to_do_when_pip_fails(tmp_path):
    # The package missing, as on Colab, and the repository out of reach (a wrong URL, or
    # no network): one message with pip's reason, no traceback of pip's.
    source = _install_cell().source
    source = source.replace('find_spec("textgen_utils")', 'find_spec("textgen_utils_missing")')
    source = source.replace(REPO_URL, (tmp_path / "no-repository").as_uri())
    with pytest.raises(RuntimeError) as raised:
        exec(source, {})
    message = str(raised.value)
    assert message.startswith(f"Could not install textgen_utils from {tmp_path.as_uri()}")
    assert "does not appear to be a git repository" in message  # pip's reason
    assert 'run pip install -e ".[dev]" in it.' in message
    assert "\n" not in message and raised.value.__cause__ is None


def test_readme_colab_links_are_built_from_the_same_url():
    readme = (REPO / "README.md").read_text()
    owner_repo = re.match(r"https://github.com/([^/]+/[^/]+)$", REPO_URL).group(1)
    links = re.findall(r"https://colab\.research\.google\.com/github/[^\s)]+", readme)
    assert links, "README needs an Open in Colab link"
    for link in links:
        assert link.startswith(f"https://colab.research.google.com/github/{owner_repo}/blob/main/")
        assert (REPO / link.split("/blob/main/", 1)[1]).exists(), link


def _section(nb, number):
    """The cells from the heading ``## <number>.`` up to the next ``## `` heading."""
    start = next(i for i, c in enumerate(nb.cells)
                 if c.cell_type == "markdown" and c.source.startswith(f"## {number}."))
    end = next((i for i, c in enumerate(nb.cells[start + 1:], start + 1)
                if c.cell_type == "markdown" and c.source.startswith("## ")), len(nb.cells))
    return nb.cells[start:end]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO)))
def test_section_8_quotes_the_stored_outputs_of_its_own_run(notebook):
    # The discussion quotes the model's samples between “ and ”; every quote must be in the
    # outputs stored in that section, so the text cannot drift from the real run.
    cells = _section(nbformat.read(notebook, as_version=4), 8)
    outputs = " ".join(out.get("text", "") for c in cells if c.cell_type == "code"
                       for out in c.outputs)
    outputs = " ".join(outputs.split())
    quotes = [" ".join(q.split()) for c in cells if c.cell_type == "markdown"
              for q in re.findall(r"“([^”]+)”", c.source)]
    assert len(quotes) >= 8, "section 8 should quote the run's samples"
    missing = [q for q in quotes if q not in outputs]
    assert not missing, f"quoted but not in the stored outputs: {missing}"


def test_english_lesson_runs_as_a_script(tmp_path):
    # The jupytext-paired script is the lesson for people who prefer a terminal. Quick
    # mode, from a scratch folder so its runs/ checkpoints stay out of the repository.
    script = REPO / "notebooks" / "en" / "char_lstm_text_generation.py"
    env = {**os.environ, "TEXTGEN_QUICK": "1", "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Quick mode: 2 epochs." in result.stdout
    assert "--- T = 1.2:" in result.stdout  # it got through training to the samples...
    assert "This notebook ran for" in result.stdout  # ... and to the last cell


def make_notebook(tmp_path, outputs, counts=(1,)):
    nb = nbformat.v4.new_notebook()
    for count, outs in zip(counts, outputs):
        cell = nbformat.v4.new_code_cell("print(1)", execution_count=count)
        cell.outputs = [nbformat.from_dict(o) for o in outs]
        nb.cells.append(cell)
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path, nb


def test_problems_finds_what_breaks_nbval(tmp_path, monkeypatch):
    import jupytext

    monkeypatch.setattr(tools, "REPO", tmp_path)
    stderr = {"output_type": "stream", "name": "stderr", "text": "W0000 tf noise\n"}
    error = {"output_type": "error", "ename": "ValueError", "evalue": "x", "traceback": []}
    path_out = {"output_type": "stream", "name": "stdout", "text": "saved /home/me/run\n"}
    path, nb = make_notebook(tmp_path, [[stderr], [error], [path_out]], counts=(1, 3, 2))
    found = "\n".join(tools.problems(path))
    assert "stored stderr" in found and "stored error ValueError" in found
    assert "absolute path" in found and "execution counts" in found
    assert "no paired script" in found
    jupytext.write(nb, path.with_suffix(".py"), fmt="py:percent")
    assert "differ" not in "\n".join(tools.problems(path))
    nb.cells[0].source = "print(2)"
    nbformat.write(nb, path)
    assert "differ" in "\n".join(tools.problems(path))


def test_problems_finds_control_codes_left_in_a_stream(tmp_path, monkeypatch):
    monkeypatch.setattr(tools, "REPO", tmp_path)
    texts = ["ab\bc\n", "windows\r\nlines\r\n", "1/3\r"]  # only the middle one is fine
    outputs = [[{"output_type": "stream", "name": "stdout", "text": t}] for t in texts]
    path, _ = make_notebook(tmp_path, outputs, counts=(1, 2, 3))
    found = [p for p in tools.problems(path) if "backspace or carriage return" in p]
    assert found == [f"nb.ipynb cell {i}: a backspace or carriage return left in the output "
                     "(a progress bar nbclient could not collapse)" for i in (0, 2)]


PROGRESS = """import os, sys, time
for step in range(1, 4):
    print(f"\\r{step}/3 [{'=' * step:<3}]", end="", flush=True)
    time.sleep(0.05)
sys.stderr.write("W0000 start-up noise\\n")
sys.stderr.flush()
print()
print("quick:", os.environ["TEXTGEN_QUICK"])"""


def test_execute_stores_what_a_terminal_would_show(tmp_path, monkeypatch):
    # A real run in a python3 kernel: a progress bar redrawn with \r, then stderr noise.
    monkeypatch.setattr(tools, "REPO", tmp_path)
    monkeypatch.delenv("TEXTGEN_QUICK", raising=False)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Progress"), nbformat.v4.new_code_cell(PROGRESS)]
    nb.cells[1].metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    path = tmp_path / "progress.ipynb"
    nbformat.write(nb, path)
    tools.execute(path, quick=True, timeout=120)
    assert "TEXTGEN_QUICK" not in os.environ  # restored as it was
    cell = nbformat.read(path, as_version=4).cells[1]
    assert [(o.output_type, o.name, o.text) for o in cell.outputs] == [
        ("stream", "stdout", "3/3 [===]\nquick: 1\n")
    ]
    assert cell.execution_count == 1 and "execution" not in cell.metadata
    assert tools.problems(path) == []  # paired script written too


def test_problems_finds_an_output_too_long_to_read(tmp_path, monkeypatch):
    monkeypatch.setattr(tools, "REPO", tmp_path)
    lines = tools.MAX_OUTPUT_LINES
    outputs = [[{"output_type": "stream", "name": "stdout", "text": "x\n" * n}]
               for n in (lines, lines + 1)]
    path, _ = make_notebook(tmp_path, outputs, counts=(1, 2))
    found = [p for p in tools.problems(path) if "over" in p]
    assert found == [f"nb.ipynb cell 1: an output of {lines + 1} lines, over {lines}: print less"]


def test_clean_marks_long_outputs_scrolled_and_unmarks_short_ones(tmp_path):
    long, short = ("x\n" * (tools.SCROLL_LINES + 1)), "x\n" * tools.SCROLL_LINES
    outputs = [[{"output_type": "stream", "name": "stdout", "text": t}] for t in (long, short)]
    _, nb = make_notebook(tmp_path, outputs, counts=(1, 2))
    nb.cells[1].metadata["scrolled"] = True  # left from an earlier, longer run
    tools.clean(nb)
    assert nb.cells[0].metadata["scrolled"] is True and "scrolled" not in nb.cells[1].metadata
