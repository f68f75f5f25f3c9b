"""The 80 mm ticket slip printed at the kiosk: number, service, people ahead, time, and a QR code.

Privacy: numbers only. Nothing on the slip says who the resident is or why they have a green channel.
"""

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

import qrcode
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from hall.pdf.fonts import FONT_NAME, register_cjk_font

WIDTH = 80 * mm
HEIGHT = 120 * mm
MARGIN = 5 * mm


@dataclass(frozen=True)
class SlipData:
    hall_name: str
    number: str
    service_name: str
    people_ahead: int
    issued_at_local: datetime  # already in the hall's time zone
    page_url: str
    lines: tuple[str, ...] = (
        "请留意大厅显示屏和语音叫号",
        "过号请到服务台，当日有效",
    )


def draw_qr(pdf: canvas.Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw ``data`` as a vector QR code (crisp on thermal printers) with its lower-left corner at x, y."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = size / len(matrix)
    path = pdf.beginPath()
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                path.rect(x + col_index * module, y + size - (row_index + 1) * module, module, module)
    pdf.drawPath(path, stroke=0, fill=1)


def _centered(pdf: canvas.Canvas, text: str, y: float, size: float, *, bold: bool = False) -> None:
    line = pdf.beginText()
    line.setFont(FONT_NAME, size)
    if bold:  # the font has one weight; fill + stroke makes the number heavy enough to read at a glance
        pdf.setLineWidth(size / 30)
        line.setTextRenderMode(2)
    line.setTextOrigin((WIDTH - pdf.stringWidth(text, FONT_NAME, size)) / 2, y)
    line.textOut(text)
    if bold:
        line.setTextRenderMode(0)  # the mode outlives the text object; later lines must be plain
    pdf.drawText(line)


def build_ticket_slip(slip: SlipData, *, font_path: str = "") -> bytes:
    register_cjk_font(font_path)
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(WIDTH, HEIGHT))
    pdf.setTitle(f"{slip.hall_name} {slip.number}")
    pdf.setAuthor(slip.hall_name)

    y = HEIGHT - MARGIN - 5 * mm
    _centered(pdf, slip.hall_name, y, 12)
    y -= 6 * mm
    pdf.setLineWidth(0.5)
    pdf.line(MARGIN, y, WIDTH - MARGIN, y)
    y -= 7 * mm
    _centered(pdf, "您的排队号", y, 10)
    y -= 17 * mm
    _centered(pdf, slip.number, y, 44, bold=True)
    y -= 9 * mm
    _centered(pdf, slip.service_name, y, 14)
    y -= 7 * mm
    ahead = f"您前面还有 {slip.people_ahead} 人等候" if slip.people_ahead else "您前面暂无人等候"
    _centered(pdf, ahead, y, 11)
    y -= 6 * mm
    _centered(pdf, f"取号时间 {slip.issued_at_local:%Y-%m-%d %H:%M}", y, 9)

    qr_size = 30 * mm
    y -= qr_size + 4 * mm
    draw_qr(pdf, slip.page_url, (WIDTH - qr_size) / 2, y, qr_size)
    y -= 5 * mm
    _centered(pdf, "手机扫码查看排队进度", y, 9)
    for line in slip.lines:
        y -= 5 * mm
        _centered(pdf, line, y, 9)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
