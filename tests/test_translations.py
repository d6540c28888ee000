"""The translation workflow, on a small notebook the tests make, and on the real lesson."""

import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import translate  # noqa: E402

LANGS = {"ru": ("ru", "Русский"), "es": ("es", "Español")}
CODE = (
    'x = 1  # one apple\n# add them up\ntotal = x + 2  # noqa: F821\nprint("# not a comment")\n'
    "# x = load(x)\n"  # commented-out code stays code
)


def set_translations(paths, lang, table):
    catalog = translate._read(paths.catalog(lang), LANGS[lang][0])
    for message in catalog:
        if message.id in table:
            message.string = table[message.id]
            message.flags.discard("fuzzy")
    translate._write(catalog, paths.catalog(lang))


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
    ids = [m.id for m in translate.template(project) if m.id]
    assert ids == ["# Apples\n\nWe count apples.", "one apple", "add them up", "The end."]


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
    fuzzy = [m for m in translate._read(project.catalog("ru"), "ru") if m.id and m.fuzzy]
    assert [(m.id, m.string) for m in fuzzy] == [("The very end.", "Конец.")]
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


def edit_english_and_update(project, cell, source):
    nb = nbformat.read(project.english / "lesson.ipynb", as_version=4)
    nb.cells[cell].source = source
    nbformat.write(nb, project.english / "lesson.ipynb")
    translate.update(project, LANGS)


def test_previous_english_of_a_long_entry_is_standard_gettext(project):
    translate.update(project, LANGS)
    set_translations(project, "ru", RU)
    edit_english_and_update(project, 0, "# Apples\n\nWe count the apples.")
    text = project.catalog("ru").read_text()
    assert '#| msgid ""\n#| "# Apples\\n"\n#| "\\n"\n#| "We count apples."\nmsgid ""' in text
    message = next(m for m in translate._read(project.catalog("ru"), "ru")
                   if m.id == "# Apples\n\nWe count the apples.")
    assert message.fuzzy and message.previous_id == ["# Apples\n\nWe count apples."]
    assert message.user_comments == []


def test_prose_with_percent_signs_is_not_a_format_string(project):
    edit_english_and_update(project, 2, "Chosen 30% of the time, $95{,}232$ times.")
    text = project.catalog("ru").read_text()
    assert '#, no-python-brace-format, no-python-format\nmsgid "Chosen 30% of' in text
    assert "#, python" not in text and ", python" not in text


def test_strip_comments_keeps_strings():
    assert translate.strip_comments(CODE) == (
        'x = 1  # \n# \ntotal = x + 2  # \nprint("# not a comment")\n# \n'
    )


def test_the_lessons_translations_are_complete_and_built():
    if not translate.english_notebooks(translate.Paths()):
        pytest.skip("no English notebook yet")
    problems = translate.check()
    assert problems == [], "\n".join(problems)
