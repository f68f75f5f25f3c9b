"""The 80 mm ticket slip: Chinese text embedded and readable, a QR code that encodes the ticket page."""

from datetime import datetime

import pytest
import qrcode
from reportlab.lib.units import mm

from hall.pdf import fonts
from hall.pdf.ticket_slip import HEIGHT, WIDTH, SlipData, build_ticket_slip
from tests.pdf_tools import embedded_font_files, normalise, pages_text, render

SLIP = SlipData(
    hall_name="青山镇便民服务中心",
    number="A012",
    service_name="社保业务",
    people_ahead=3,
    issued_at_local=datetime(2026, 11, 23, 9, 5),
    page_url="http://hall.example/t/abcdefghijklmnopqrstuv",
)


def test_slip_is_80mm_wide_and_says_everything_a_resident_needs():
    """Hall, number, service, people ahead, time and where to wait, read back from the PDF's text."""
    pdf = build_ticket_slip(SLIP)
    text = normalise(pages_text(pdf)[0])
    for expected in (
        "青山镇便民服务中心",
        "A012",
        "社保业务",
        "您前面还有3人等候",
        "取号时间2026-11-2309:05",
        "手机扫码查看排队进度",
        "请留意大厅显示屏和语音叫号",
    ):
        assert expected in text
    image = render(pdf, dpi=72)
    assert abs(image.width - WIDTH) <= 1 and abs(image.height - HEIGHT) <= 1


def test_the_chinese_font_travels_inside_the_pdf():
    """The CJK font is embedded (TrueType), so a PC without Chinese fonts prints the same slip."""
    assert embedded_font_files(build_ticket_slip(SLIP)) >= 1


def test_the_big_number_is_actually_drawn():
    """The number's band of the page holds plenty of ink (not empty boxes or blank space)."""
    image = render(build_ticket_slip(SLIP), dpi=150)
    scale = 150 / 72
    band = image.crop((0, int(40 * mm * scale), image.width, int(58 * mm * scale)))
    dark = sum(1 for value in band.get_flattened_data() if value < 128)
    assert dark > 0.05 * band.width * band.height


def test_qr_code_encodes_the_tickets_page():
    """Sampling the rendered QR modules gives exactly the matrix of the ticket page's URL."""
    dpi = 300
    image = render(build_ticket_slip(SLIP), dpi=dpi)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(SLIP.page_url)
    code.make(fit=True)
    expected = code.get_matrix()
    # The QR is 30 mm wide and centred; its top edge is the first row where the top-left finder
    # pattern's solid 7-module bar starts at the QR's left edge (text strokes are never that long).
    scale = dpi / 72
    size = 30 * mm * scale
    modules = len(expected)
    step = size / modules
    left = (WIDTH * scale - size) / 2
    pixels = image.load()
    bar = range(int(left + 0.5 * step), int(left + 6.5 * step))
    outside = int(left - 0.5 * step)  # white just left of the QR, unlike the full-width rule under the title
    top = next(y for y in range(image.height) if all(pixels[x, y] < 100 for x in bar) and pixels[outside, y] > 160)
    sampled = [
        [pixels[int(left + (c + 0.5) * step), int(top + (r + 0.5) * step)] < 128 for c in range(modules)]
        for r in range(modules)
    ]
    assert sampled == expected


def test_missing_cjk_font_fails_with_a_clear_message(monkeypatch):
    """Without any TrueType CJK font the error says how to get one."""
    monkeypatch.setattr(fonts, "packaged_font", lambda: None)
    monkeypatch.setattr(fonts, "SYSTEM_FONTS", ())
    with pytest.raises(fonts.CJKFontMissing, match="make setup"):
        fonts.find_font("")
    with pytest.raises(fonts.CJKFontMissing, match="not a file"):
        fonts.find_font("/nonexistent/font.ttf")


def test_an_opentype_cff_font_is_refused_with_advice(tmp_path, monkeypatch):
    """A font reportlab cannot embed gives advice to use a TrueType font instead of a cryptic error."""
    fake = tmp_path / "NotoSansCJK.otf"
    fake.write_bytes(b"OTTO" + b"\0" * 64)
    monkeypatch.setattr(fonts, "_registered", None)
    with pytest.raises(fonts.CJKFontMissing, match="TrueType outlines"):
        fonts.register_cjk_font(str(fake))
    monkeypatch.setattr(fonts, "_registered", None)
