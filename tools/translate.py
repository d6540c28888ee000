"""The lesson in five languages from one source (course tooling, for maintainers).

    python tools/translate.py update   # English notebook -> translations/template.pot -> <lang>.po
    python tools/translate.py build    # <lang>.po + English notebook -> notebooks/<lang>/
    python tools/translate.py check    # untranslated, fuzzy, stale, hand-edited, or against
                                       # the language's typography: exit 1

The English notebook is the only source. Each markdown cell and each code comment is
one catalog entry. ``update`` refreshes the template and merges it into every language's
catalog (like GNU msgmerge): an entry whose English changed becomes *fuzzy*, keeping
the old translation and, as its previous msgid (``#| msgid``), the old English for the
translator; a new one is untranslated; one whose English is gone is dropped. ``build``
writes each language's notebook and paired script: markdown and comments translated,
code and outputs identical to English. ``check`` fails until every language is complete,
follows its typography (numbers, quotation marks, spaces: `TYPOGRAPHY`, described in
``translations/README.md``), and every built notebook is what ``build`` would write.
The catalogs are read and written with polib.
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
import unicodedata
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
#: Longest code line, in columns (ruff's line length; a wide character takes two).
CODE_WIDTH = 100
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


NBSP = "\u00a0"


@dataclass(frozen=True)
class Typography:
    """How a language writes numbers, quotations and spaces (``translations/README.md``).

    It applies to prose and LaTeX formulas; code spans, code blocks, URLs and link targets
    are left as the English has them.
    """

    decimal: str  # decimal mark in prose
    group: str  # thousands separator in prose
    group_from: int  # whole numbers with this many digits or more are grouped
    math_decimal: str  # the same two marks in LaTeX
    math_group: str
    percent: str  # what comes between a number and %
    quotes: tuple[str, ...]  # pairs of quotation marks, outermost first
    samples: str  # the pair around an English sample that the text quotes
    nbsp: bool = False  # a no-break space after a one-letter word
    units: str = ""  # units (a regular expression) joined to their number by a no-break space
    times: bool = False  # no-break spaces around × between numbers: 60 × 57
    cjk: bool = False  # one source line per paragraph, no italics, 万 for round figures


TYPOGRAPHY = {
    "ru": Typography(",", NBSP, 5, "{,}", r"\,", NBSP, ("«»", "„“"), "“”", nbsp=True,
                     units=r"МБ|ГБ|КБ|мс|бит[а-я]*|секунд[а-я]*|минут[а-я]*|мин|час(?:а|ов)?",
                     times=True),
    "zh": Typography(".", ",", 5, ".", "{,}", "", ("“”", "‘’"), "“”", cjk=True),
    "pt": Typography(",", ".", 4, "{,}", ".", "", ("“”", "‘’"), "“”"),
    "es": Typography(".", NBSP, 5, ".", r"\,", NBSP, ("«»", "“”", "‘’"), "“”",
                     units=r"MB|GB|KB|ms|bits?"),
}
_NOT_PROSE = re.compile(r"(?P<code>```.*?```|`[^`]+`)"
                        r"|(?P<url>\]\([^)]*\)|<?https?://[^\s>)]+>?)"
                        r"|(?P<math>\$\$.*?\$\$|\$[^$]+\$)", re.S)
#: A number as the English writes it: 57, 60,000, 0.3, 95{,}232 (LaTeX).
_NUMBER = re.compile(r"(?<![\w.,{}])\d+(?:(?:,|\{,\})\d{3})*(?:\.\d+)?(?!\d)")
_QUOTE_MARKS = re.compile("[\"“”„«»‘‚‹›「」『』]")
#: A one-letter word followed by a plain space, or by a line break inside a paragraph.
_ONE_LETTER_WORD = re.compile(r"(?<![\w-])[авикосуяАВИКОСУЯ](?= |\n(?![ \t]*\n))")
#: A plain space or a line break on either side of × between two numbers.
_AROUND_TIMES = re.compile(r"\d[ \n](?=×)|(?<=×)[ \n](?=\d)")
_CJK = re.compile("[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
#: A line break inside a paragraph (not before a blank line, list item, heading, table or
#: quote), with the characters on either side.
_SOFT_BREAK = re.compile(r"(?<=(\S))[ \t]*\n(?![ \t]*(?:[-*+]\s|\d+\.\s|#|>|\|))(?=[ \t]*(\S))")
_ITALICS = re.compile(r"(?<![*_])([*_])(?![\s*_])(.+?)(?<![\s*_])\1(?![*_])")


def _blank(text: str) -> str:
    """``text`` with every character but line breaks blanked, so positions stay valid."""
    return re.sub(r"[^\n]", "\0", text)


def _only(text: str, kind: str) -> str:
    """``text`` with everything but its ``"prose"`` (or its ``"math"``) blanked."""
    out, end = [], 0
    for m in _NOT_PROSE.finditer(text):
        before = text[end:m.start()]
        out.append(before if kind == "prose" else _blank(before))
        out.append(m.group() if m.lastgroup == kind else _blank(m.group()))
        end = m.end()
    out.append(text[end:] if kind == "prose" else _blank(text[end:]))
    return "".join(out)


def _quoted(pair: str) -> re.Pattern:
    """Text between the two marks of ``pair`` (``"«»"``), nothing of the pair inside."""
    opening, closing = map(re.escape, pair)
    return re.compile(f"{opening}([^{opening}{closing}]+){closing}")


def _is_sample(english: str, quoted: str) -> bool:
    """Whether ``quoted`` comes from the English: a sample that the translation quotes."""
    return " ".join(quoted.split()) in " ".join(english.split())


def _without_samples(prose: str, english: str, rule: Typography) -> str:
    """``prose`` with the English samples it quotes as ``rule`` says blanked."""
    return _quoted(rule.samples).sub(
        lambda m: _blank(m.group()) if _is_sample(english, m.group(1)) else m.group(), prose)


def _found(kind: str, text: str, m: re.Match, problem: str) -> tuple[str, tuple, str]:
    """A finding: its kind, where it is, and what is wrong there, with the text around."""
    shown = text[max(0, m.start() - 12):m.end() + 12].replace("\n", "⏎")
    return kind, m.span(), f"{shown!r}: {problem}"


def local_number(number: str, rule: Typography, math: bool = False) -> str:
    """An English number (``60,000``, ``0.3``, ``95{,}232``) as ``rule`` writes it."""
    whole, point, fraction = number.replace("{,}", "").replace(",", "").partition(".")
    group, decimal = (rule.math_group, rule.math_decimal) if math else (rule.group,
                                                                         rule.decimal)
    if len(whole) >= rule.group_from:
        whole = f"{int(whole):,}".replace(",", group)
    return whole + decimal + fraction if point else whole


def _english_numbers(english: str, written: dict[str, str], text: str,
                     rule: Typography) -> list:
    """Numbers of the English that the translation still writes the English way.

    ``written`` holds the translation's prose and its formulas, by kind (see `_only`).
    """
    found = []
    for kind in ("prose", "math"):
        for number in dict.fromkeys(_NUMBER.findall(_only(english, kind))):
            local = local_number(number, rule, math=kind == "math")
            if local == number or not re.search(r"[.,]", number):
                continue  # written alike, or a whole number the English does not group
            what = "thousands separator" if "," in number else "decimal mark"
            as_written = rf"(?<![\d.,{{}}]){re.escape(number)}(?![\d{{]|[.,]\d)"
            found += [_found(what, text, m, f"{number} written the English way: {local!r}")
                      for m in re.finditer(as_written, written[kind])]
    return found


def _number_marks(written: str, text: str, rule: Typography, math: bool = False) -> list:
    """Marks between digits that ``rule`` does not allow, in ``written`` (part of ``text``)."""
    group, decimal = (rule.math_group, rule.math_decimal) if math else (rule.group,
                                                                         rule.decimal)
    found = [_found("decimal mark", text, m, f"{m[1]!r} between digits: decimals take "
                    f"{decimal!r}, thousands {group!r}")
             for m in re.finditer(r"(?<=\d)([.,]|\{,\})(\d+)", written)
             if m[1] not in (group, decimal) or (m[1] == group and len(m[2]) != 3)]
    separator = re.escape(group) + ("| " if group == NBSP else "")
    for m in re.finditer(rf"(?<![\d.,])\d{{1,3}}(?:(?:{separator})\d{{3}})+(?!\d)", written):
        if " " in m.group():
            found.append(_found("thousands separator", text, m,
                                "digit groups are joined by a no-break space"))
        elif len(re.sub(r"\D", "", m.group())) < rule.group_from:
            found.append(_found("thousands separator", text, m, "numbers of fewer than "
                                f"{rule.group_from} digits are not grouped"))
    return found


def _percent(prose: str, text: str, rule: Typography) -> list:
    wrong = r"\d ?%" if rule.percent == NBSP else r"\d[ \u00a0]%"
    return [_found("percent", text, m, f"write {'30' + rule.percent + '%'!r}")
            for m in re.finditer(wrong, prose)]


def _quotation_marks(prose: str, text: str, english: str, rule: Typography) -> list:
    """Quotation marks of another language, and English samples quoted the wrong way."""
    found = []
    for pair in rule.quotes:
        if pair != rule.samples:
            found += [_found("quotation marks", text, m, "quote the English with "
                             f"{rule.samples[0]}…{rule.samples[1]}")
                      for m in _quoted(pair).finditer(prose) if _is_sample(english, m[1])]
    left = _without_samples(prose, english, rule)
    for pair in reversed(rule.quotes):  # the innermost first
        left = _quoted(pair).sub(lambda m: "\0" + m[1] + "\0", left)
    marks = " ".join(f"{a}…{b}" for a, b in rule.quotes)
    return found + [_found("quotation marks", text, m, f"{m.group()} is not one of {marks}")
                    for m in _QUOTE_MARKS.finditer(left)]


def _no_break_spaces(prose: str, text: str, rule: Typography) -> list:
    """One-letter words (Russian), numbers before units, and × between numbers (``rule``
    says which), followed by a plain space or a line break."""
    found = []
    if rule.nbsp:
        found += [_found("no-break space", text, m, f"{m.group()!r} may not end a line: a "
                         "no-break space after it") for m in _ONE_LETTER_WORD.finditer(prose)]
    if rule.units:
        before_unit = re.compile(rf"\d[ \n](?=(?:{rule.units})(?!\w))")
        found += [_found("no-break space", text, m, "a no-break space between a number "
                         "and its unit") for m in before_unit.finditer(prose)]
    if rule.times:
        found += [_found("no-break space", text, m, "no-break spaces around × between "
                         "numbers") for m in _AROUND_TIMES.finditer(prose)]
    return found


def _decimal_lists(prose: str, text: str, rule: Typography) -> list:
    """With a decimal comma, numbers listed with commas (``0,2, 0,5``), one of them a
    decimal: the list is ambiguous, and semicolons separate it (``0,2; 0,5``)."""
    if rule.decimal != ",":
        return []
    number = rf"\d+(?:{re.escape(rule.group)}\d{{3}})*(?:,\d+)?"
    listed = re.compile(rf"(?<![\d.,{{}}])({number}),(?=[ \u00a0\n]+({number})(?!\d|,\d))")
    return [_found("decimal list", text, m, f"{m[1]}, {m[2]} in a list of decimals: "
                   f"separate them with semicolons ({m[1]}; {m[2]})")
            for m in listed.finditer(prose) if "," in m[1] + m[2]]


def _line_of(text: str, position: int) -> str:
    return text[:position].rpartition("\n")[2]


def _chinese(prose: str, text: str) -> list:
    """Line breaks inside a paragraph next to Chinese text, italics, round figures."""
    found = [_found("line break", text, m, "a paragraph is one source line")
             for m in _SOFT_BREAK.finditer(prose) if _CJK.match(m[1]) or _CJK.match(m[2])
             if not _line_of(prose, m.start()).lstrip().startswith(("#", "|"))]
    found += [_found("italics", text, m, "no italics on Chinese: bold, or nothing")
              for m in _ITALICS.finditer(prose) if _CJK.search(m[2])]
    for m in re.finditer(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?!\d)", prose):
        tens_of_thousands, rest = divmod(int(m.group().replace(",", "")), 10_000)
        if not rest:
            found.append(_found("round figure", text, m, f"write {tens_of_thousands} 万"))
    return found


def typography(english: str, text: str, rule: Typography,
               markdown: bool = True) -> list[tuple[str, str]]:
    """What breaks a language's typography in one translated entry.

    Parameters
    ----------
    english : str
        The entry's English (msgid): its numbers, and the samples a translation may quote.
    text : str
        The translation (msgstr).
    rule : Typography
        The language's rule (`TYPOGRAPHY`).
    markdown : bool, optional
        False for a code comment, which is never rewrapped: no no-break spaces needed.

    Returns
    -------
    list of (str, str)
        What kind of problem (``"decimal mark"``, ``"quotation marks"``, ...) and what
        is wrong where, one for each place, in the order found; empty when the entry
        follows the rule.
    """
    prose, math = _only(text, "prose"), _only(text, "math")
    without_samples = _without_samples(prose, english, rule)
    found = (_english_numbers(english, {"prose": without_samples, "math": math}, text, rule)
             + _number_marks(without_samples, text, rule)
             + _number_marks(math, text, rule, math=True)
             + _percent(without_samples, text, rule)
             + _quotation_marks(prose, text, english, rule)
             + _decimal_lists(without_samples, text, rule))
    if markdown:
        found += _no_break_spaces(without_samples, text, rule)
    if rule.cjk:
        found += _chinese(prose, text)
    problems, taken = [], set()
    for kind, (start, end), problem in found:
        if not taken & set(range(start, end)):  # one finding for each place
            problems.append((kind, problem))
            taken |= set(range(start, end))
    return problems


def _entries(catalog: polib.POFile) -> list[tuple[str, tuple, str]]:
    return sorted((entry.msgid, tuple(sorted(entry.occurrences)), entry.comment)
                  for entry in catalog)


def check(paths: Paths | None = None, languages=LANGUAGES) -> list[str]:
    """Everything that stops the translations from being complete, current and typeset
    as their language is (`TYPOGRAPHY`)."""
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
        found += _typography_problems(lang, catalog)
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
                wide = [line for line in a.source.splitlines() if _columns(line) > CODE_WIDTH]
                if a.cell_type == "code" and wide:
                    found.append(f"{lang}/{built.name} cell {i}: a translated comment makes a "
                                 f"line of {_columns(wide[0])} columns, over {CODE_WIDTH}: "
                                 f"{wide[0].strip()[:40]!r}")
            if (len(actual.cells) != len(expected.cells)
                    or any(_cell(a) != _cell(e) for a, e in zip(actual.cells, expected.cells))
                    or actual.metadata.get("language") != lang):
                found.append(f"{lang}/{built.name} is not what the catalogs and the English "
                             "notebook build: run `python tools/translate.py build`")
    return found


def _typography_problems(lang: str, catalog: polib.POFile) -> list[str]:
    """Each break of the language's `TYPOGRAPHY` rule, with its entry and the text."""
    rule = TYPOGRAPHY.get(lang)
    found = []
    for entry in catalog.translated_entries() if rule else []:
        where = ":".join(entry.occurrences[0]) if entry.occurrences else "?"
        start = entry.msgid[:40].replace("\n", " ")
        for kind, problem in typography(entry.msgid, entry.msgstr, rule,
                                        markdown="markdown cell" in entry.comment):
            found.append(f"{lang}: {kind} in {where} ({start!r}): {problem}")
    return found


def _columns(line: str) -> int:
    """How many columns ``line`` takes in an editor: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


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
