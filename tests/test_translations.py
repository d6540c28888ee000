"""The translation workflow, on a small notebook the tests make, and on the real lesson."""

import importlib.util
import sys
from pathlib import Path

import nbformat
import polib
import pytest

REPO = Path(__file__).resolve().parents[1]


def load_tool(name):
    """``tools/<name>.py`` as a module, by its path (``tools/`` is no package)."""
    spec = importlib.util.spec_from_file_location(f"tools_{name}", REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


translate = load_tool("translate")
LANGS = {"ru": ("ru", "Русский"), "es": ("es", "Español")}
CODE = (
    'x = 1  # one apple\n# add them up\ntotal = x + 2  # noqa: F821\nprint("# not a comment")\n'
    "# x = load(x)\n"  # commented-out code stays code
)


def set_translations(paths, lang, table):
    """Translate as a translator's editor would: fill in entries, clear their fuzzy flag."""
    catalog = polib.pofile(str(paths.catalog(lang)))  # polib's own line width, not the tool's
    for entry in catalog:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            entry.fuzzy = False
    catalog.save()


def entries(path):
    """A catalog's entries, as any gettext tool reads them."""
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


@pytest.fixture
def project(tmp_path):
    paths = translate.Paths(english=tmp_path / "notebooks" / "en",
                            notebooks=tmp_path / "notebooks",
                            translations=tmp_path / "translations")
    paths.english.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Apples\n\nWe count apples."),
                nbformat.v4.new_code_cell(CODE, execution_count=1),
                nbformat.v4.new_markdown_cell("The end.")]
    printed = nbformat.v4.new_output("stream", name="stdout", text="# not a comment\n")
    nb.cells[1].outputs = [printed]
    nbformat.write(nb, paths.english / "lesson.ipynb")
    return paths


RU = {"# Apples\n\nWe count apples.": "# Яблоки\n\nСчитаем яблоки.", "one apple": "одно яблоко",
      "add them up": "складываем", "The end.": "Конец."}
ES = {"# Apples\n\nWe count apples.": "# Manzanas\n\nContamos manzanas.",
      "one apple": "una manzana", "add them up": "sumamos", "The end.": "Fin."}


def test_template_holds_markdown_cells_and_comments_only(project):
    ids = [entry.msgid for entry in translate.template(project)]
    assert ids == ["# Apples\n\nWe count apples.", "one apple", "add them up", "The end."]


def test_the_same_text_twice_is_one_entry_with_both_cells(project):
    nb = nbformat.read(project.english / "lesson.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("y = 2  # add them up"))
    nbformat.write(nb, project.english / "lesson.ipynb")
    entry = next(e for e in translate.template(project) if e.msgid == "add them up")
    assert entry.occurrences == [("lesson.ipynb:cell", "2"), ("lesson.ipynb:cell", "4")]
    assert entry.comment == "comment in a code cell"


def test_build_without_catalogs_says_what_to_run(project):
    with pytest.raises(FileNotFoundError, match="ru.po: no such catalog: run `python tools"):
        translate.build(project, LANGS)


def test_full_workflow_and_staleness(project):
    translate.update(project, LANGS)
    problems = "\n".join(translate.check(project, LANGS))
    assert "ru (Русский): 4 untranslated" in problems and "not built" in problems
    set_translations(project, "ru", RU)
    set_translations(project, "es", ES)
    translate.build(project, LANGS)
    assert translate.check(project, LANGS) == []

    ru = nbformat.read(project.notebooks / "ru" / "lesson.ipynb", as_version=4)
    assert ru.metadata["language"] == "ru"
    assert ru.cells[0].source == "# Яблоки\n\nСчитаем яблоки."
    assert ru.cells[1].source == (
        'x = 1  # одно яблоко\n# складываем\ntotal = x + 2  # noqa: F821\n'
        'print("# not a comment")\n# x = load(x)\n'
    )
    english = nbformat.read(project.english / "lesson.ipynb", as_version=4)
    assert ru.cells[1].outputs == english.cells[1].outputs
    assert (project.notebooks / "ru" / "lesson.py").exists()

    # One English sentence changes: the check fails until both languages are updated.
    english.cells[2].source = "The very end."
    nbformat.write(english, project.english / "lesson.ipynb")
    assert any("template.pot is out of date" in p for p in translate.check(project, LANGS))
    translate.update(project, LANGS)
    problems = translate.check(project, LANGS)
    assert any(p.startswith("ru (Русский): 1 fuzzy") for p in problems)
    assert any(p.startswith("es (Español): 1 fuzzy") for p in problems)
    fuzzy = [e for e in entries(project.catalog("ru")) if e.fuzzy]
    assert [(e.msgid, e.msgstr) for e in fuzzy] == [("The very end.", "Конец.")]
    # The translator sees the English the old translation was made for, in gettext's
    # own format, and still does after another update.
    assert '#| msgid "The end."\nmsgid "The very end."' in project.catalog("ru").read_text()
    translate.update(project, LANGS)
    text = project.catalog("ru").read_text()
    assert '#| msgid "The end."\nmsgid "The very end."' in text and "# |" not in text
    set_translations(project, "ru", {"The very end.": "Самый конец."})
    set_translations(project, "es", {"The very end.": "El final."})
    assert any("is not what the catalogs" in p for p in translate.check(project, LANGS))
    translate.build(project, LANGS)
    assert translate.check(project, LANGS) == []


def test_hand_edited_code_in_a_translation_is_caught(project):
    translate.update(project, LANGS)
    set_translations(project, "ru", RU)
    set_translations(project, "es", ES)
    translate.build(project, LANGS)
    path = project.notebooks / "es" / "lesson.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source = nb.cells[1].source.replace("x + 2", "x + 3")
    nbformat.write(nb, path)
    problems = translate.check(project, LANGS)
    assert "es/lesson.ipynb cell 1: code differs from English" in problems


def test_a_translated_comment_too_long_for_its_code_line_is_caught(project):
    # ruff does not check the Chinese scripts' line length (their paragraphs are one line
    # each), so the check measures code lines itself, a CJK character taking two columns.
    translate.update(project, LANGS)
    set_translations(project, "ru", RU)
    set_translations(project, "es", ES)
    set_translations(project, "ru", {"one apple": "одно яблоко " * 6})  # 80 columns
    translate.build(project, LANGS)
    assert translate.check(project, LANGS) == []
    set_translations(project, "es", {"one apple": "苹果" * 24})  # 9 + 96 columns
    translate.build(project, LANGS)
    problems = translate.check(project, LANGS)
    assert problems == ["es/lesson.ipynb cell 1: a translated comment makes a line of 105 "
                        "columns, over 100: 'x = 1  # " + "苹果" * 15 + "苹'"]


def edit_english_and_update(project, cell, source):
    nb = nbformat.read(project.english / "lesson.ipynb", as_version=4)
    nb.cells[cell].source = source
    nbformat.write(nb, project.english / "lesson.ipynb")
    translate.update(project, LANGS)


def test_check_reports_what_breaks_a_languages_typography(project):
    # tests/test_typography.py tries each rule; here, check() runs them on every catalog.
    edit_english_and_update(project, 2, "We ate 1,024 apples.")
    set_translations(project, "ru", RU | {"We ate 1,024 apples.": "Мы съели 1,024 яблока."})
    set_translations(project, "es", ES | {"We ate 1,024 apples.": "Comimos 1024 manzanas."})
    translate.build(project, LANGS)
    assert translate.check(project, LANGS) == [
        "ru: thousands separator in lesson.ipynb:cell:3 ('We ate 1,024 apples.'): "
        "'Мы съели 1,024 яблока.': 1,024 written the English way: '1024'"]


def test_previous_english_of_a_long_entry_is_standard_gettext(project):
    translate.update(project, LANGS)
    set_translations(project, "ru", RU)
    catalog = polib.pofile(str(project.catalog("ru")))
    catalog.find("# Apples\n\nWe count apples.").tcomment = "checked by the editor"
    catalog.save()
    edit_english_and_update(project, 0, "# Apples\n\nWe count the apples.")
    text = project.catalog("ru").read_text()
    assert '#| msgid ""\n#| "# Apples\\n"\n#| "\\n"\n#| "We count apples."\nmsgid ""' in text
    entry = next(e for e in entries(project.catalog("ru"))
                 if e.msgid == "# Apples\n\nWe count the apples.")
    assert entry.fuzzy and entry.previous_msgid == "# Apples\n\nWe count apples."
    assert entry.msgstr == RU["# Apples\n\nWe count apples."]
    assert entry.tcomment == "checked by the editor"  # the translator's own comment stays


def test_prose_with_percent_signs_is_not_a_format_string(project):
    # "30% of" is no %o, nor is {,} in LaTeX a format field: no python-format flag, which
    # would make msgfmt --check and translation tools demand the same "placeholders".
    edit_english_and_update(project, 2, "Chosen 30% of the time, $95{,}232$ times.")
    for path in (project.template, project.catalog("ru")):
        entry = next(e for e in entries(path) if e.msgid.startswith("Chosen 30%"))
        assert entry.flags == []
        assert not [line for line in path.read_text().splitlines() if line.startswith("#,")]


def test_update_rewrites_nothing_until_the_english_changes(project):
    translate.update(project, LANGS)
    ru = polib.pofile(str(project.catalog("ru")))
    assert ru.metadata["Language"] == "ru" and ru.header.startswith("Русский translations")
    for path, field, value in ((project.template, "POT-Creation-Date", "2020-01-01 00:00+0000"),
                               (project.catalog("ru"), "Last-Translator", "Ivan <iv@example.org>")):
        catalog = polib.pofile(str(path))
        catalog.metadata[field] = value
        catalog.save()
    translate.update(project, LANGS)
    files = [project.template, project.catalog("ru"), project.catalog("es")]
    before = [path.read_bytes() for path in files]
    translate.update(project, LANGS)
    assert [path.read_bytes() for path in files] == before
    assert '"POT-Creation-Date: 2020-01-01 00:00+0000\\n"' in project.template.read_text()
    assert '"Last-Translator: Ivan <iv@example.org>\\n"' in project.catalog("ru").read_text()
    edit_english_and_update(project, 2, "The very end.")
    assert "2020-01-01" not in project.template.read_text()  # a new template, a new date


def test_obsolete_entries_left_by_a_translation_tool_are_ignored_then_dropped(project):
    translate.update(project, LANGS)
    set_translations(project, "ru", RU)
    set_translations(project, "es", ES)
    catalog = polib.pofile(str(project.catalog("ru")))
    catalog.append(polib.POEntry(msgid="Gone.", msgstr="Ушло.", obsolete=True))
    catalog.save()
    translate.build(project, LANGS)
    assert translate.check(project, LANGS) == []
    assert "#~ msgid" in project.catalog("ru").read_text()
    translate.update(project, LANGS)
    assert "Gone." not in project.catalog("ru").read_text()


def test_strip_comments_keeps_strings():
    assert translate.strip_comments(CODE) == (
        'x = 1  # \n# \ntotal = x + 2  # \nprint("# not a comment")\n# \n'
    )


def test_the_lessons_translations_are_complete_and_built():
    if not translate.english_notebooks(translate.Paths()):
        pytest.skip("no English notebook yet")
    problems = translate.check()
    assert problems == [], "\n".join(problems)
