"""Finding and registering the CJK font that every PDF embeds.

reportlab's built-in CID font (STSong-Light) is *not* embedded: printed on a PC without that font the
slip shows empty boxes. So we embed a TrueType font, in this order:

1. ``HALL_CJK_FONT`` (config ``CJK_FONT_PATH``): a .ttf/.ttc path the hall chooses;
2. Noto Sans SC (SIL Open Font License) from the PyPI package ``zhplot``, which ``make setup`` installs
   with ``--no-deps`` purely for this file (requirements-fonts.txt);
3. common system fonts: WenQuanYi Micro/Zen Hei (Debian ``fonts-wqy-microhei``), Droid Sans Fallback,
   AR PL UMing, and the Windows fonts SimHei / SimSun / Microsoft YaHei.

reportlab embeds only TrueType outlines; OpenType/CFF fonts (Noto Sans CJK .otf) are rejected with a clear
message. Without any usable font, building a PDF fails with ``CJKFontMissing`` saying how to fix it.
"""

import threading
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_NAME = "HallCJK"

SYSTEM_FONTS = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
)


class CJKFontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class FontFile:
    path: Path
    subfont_index: int = 0


_lock = threading.Lock()
_registered: FontFile | None = None


def packaged_font() -> FontFile | None:
    """Noto Sans SC shipped inside the zhplot wheel, found without importing zhplot (or matplotlib)."""
    try:
        distribution = metadata.distribution("zhplot")
    except metadata.PackageNotFoundError:
        return None
    path = Path(distribution.locate_file("zhplot/fonts/NotoSansSC-Regular.ttf"))
    return FontFile(path) if path.is_file() else None


def find_font(configured: str = "") -> FontFile:
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise CJKFontMissing(f"HALL_CJK_FONT points to {configured}, which is not a file.")
        return FontFile(path)
    packaged = packaged_font()
    if packaged is not None:
        return packaged
    for candidate, index in SYSTEM_FONTS:
        if Path(candidate).is_file():
            return FontFile(Path(candidate), index)
    raise CJKFontMissing(
        "No Chinese TrueType font found for PDFs. Run `make setup` (it installs Noto Sans SC from PyPI), "
        "or `apt-get install fonts-wqy-microhei`, or set HALL_CJK_FONT=/path/to/a/font.ttf."
    )


def register_cjk_font(configured: str = "") -> str:
    """Register the CJK font with reportlab once per process; return its name for ``setFont``."""
    global _registered
    with _lock:
        if _registered is None:
            font = find_font(configured)
            try:
                pdfmetrics.registerFont(TTFont(FONT_NAME, str(font.path), subfontIndex=font.subfont_index))
            except TTFError as error:
                raise CJKFontMissing(
                    f"{font.path} cannot be embedded ({error}). reportlab needs TrueType outlines: "
                    "use a .ttf/.ttc such as Noto Sans SC (TTF) or WenQuanYi Micro Hei, not an .otf."
                ) from error
            _registered = font
    return FONT_NAME


def registered_font() -> FontFile | None:
    return _registered
