"""Reading PDFs back in tests: text per page, page images, embedded fonts (pypdfium2, no system tools)."""

import re

import pypdfium2 as pdfium


def pages_text(pdf_bytes: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf_bytes)
    return [page.get_textpage().get_text_range() for page in document]


def render(pdf_bytes: bytes, page: int = 0, dpi: int = 200):
    """The page as a PIL image (grayscale)."""
    document = pdfium.PdfDocument(pdf_bytes)
    return document[page].render(scale=dpi / 72).to_pil().convert("L")


def embedded_font_files(pdf_bytes: bytes) -> int:
    """How many fonts carry their own glyphs (FontFile2 = embedded TrueType)."""
    return len(re.findall(rb"/FontFile2", pdf_bytes))


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)
