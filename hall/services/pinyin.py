"""Pinyin initials, so that clerks and kiosk users can find a matter by typing DBSQ for 低保申请.

A character with several readings (多音字) takes pypinyin's reading: its phrase dictionary reads whole words,
so 重度 gives Z (zhòng) while 重新 gives C (chóng), and 长期 gives C; a character outside a known phrase gets
its most common reading. Han characters pypinyin does not know (some rare ones) are dropped, like
punctuation, spaces and other scripts.
"""

import unicodedata

from pypinyin import Style, lazy_pinyin


def initials(text: str) -> str:
    """Upper-case pinyin initials of the Chinese characters, ASCII letters and digits kept.

    ``initials("残疾人证（新办）") == "CJRZXB"``.
    """
    # NFKC first, so full-width letters and digits (ＡＢ１２ from a Chinese input method) count as ASCII.
    text = unicodedata.normalize("NFKC", text or "")
    # Anything that is not Han comes back from pypinyin as it was; the filter keeps only its ASCII letters
    # and digits.
    letters = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER))
    return "".join(c for c in letters if c.isascii() and c.isalnum()).upper()
