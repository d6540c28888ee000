import re
from pathlib import Path

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


REPO = Path(__file__).resolve().parents[1]


def test_environment_yml_installs_the_same_package_as_pip():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    env = (REPO / "environment.yml").read_text()
    python = re.search(r"-\s*python=(\d+\.\d+)", env).group(1)
    low, high = re.match(r">=(\d+\.\d+),<(\d+\.\d+)", project["requires-python"]).groups()
    assert tuple(map(int, low.split("."))) <= tuple(map(int, python.split("."))) < tuple(
        map(int, high.split("."))
    )
    pip_line = re.search(r"^\s*-\s*-e\s+\.\[dev\]\s*$", env, re.M)
    assert pip_line, "environment.yml must pip install -e .[dev]"
    assert "dev" in project["optional-dependencies"]
    needed = {"pytest", "nbval", "jupytext", "jupyterlab", "ruff", "hypothesis"}
    names = {re.split(r"[<>=\[ ]", d)[0] for d in project["optional-dependencies"]["dev"]}
    assert needed <= names


def test_public_names():
    import textgen_utils

    for name in ["load_corpus", "CharVocab", "make_sequences", "vectorize", "make_windows",
                 "build_model", "reweight_distribution", "sample", "generate_text"]:
        assert callable(getattr(textgen_utils, name)), name


def test_every_public_name_is_there():
    import textgen_utils as tg

    missing = [name for name in tg.__all__ if not hasattr(tg, name)]
    assert not missing
    assert callable(tg.vectorize) and callable(tg.build_model)  # functions, not modules


def test_readme_quick_start_states_the_pythons_pyproject_accepts():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    low, high = re.match(r">=3\.(\d+),<3\.(\d+)", project["requires-python"]).groups()
    stated = f"with Python 3.{low}–3.{int(high) - 1}:"
    assert stated in (REPO / "README.md").read_text(encoding="utf-8")


def test_minimum_constraints_pin_every_runtime_dependency_at_its_lower_bound():
    # constraints/minimum.txt installs the lowest versions pyproject.toml accepts
    # (constraints/README.md records the unit tests on them).
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    bounds = dict(re.fullmatch(r"([\w-]+)>=([\d.]+)", d).groups() for d in project["dependencies"])
    lines = (REPO / "constraints" / "minimum.txt").read_text().split("\n")
    pins = dict(re.fullmatch(r"([\w-]+)==([\d.]+)", line).groups() for line in lines if line)
    assert pins.keys() == bounds.keys()
    for name, low in bounds.items():  # 2.16.1 for >=2.16: the first release of 2.16
        assert (pins[name] + ".").startswith(low + "."), (name, pins[name], low)
