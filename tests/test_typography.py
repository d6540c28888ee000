"""The typography check of tools/translate.py: numbers, quotation marks and spaces as each
language writes them (translations/README.md), on small entries made up for the tests."""

import importlib.util
import sys
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("tools_translate_typography",
                                              REPO / "tools" / "translate.py")
translate = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = translate  # dataclasses look their module up there
spec.loader.exec_module(translate)

NBSP = "\u00a0"
ENGLISH = ('Quick mode trains on the first 60,000 characters; "e" has probability 0.3, '
           'chosen 30% of the time. $\\log_2 57 \\approx 5.8$ bits, $95{,}232$ weights. '
           "At 0.2 it writes “to to to to”.")


def kinds(english, text, lang, markdown=True):
    return [kind for kind, _ in translate.typography(english, text, translate.TYPOGRAPHY[lang],
                                                     markdown=markdown)]


def problems(english, text, lang):
    return "\n".join(problem for _, problem in
                     translate.typography(english, text, translate.TYPOGRAPHY[lang]))


# One correct translation of ENGLISH per language: the check says nothing about it.
CORRECT = {
    "ru": (f"Быстрый режим обучает на первых 60{NBSP}000 символах; у{NBSP}“e” вероятность 0,3, "
           f"его выбирают в{NBSP}30{NBSP}% случаев. $\\log_2 57 \\approx 5{{,}}8$ бита, "
           f"$95\\,232$ веса. При 0,2 она пишет “to to to to”."),
    "pt": ("O modo rápido treina com os primeiros 60.000 caracteres; “e” tem probabilidade "
           "0,3, escolhido 30% das vezes. $\\log_2 57 \\approx 5{,}8$ bits, $95.232$ pesos. "
           "Com 0,2 escreve “to to to to”."),
    "es": (f"El modo rápido entrena con los primeros 60{NBSP}000 caracteres; “e” tiene "
           f"probabilidad 0.3, se elige el 30{NBSP}% de las veces. $\\log_2 57 \\approx 5.8$ "
           "bits, $95\\,232$ pesos. Con 0.2 escribe “to to to to”."),
    "zh": ("快速模式只用前 6 万个字符训练；“e”的概率是 0.3，有 30% 的机会被选中。"
           "$\\log_2 57 \\approx 5.8$ 比特，$95{,}232$ 个权重。温度为 0.2 时它写出“to to to to”。"),
}


@pytest.mark.parametrize("lang", sorted(CORRECT))
def test_a_correct_translation_passes(lang):
    assert translate.typography(ENGLISH, CORRECT[lang], translate.TYPOGRAPHY[lang]) == []


@pytest.mark.parametrize("lang, right, wrong", [
    ("ru", f"60{NBSP}000", "60,000"), ("pt", "60.000", "60,000"), ("es", f"60{NBSP}000", "60,000"),
    ("ru", "$95\\,232$", "$95{,}232$"),  # the English's LaTeX, in Russian
    ("es", "$95\\,232$", "$95{,}232$"), ("pt", "$95.232$", "$95{,}232$"),
])
def test_an_english_thousands_separator(lang, right, wrong):
    text = CORRECT[lang].replace(right, wrong)
    assert kinds(ENGLISH, text, lang) == ["thousands separator"]
    assert f"{wrong.strip('$')} written the English way" in problems(ENGLISH, text, lang)


@pytest.mark.parametrize("lang, right, wrong", [
    ("ru", "0,3", "0.3"), ("pt", "0,3", "0.3"), ("es", "0.3", "0,3"), ("zh", "0.3", "0,3"),
    ("ru", "5{,}8", "5.8"), ("pt", "5{,}8", "5.8"), ("es", "5.8", "5{,}8"),
])
def test_a_decimal_mark_against_the_rule(lang, right, wrong):
    assert kinds(ENGLISH, CORRECT[lang].replace(right, wrong, 1), lang) == ["decimal mark"]


def test_a_decimal_the_translator_added_is_caught_without_the_english():
    # Not in the English, so only the language's own marks can tell: "1.5" is no Russian
    # decimal, "1,5" no Spanish one, and a Portuguese "." must be followed by 3 digits.
    assert kinds("", "примерно 1.5 раза", "ru") == ["decimal mark"]
    assert kinds("", "unas 1,5 veces", "es") == ["decimal mark"]
    assert kinds("", "cerca de 1.5 vez", "pt") == ["decimal mark"]
    assert kinds("", "cerca de 1.500 vezes", "pt") == []


def test_groups_of_digits_ru_and_es():
    assert kinds("", "всего 60 000 символов", "ru") == ["thousands separator"]  # plain space
    assert kinds("", f"lotes de 1{NBSP}024", "es") == ["thousands separator"]  # four digits
    assert kinds("", "lotes de 1024", "es") == []
    assert kinds("", "lotes de 1.024", "pt") == []  # Portuguese groups four digits


def test_four_digits_are_not_grouped_in_chinese():
    assert kinds("", "每个批次包含 1,024 个序列", "zh") == ["thousands separator"]
    assert kinds("", "每个批次包含 1024 个序列", "zh") == []
    english = "Batches hold 1,024 sequences: $128 \\times 57 + 57 = 7{,}353$."
    text = "每个批次包含 1,024 个序列：$128 \\times 57 + 57 = 7{,}353$。"
    assert kinds(english, text, "zh") == ["thousands separator"] * 2
    assert "1,024 written the English way: '1024'" in problems(english, text, "zh")
    assert kinds(english, "每个批次包含 1024 个序列：$128 \\times 57 + 57 = 7353$。", "zh") == []
    assert kinds("", "这 102,585 个参数", "zh") == []  # five digits and more are grouped


@pytest.mark.parametrize("lang, wrong, right", [
    ("pt", "nas temperaturas 0, 0,2 e 2,0", "nas temperaturas 0; 0,2 e 2,0"),
    ("pt", "a perda sobe para 1,60, 4,73 e 12,60", "a perda sobe para 1,60; 4,73 e 12,60"),
    ("pt", "em lotes de 1.024, 0,5 das vezes", "em lotes de 1.024; 0,5 das vezes"),
    ("ru", "при температурах 0,2, 0,5 и⍽1,0", "при температурах 0,2; 0,5 и⍽1,0"),
    ("pt", "nas temperaturas 0,2,\n0,5 e 1,0", "nas temperaturas 0,2;\n0,5 e 1,0"),
])
def test_a_list_of_decimals_is_separated_by_semicolons(lang, wrong, right):
    # With a decimal comma, "0, 0,2 e 2,0" cannot be read: three numbers, or two?
    wrong, right = wrong.replace("⍽", NBSP), right.replace("⍽", NBSP)
    assert kinds("", wrong, lang) == ["decimal list"]
    assert "separate them with semicolons" in problems("", wrong, lang)
    assert kinds("", right, lang) == []


def test_a_list_of_decimals_each_comma_is_reported():
    found = problems("", "nas temperaturas 0,2, 0,5, 1,0 e 1,2", "pt")
    assert kinds("", "nas temperaturas 0,2, 0,5, 1,0 e 1,2", "pt") == ["decimal list"] * 2
    assert "(0,2; 0,5)" in found and "(0,5; 1,0)" in found


def test_commas_that_list_no_decimal_are_fine():
    assert kinds("", "as épocas 1, 2 e 3", "pt") == []  # whole numbers only
    assert kinds("", "com 0,2, o modelo se repete", "pt") == []  # a comma in the sentence
    assert kinds("", "las temperaturas 0.2, 0.5 y 1.0", "es") == []  # a decimal point
    assert kinds("", "温度 0.2、0.5 和 1.0", "zh") == []


def test_units_and_times_joined_by_no_break_spaces():
    for wrong in ("до 99 секунд", "ещё 2 минуты", "за 1 час", "около 70 мс", "2,7\nГБ"):
        assert kinds("", wrong, "ru") == ["no-break space"], wrong
    assert kinds("", "матрица 60 × 57", "ru") == ["no-break space"] * 2
    assert kinds("", f"до 99{NBSP}секунд, матрица 60{NBSP}×{NBSP}57", "ru") == []
    assert kinds("", "в 2 частях", "ru") == ["no-break space"]  # "в", not a unit
    assert kinds("", "за 4 × 400 символов", "ru", markdown=False) == []  # a comment
    for wrong in ("Son 685 MB", "y 2.7 GB", "unos 70 ms", "costaría 5.8 bits", "0 bits"):
        assert kinds("", wrong, "es") == ["no-break space"], wrong
    assert kinds("", f"Son 685{NBSP}MB, unos 70{NBSP}ms, 5.8{NBSP}bits", "es") == []
    assert kinds("", "libera los 685 MB", "es", markdown=False) == []  # a comment
    assert kinds("", "2 minutos por época", "es") == []  # a word, not a unit symbol
    assert kinds("", "São 685 MB", "pt") == []  # no rule for it in Portuguese


@pytest.mark.parametrize("lang, right, wrong", [
    ("ru", f"30{NBSP}%", "30%"), ("ru", f"30{NBSP}%", "30 %"), ("es", f"30{NBSP}%", "30%"),
    ("pt", "30%", "30 %"), ("zh", "30%", f"30{NBSP}%"),
])
def test_percent(lang, right, wrong):
    assert kinds(ENGLISH, CORRECT[lang].replace(right, wrong), lang) == ["percent"]


@pytest.mark.parametrize("lang, right, wrong", [
    ("ru", "“e”", '"e"'), ("ru", "“to to to to”", "«to to to to»"),  # samples: “…”
    ("pt", "“e”", '"e"'), ("pt", "“e”", "«e»"),
    ("es", "“e”", '"e"'), ("es", "“to to to to”", "«to to to to»"),  # samples: “…”
    ("zh", "“e”", "「e」"), ("zh", "“e”", '"e"'),
])
def test_wrong_quotation_marks(lang, right, wrong):
    found = kinds(ENGLISH, CORRECT[lang].replace(right, wrong), lang)
    assert found and set(found) == {"quotation marks"}


def test_nested_quotation_marks_are_fine():
    assert kinds("", "Он сказал: «слово „книга“ здесь лишнее».", "ru") == []
    assert kinds("", "Dijo: «la palabra “libro” sobra».", "es") == []


def test_russian_no_break_spaces():
    assert kinds("", "модель в памяти", "ru") == ["no-break space"]
    assert kinds("", "модель в\nпамяти", "ru") == ["no-break space"]  # ends a line
    assert kinds("", f"модель в{NBSP}памяти", "ru") == []
    assert kinds("", "превращая его в\n\n$$q$$", "ru") == []  # a paragraph ends there
    assert kinds("", "это 685 МБ", "ru") == ["no-break space"]
    assert kinds("", f"это 685{NBSP}МБ", "ru") == []
    assert kinds("", "освобождаем 685 МБ и всё", "ru", markdown=False) == []  # a comment


def test_chinese_line_breaks_inside_a_paragraph():
    assert kinds("", "模型把单词串成\n只是看上去有意义的短语。", "zh") == ["line break"]
    assert kinds("", "超过\n0.51。", "zh") == ["line break"]
    assert kinds("", "- 语言模型预测下一个词元；\n  生成文本就是一个循环。", "zh") == ["line break"]
    assert kinds("", "第一段。\n\n第二段。", "zh") == []
    assert kinds("", "计划：\n\n1. 语言模型；\n2. 采样。\n- 第三项", "zh") == []
    assert kinds("", "## 标题\n正文。", "zh") == []
    assert kinds("", "Latin text\nwrapped", "zh") == []


def test_chinese_italics_and_round_figures():
    assert kinds("", "这就是*过拟合*。", "zh") == ["italics"]
    assert kinds("", "这就是**过拟合**。", "zh") == []
    assert kinds("", "原书（*Deep Learning with Python*）", "zh") == []  # Latin may be italic
    assert kinds("", "一个约 100,000 个参数的 LSTM", "zh") == ["round figure"]
    assert "write 10 万" in problems("", "一个约 100,000 个参数的 LSTM", "zh")
    assert kinds("", "这 102,585 个参数", "zh") == []  # an exact count keeps its digits


@pytest.mark.parametrize("lang", sorted(CORRECT))
def test_code_urls_links_and_samples_are_left_alone(lang):
    english = ("Run `train(x, 60,000, 0.3)`; see https://example.org/a,000/0.5 or "
               '[the notes](https://example.org/notes?x=1,000&t=0.2). It wrote "1,000 and 0.5".')
    text = ("`train(x, 60,000, 0.3)` — https://example.org/a,000/0.5 "
            "[notes](https://example.org/notes?x=1,000&t=0.2) "
            + "“1,000 and 0.5”"
            + '\n\n```python\nprint("x", 0.3, 60,000)  # "30%"\n```\n')
    assert translate.typography(english, text, translate.TYPOGRAPHY[lang]) == []


def test_check_names_the_language_entry_and_text(tmp_path):
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="Trains on 60,000 characters.",
                                 msgstr="Обучается на 60,000 символов.",
                                 occurrences=[("lesson.ipynb:cell", "4")],
                                 comment="markdown cell"))
    catalog.append(polib.POEntry(msgid="Fuzzy 0.5.", msgstr="Неточно 0.5.", flags=["fuzzy"]))
    found = translate._typography_problems("ru", catalog)
    assert found == ["ru: thousands separator in lesson.ipynb:cell:4 ('Trains on 60,000 "
                     "characters.'): 'бучается на 60,000 символов.': 60,000 written the "
                     "English way: '60\\xa0000'"]
    assert translate._typography_problems("de", catalog) == []  # a language without a rule
