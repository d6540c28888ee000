"""The lesson in five languages from one source (course tooling, for maintainers).

    python tools/translate.py update   # English notebook -> translations/template.pot -> <lang>.po
    python tools/translate.py build    # <lang>.po + English notebook -> notebooks/<lang>/
    python tools/translate.py check    # untranslated, fuzzy, stale or hand-edited: exit 1

The English notebook is the only source. Each markdown cell and each code comment is
one catalog entry. ``update`` refreshes the template and merges it into every language's
catalog (like GNU msgmerge): an entry whose English changed becomes *fuzzy*, keeping
the old translation and, as its previous msgid (``#| msgid``), the old English for the
translator; a new one is untranslated; one whose English is gone is dropped. ``build``
writes each language's notebook and paired script: markdown and comments translated,
code and outputs identical to English. ``check`` fails until every language is complete
and every built notebook is what ``build`` would write. The catalogs are read and
written with polib.
"""

from __future__ import annotations

import argparse
import ast
import copy
import difflib
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import jupytext
import nbformat
import polib

REPO = Path(__file__).resolve().parents[1]
PROJECT = "char-lstm-course"
#: Catalog file stem -> (the catalog's ``Language`` header, name of the language).
LANGUAGES = {
    "ru": ("ru", "Русский"),
    "zh": ("zh_Hans_CN", "简体中文"),
    "pt": ("pt_BR", "Português (Brasil)"),
    "es": ("es", "Español"),
}
#: Line width of the catalogs. polib keeps each line of a multi-line text as one line;
#: longer single-line texts, comments and locations are wrapped at this width.
WIDTH = 90
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


def template(paths: Paths) -> polib.POFile:
    """The entries of the template: what there is to translate in the English notebooks.

    Parameters
    ----------
    paths : Paths
        Where the English notebooks are.

    Returns
    -------
    polib.POFile
        One untranslated entry for each distinct markdown cell and translatable code
        comment, in the order they first occur, with every cell they occur in as a
        location (``<notebook>.ipynb:cell``, 1-based) and what they are as an extracted
        comment. The header is left empty: `update` writes it.
    """
    found: dict[str, tuple[list[tuple[str, str]], list[str]]] = {}

    def add(text: str, where: tuple[str, str], what: str) -> None:
        locations, notes = found.setdefault(text, ([], []))
        if where not in locations:
            locations.append(where)
        if what not in notes:
            notes.append(what)

    for notebook in english_notebooks(paths):
        nb = nbformat.read(notebook, as_version=4)
        for i, cell in enumerate(nb.cells):
            where = (f"{notebook.name}:cell", str(i + 1))
            if cell.cell_type == "markdown" and cell.source.strip():
                add(cell.source, where, "markdown cell")
            elif cell.cell_type == "code":
                for token in _comments(cell.source):
                    add(_comment_text(token), where, "comment in a code cell")
    pot = polib.POFile(wrapwidth=WIDTH)
    for text, (locations, notes) in found.items():
        pot.append(polib.POEntry(msgid=text, msgstr="", occurrences=locations,
                                 comment="\n".join(notes)))
    return pot


def read_catalog(path: Path) -> polib.POFile:
    """Read a catalog or the template, leaving out obsolete (``#~``) entries.

    Parameters
    ----------
    path : Path
        A ``.po`` or ``.pot`` file.

    Returns
    -------
    polib.POFile
        Its header and live entries, fuzzy flags and previous msgids (``#| msgid``)
        included.

    Raises
    ------
    FileNotFoundError
        When there is no such file (polib would read the path itself as a catalog).
    OSError
        When the file is not a valid gettext catalog (polib says which line).
    """
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such catalog: run `python tools/translate.py "
                                "update` to make it")
    catalog = polib.pofile(str(path), wrapwidth=WIDTH)
    for entry in catalog.obsolete_entries():  # their English is gone from the notebook
        catalog.remove(entry)
    return catalog


def write_catalog(catalog: polib.POFile, path: Path) -> None:
    """Write a catalog or the template in standard gettext form, lines of `WIDTH`.

    Parameters
    ----------
    catalog : polib.POFile
        What to write. A ``Generated-By`` header field is dropped: the catalogs were
        first written by Babel, and the field would still name it.
    path : Path
        The file; its folder is made if needed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.metadata.pop("Generated-By", None)
    catalog.wrapwidth = WIDTH
    catalog.save(str(path))


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def _template_header(paths: Paths, pot: polib.POFile) -> tuple[str, dict[str, str]]:
    """The template's header: the one on disk, dated anew only when the entries changed."""
    if paths.template.exists():
        old = read_catalog(paths.template)
        header, metadata = old.header, dict(old.metadata)
        if _entries(old) == _entries(pot):
            return header, metadata
    else:
        header = (f"Translations template for {PROJECT}.\n"
                  f"This file is distributed under the same license as the {PROJECT} project.\n")
        metadata = {
            "Project-Id-Version": PROJECT,
            "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
            "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
            "Language-Team": "LANGUAGE <LL@li.org>",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=utf-8",
            "Content-Transfer-Encoding": "8bit",
        }
    metadata["POT-Creation-Date"] = _now()
    return header, metadata


def _new_catalog(pot: polib.POFile, name: str) -> polib.POFile:
    """An empty catalog for a new language, with the template's header fields."""
    catalog = polib.POFile(wrapwidth=WIDTH)
    catalog.header = (f"{name} translations for {PROJECT}.\n"
                      f"This file is distributed under the same license as the {PROJECT} "
                      "project.\n")
    catalog.metadata = dict(pot.metadata)
    return catalog


def _match_key(msgid: str) -> str:
    return msgid.strip().lower()


def merge(catalog: polib.POFile, pot: polib.POFile) -> polib.POFile:
    """Bring a language's catalog up to date with the template, like GNU msgmerge.

    Parameters
    ----------
    catalog : polib.POFile
        The language's catalog so far; its header and translator comments are kept.
    pot : polib.POFile
        The template (see `template`).

    Returns
    -------
    polib.POFile
        One entry for each template entry, in the template's order, with its locations
        and extracted comments. Its translation is that of the same English in
        ``catalog``, fuzzy if it was and with its previous msgid if it has one; else
        that of the most similar translated English (``difflib.get_close_matches``,
        similarity 0.6 or more), marked fuzzy, with that English as the previous msgid
        (``#| msgid``) so the translator sees what changed; else empty. Entries of
        ``catalog`` used by none are left out: the English they translate is gone.
    """
    same = {entry.msgid: entry for entry in catalog}
    similar = {_match_key(entry.msgid): entry for entry in catalog if entry.msgstr}
    merged = polib.POFile(wrapwidth=WIDTH)
    merged.header, merged.metadata = catalog.header, dict(catalog.metadata)
    for new in pot:
        entry = polib.POEntry(msgid=new.msgid, msgstr="", occurrences=list(new.occurrences),
                              comment=new.comment)
        old = same.get(new.msgid)
        fuzzy = old is not None and old.fuzzy
        previous = old.previous_msgid if fuzzy else None
        if old is None:
            close = difflib.get_close_matches(_match_key(new.msgid), similar, n=1)
            if close:
                old = similar[close[0]]
                fuzzy, previous = True, old.msgid
        if old is not None:
            entry.msgstr, entry.tcomment = old.msgstr, old.tcomment
        entry.flags = ["fuzzy"] if fuzzy else []
        entry.previous_msgid = previous
        merged.append(entry)
    return merged


def update(paths: Paths | None = None, languages=LANGUAGES) -> None:
    """Refresh the template and merge it into each language's catalog (see `merge`).

    Parameters
    ----------
    paths : Paths, optional
        Where the notebooks and catalogs are; the repository's by default.
    languages : dict, optional
        Catalog file stem -> (``Language`` header, name), as `LANGUAGES`. A language
        without a catalog gets a new one, every entry untranslated.
    """
    paths = paths or Paths()
    pot = template(paths)
    pot.header, pot.metadata = _template_header(paths, pot)
    write_catalog(pot, paths.template)
    for lang, (locale, name) in languages.items():
        path = paths.catalog(lang)
        catalog = read_catalog(path) if path.exists() else _new_catalog(pot, name)
        merged = merge(catalog, pot)
        merged.metadata["Language"] = locale
        write_catalog(merged, path)


def _translations(catalog: polib.POFile) -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in catalog.translated_entries()}


def translated(notebook: Path, catalog: polib.POFile, lang: str) -> nbformat.NotebookNode:
    """The English notebook with its markdown and comments translated from ``catalog``.

    Parameters
    ----------
    notebook : Path
        An English notebook.
    catalog : polib.POFile
        The language's catalog; fuzzy and untranslated entries stay in English.
    lang : str
        The catalog's file stem, stored as the notebook's ``language`` metadata.

    Returns
    -------
    nbformat.NotebookNode
        The translated notebook; code (but its comments) and outputs are the English.
    """
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
    for lang in languages:
        catalog = read_catalog(paths.catalog(lang))
        for notebook in english_notebooks(paths):
            out = paths.notebooks / lang / notebook.name
            out.parent.mkdir(parents=True, exist_ok=True)
            nb = translated(notebook, catalog, lang)
            nbformat.write(nb, out)
            jupytext.write(nb, out.with_suffix(".py"), fmt="py:percent")


def _entries(catalog: polib.POFile) -> list[tuple[str, tuple, str]]:
    return sorted((entry.msgid, tuple(sorted(entry.occurrences)), entry.comment)
                  for entry in catalog)


def check(paths: Paths | None = None, languages=LANGUAGES) -> list[str]:
    """Everything that stops the translations from being complete and current."""
    paths = paths or Paths()
    found = []
    if not english_notebooks(paths):
        return found
    pot = template(paths)
    if not paths.template.exists() or _entries(read_catalog(paths.template)) != _entries(pot):
        found.append("translations/template.pot is out of date with the English notebook: "
                     "run `python tools/translate.py update`")
    pot_ids = {entry.msgid for entry in pot}
    for lang, (_, name) in languages.items():
        if not paths.catalog(lang).exists():
            found.append(f"{lang}: no catalog {paths.catalog(lang).name}")
            continue
        catalog = read_catalog(paths.catalog(lang))
        ids = {entry.msgid for entry in catalog}
        fuzzy = [entry.msgid for entry in catalog if entry.fuzzy]
        empty = [entry.msgid for entry in catalog if not entry.msgstr]
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
