"""Pinyin initials for finding a matter by typing its first letters (DBSQ for 低保申请)."""

import pytest

from hall.services.pinyin import initials


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("低保申请", "DBSQ"),
        ("城乡居民医保参保登记", "CXJMYBCBDJ"),
        ("特困人员救助供养申请", "TKRYJZGYSQ"),
        ("退役军人优待证申领", "TYJRYDZSL"),
    ],
)
def test_matter_names_give_their_initials(text, expected):
    """Typing the first letters of a matter's syllables finds it."""
    assert initials(text) == expected


def test_punctuation_and_spaces_are_dropped():
    """Brackets, dots and spaces in a matter's name do not become letters."""
    assert initials("残疾人证（新办）") == "CJRZXB"
    assert initials("社会保障卡补领、换领") == "SHBZKBLHL"
    assert initials("城乡居民 · 养老") == "CXJMYL"


def test_ascii_letters_and_digits_are_kept_in_upper_case():
    """Latin letters and digits in a name stay, upper-cased, so 5G or App can be typed."""
    assert initials("国家医保服务平台App") == "GJYBFWPTAPP"
    assert initials("2026年度补贴") == "2026NDBT"


def test_full_width_letters_and_digits_count_as_ascii():
    """Full-width ＡＢ１２ from a Chinese input method are read as AB12."""
    assert initials("Ａ类１２号") == "AL12H"


def test_heteronyms_take_the_reading_of_the_word():
    """重 reads zhòng in 重度 and chóng in 重新; 长 reads cháng in 长期 (pypinyin's phrase dictionary)."""
    assert initials("重度残疾人护理补贴") == "ZDCJRHLBT"
    assert initials("重新申领") == "CXSL"
    assert initials("长期护理保险") == "CQHLBX"


def test_other_scripts_and_empty_text_give_nothing():
    """Japanese kana, emoji and empty text add no letters."""
    assert initials("ぁ😀") == ""
    assert initials("") == ""
