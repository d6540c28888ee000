"""The lesson in five languages from one source (course tooling, for maintainers).

    python tools/translate.py update   # English notebook -> translations/template.pot -> <lang>.po
    python tools/translate.py build    # <lang>.po + English notebook -> notebooks/<lang>/
    python tools/translate.py check    # untranslated, fuzzy, stale or hand-edited: exit 1

The English notebook is the only source. Each markdown cell and each code comment is
one catalog entry. ``update`` refreshes the template and merges it into every language's
catalog with Babel (as GNU msgmerge does): an entry whose English changed becomes
*fuzzy*, keeping the old translation and the old English for the translator; a new one
is untranslated. ``build`` writes each language's notebook and paired script: markdown
and comments translated, code and outputs identical to English. ``check`` fails until
every language is complete and every built notebook is what ``build`` would write.
"""

from __future__ import annotations

import argparse
import ast
import copy
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
from babel.messages.catalog import Catalog
from babel.messages.pofile import denormalize, normalize, read_po, write_po

REPO = Path(__file__).resolve().parents[1]
#: Catalog file stem -> (locale for the catalog header, name of the language).
LANGUAGES = {
    "ru": ("ru", "Русский"),
    "zh": ("zh_Hans_CN", "简体中文"),
    "pt": ("pt_BR", "Português (Brasil)"),
    "es": ("es", "Español"),
}
_TOOL_COMMENT = re.compile(r"^(noqa|type:|NBVAL_|doctest:|fmt:)")


@dataclass
class Paths:
    english: Path = REPO / "notebooks" / "en"
    notebooks: Path = REPO / "notebooks"
    translations: Path = REPO / "translations"

    @property
    def template(self) -> Path:
        return self.translations / "template.pot"

    def catalog(self, lang: str) -> Path:
        return self.translations / f"{lang}.po"


def _comments(source: str, translatable_only: bool = True) -> list[tokenize.TokenInfo]:
    """The (translatable) ``#`` comments of a code cell, as tokens; code never is one."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    return [t for t in tokens if t.type == tokenize.COMMENT
            and (not translatable_only or _translatable(_comment_text(t)))]


def _translatable(text: str) -> bool:
    """Prose in any script: not a tool comment (``noqa``) nor commented-out code."""
    if not any(c.isalpha() for c in text) or _TOOL_COMMENT.match(text):
        return False
    try:
        ast.parse(text)
    except SyntaxError:
        return True
    return False  # valid Python: code a student may uncomment, never translated


def _comment_text(token: tokenize.TokenInfo) -> str:
    return token.string.lstrip("#").strip()


def _replace_comments(source: str, translate, translatable_only: bool = True) -> str:
    """``source`` with each (translatable) comment replaced by ``translate(text)``."""
    lines = source.splitlines(keepends=True)
    for token in reversed(_comments(source, translatable_only)):  # columns stay valid
        row, col = token.start
        line = lines[row - 1]
        prefix = token.string[: len(token.string) - len(token.string.lstrip("#"))]
        new = f"{prefix} {translate(_comment_text(token))}"
        lines[row - 1] = line[:col] + new + line[col + len(token.string):]
    return "".join(lines)


def strip_comments(source: str) -> str:
    """The code of a cell with every comment emptied (for comparing languages)."""
    return _replace_comments(source, lambda text: "", translatable_only=False)


def english_notebooks(paths: Paths) -> list[Path]:
    return sorted(paths.english.glob("*.ipynb"))


def template(paths: Paths) -> Catalog:
    """Every markdown cell and code comment of the English notebooks, with locations."""
    catalog = Catalog(project="char-lstm-course", fuzzy=False)
    for notebook in english_notebooks(paths):
        nb = nbformat.read(notebook, as_version=4)
        for i, cell in enumerate(nb.cells):
            where = [(f"{notebook.name}:cell", i + 1)]  # 1-based: Babel drops a 0
            if cell.cell_type == "markdown" and cell.source.strip():
                catalog.add(cell.source, locations=where, auto_comments=["markdown cell"])
            elif cell.cell_type == "code":
                for token in _comments(cell.source):
                    catalog.add(_comment_text(token), locations=where,
                                auto_comments=["comment in a code cell"])
    return catalog


def _no_python_format(line: str) -> str:
    """Prose is not a format string: "30% of" is no ``%o``, nor ``{,}`` in LaTeX a field."""
    if not line.startswith("#, "):
        return line
    flags = [f.strip() for f in line[3:].split(",")]
    flags = [f"no-{f}" if f in ("python-format", "python-brace-format") else f for f in flags]
    return "#, " + ", ".join(dict.fromkeys(flags)) + "\n"


_WIDTH = 90


def _write(catalog: Catalog, path: Path) -> None:
    """Write a catalog; fuzzy entries show the English they were translated from (``#|``).

    Babel folds a long previous msgid into one wrapped comment, which gettext tools do not
    read, so the ``#| msgid`` block is written here in the standard multi-line form.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=_WIDTH, include_previous=False, sort_output=False)
    text = buffer.getvalue().decode("utf-8")
    for m in catalog:
        if m.id and m.fuzzy and m.previous_id:
            anchor = f"\nmsgid {normalize(m.id, width=_WIDTH)}\n"
            old = normalize(m.previous_id[0], width=_WIDTH).splitlines()
            block = "".join([f"#| msgid {old[0]}\n", *(f"#| {line}\n" for line in old[1:])])
            text = text.replace(anchor, "\n" + block + anchor[1:], 1)
    lines = text.splitlines(keepends=True)
    path.write_text("".join(_no_python_format(line) for line in lines), encoding="utf-8")


def _read(path: Path, locale: str | None = None) -> Catalog:
    """Read a catalog, with the ``#| msgid`` blocks (Babel keeps them as comments)."""
    with path.open("rb") as f:
        catalog = read_po(f, locale=locale)
    for m in catalog:
        previous = [c[1:].strip() for c in m.user_comments if c.startswith("|")]
        if previous:
            m.user_comments = [c for c in m.user_comments if not c.startswith("|")]
            previous[0] = previous[0].removeprefix("msgid").strip()
            m.previous_id = [denormalize("\n".join(previous))]
    return catalog


def update(paths: Paths | None = None, languages=LANGUAGES) -> None:
    """Refresh the template and merge it into each language's catalog."""
    paths = paths or Paths()
    pot = template(paths)
    _write(pot, paths.template)
    for lang, (locale, _) in languages.items():
        path = paths.catalog(lang)
        catalog = _read(path, locale) if path.exists() else Catalog(locale=locale,
                                                                    project=pot.project)
        still_old = {m.id: m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
        catalog.update(pot, update_creation_date=False)
        for m in catalog:  # Babel forgets the old English of entries that stay fuzzy
            if m.id and m.fuzzy and not m.previous_id and m.id in still_old:
                m.previous_id = still_old[m.id]
        catalog.obsolete.clear()  # the English text they belonged to is gone
        catalog.fuzzy = False  # the header is ours; a fuzzy header makes compilers skip it
        _write(catalog, path)


def _translations(catalog: Catalog) -> dict[str, str]:
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def translated(notebook: Path, catalog: Catalog, lang: str) -> nbformat.NotebookNode:
    """The English notebook with its markdown and comments translated from ``catalog``."""
    table = _translations(catalog)
    nb = copy.deepcopy(nbformat.read(notebook, as_version=4))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = table.get(cell.source, cell.source)
        elif cell.cell_type == "code":
            cell.source = _replace_comments(cell.source, lambda text: table.get(text, text))
    nb.metadata["language"] = lang  # the human language; the kernel says Python
    return nb


def build(paths: Paths | None = None, languages=LANGUAGES) -> None:
    """Write every language's notebooks and paired scripts."""
    paths = paths or Paths()
    for lang, (locale, _) in languages.items():
        catalog = _read(paths.catalog(lang), locale)
        for notebook in english_notebooks(paths):
            out = paths.notebooks / lang / notebook.name
            out.parent.mkdir(parents=True, exist_ok=True)
            nb = translated(notebook, catalog, lang)
            nbformat.write(nb, out)
            jupytext.write(nb, out.with_suffix(".py"), fmt="py:percent")


def _entries(catalog: Catalog) -> list[tuple[str, tuple]]:
    return sorted((m.id, tuple(sorted(m.locations))) for m in catalog if m.id)


def check(paths: Paths | None = None, languages=LANGUAGES) -> list[str]:
    """Everything that stops the translations from being complete and current."""
    paths = paths or Paths()
    found = []
    if not english_notebooks(paths):
        return found
    if not paths.template.exists() or _entries(_read(paths.template)) != _entries(
        template(paths)
    ):
        found.append("translations/template.pot is out of date with the English notebook: "
                     "run `python tools/translate.py update`")
    pot_ids = {m.id for m in template(paths) if m.id}
    for lang, (locale, name) in languages.items():
        if not paths.catalog(lang).exists():
            found.append(f"{lang}: no catalog {paths.catalog(lang).name}")
            continue
        catalog = _read(paths.catalog(lang), locale)
        ids = {m.id for m in catalog if m.id}
        fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
        empty = [m.id for m in catalog if m.id and not m.string]
        missing = pot_ids - ids
        for label, items in (("fuzzy (English changed)", fuzzy), ("untranslated", empty),
                             ("missing (run update)", missing)):
            if items:
                first = next(iter(items))[:60].replace("\n", " ")
                found.append(f"{lang} ({name}): {len(items)} {label} entries, "
                             f"e.g. {first!r}")
        for notebook in english_notebooks(paths):
            built = paths.notebooks / lang / notebook.name
            if not built.exists():
                found.append(f"{lang}: {built.name} not built: "
                             "run `python tools/translate.py build`")
                continue
            expected = translated(notebook, catalog, lang)
            actual = nbformat.read(built, as_version=4)
            english = nbformat.read(notebook, as_version=4)
            for i, (a, e) in enumerate(zip(actual.cells, english.cells)):
                if a.cell_type == "code" and strip_comments(a.source) != strip_comments(e.source):
                    found.append(f"{lang}/{built.name} cell {i}: code differs from English")
            if (len(actual.cells) != len(expected.cells)
                    or any(_cell(a) != _cell(e) for a, e in zip(actual.cells, expected.cells))
                    or actual.metadata.get("language") != lang):
                found.append(f"{lang}/{built.name} is not what the catalogs and the English "
                             "notebook build: run `python tools/translate.py build`")
    return found


def _cell(cell) -> tuple:
    return cell.cell_type, cell.source, cell.get("execution_count"), cell.get("outputs", [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["update", "build", "check"])
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    elif args.command == "build":
        build()
    problems = check()
    print("\n".join(problems) if problems else "All translations complete and built.")
    return 1 if problems and args.command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
