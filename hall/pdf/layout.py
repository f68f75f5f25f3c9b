"""The look shared by the A4 case documents: styles in the CJK font, header, grids, QR, seal line, page footer.

Every piece of data reaches a Paragraph through ``literal``: Paragraph text is markup, and a reason such as
"<b>&" would otherwise be swallowed as a tag or crash the parser.
"""

from collections.abc import Sequence
from datetime import date, datetime
from functools import partial
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from hall.pdf.case_data import MaterialLine
from hall.pdf.fonts import FONT_NAME
from hall.pdf.ticket_slip import draw_qr

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
QR_SIZE = 26 * mm  # about 0.9 mm a module for a progress URL: phones read it from arm's length
QR_COLUMN = QR_SIZE + 10 * mm

LABEL_FILL = colors.Color(0.93, 0.93, 0.93)  # light enough for a worn office laser printer
RULE = colors.Color(0.35, 0.35, 0.35)
MUTED = colors.Color(0.3, 0.3, 0.3)


def _style(name: str, size: float, **overrides) -> ParagraphStyle:
    # wordWrap="CJK" lets a line break between any two characters, as Chinese typesetting expects.
    settings = {"fontName": FONT_NAME, "fontSize": size, "leading": size * 1.5, "wordWrap": "CJK"} | overrides
    return ParagraphStyle(name, **settings)


HALL_NAME = _style("hall-name", 12, alignment=TA_CENTER)
SUBTITLE = _style("subtitle", 10.5, alignment=TA_CENTER)
HEADING = _style("heading", 12, spaceBefore=6, spaceAfter=4)
BODY = _style("body", 10.5, spaceAfter=3)
LETTER = _style("letter", 11, firstLineIndent=22, spaceAfter=4)  # official letters indent two characters
CELL = _style("cell", 9.5, leading=13)
CELL_CENTER = _style("cell-center", 9.5, leading=13, alignment=TA_CENTER)
LABEL = _style("label", 9.5, leading=13, textColor=MUTED)
SMALL = _style("small", 8.5, textColor=MUTED)
CAPTION = _style("caption", 8.5, leading=11, alignment=TA_CENTER)
SEAL = _style("seal", 11, alignment=TA_RIGHT, leading=20)
REFERENCE = _style("reference", 10, alignment=TA_RIGHT, spaceAfter=4)


def literal(value: str) -> str:
    """``value`` as Paragraph markup that prints exactly those characters; line breaks are kept."""
    return escape(value).replace("\n", "<br/>")


def para(value: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(literal(value), style)


def paragraphs(value: str, style: ParagraphStyle = BODY) -> list[Paragraph]:
    """One Paragraph per line of ``value``, so every line of a multi-line note gets the style's indent."""
    return [para(line.strip(), style) for line in value.splitlines() if line.strip()]


def cn_date(day: date | None, missing: str = "—") -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else missing


def cn_datetime(moment: datetime) -> str:
    return f"{cn_date(moment)} {moment:%H:%M}"


def copies(count: int) -> str:
    return f"{count} 份" if count else "—"


def material_summary(material: MaterialLine) -> str:
    """A material and its counts on one line, e.g. 户口簿（原件 1 份，复印件 1 份）."""
    kinds = (("原件", material.originals), ("复印件", material.copies))
    counts = [f"{label} {count} 份" for label, count in kinds if count]
    return f"{material.name}（{'，'.join(counts)}）" if counts else material.name


class HeavyTitle(Flowable):
    """A centred title, heavy like a printed 公文 title although the embedded font has a single weight."""

    def __init__(self, text: str, size: float = 20):
        super().__init__()
        self.text = text
        self.size = size

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.size * 1.6

    def draw(self):
        line = self.canv.beginText()
        line.setFont(FONT_NAME, self.size)
        self.canv.setLineWidth(self.size / 30)
        line.setTextRenderMode(2)  # fill and stroke: the outline thickens every stroke of the glyph
        text_width = self.canv.stringWidth(self.text, FONT_NAME, self.size)
        line.setTextOrigin((self.width - text_width) / 2, self.size * 0.4)
        line.textOut(self.text)
        line.setTextRenderMode(0)
        self.canv.drawText(line)


class QrCode(Flowable):
    """The vector QR of the ticket slip, as a flowable: no bitmap to blur on the hall's printers."""

    def __init__(self, data: str, size: float = QR_SIZE):
        super().__init__()
        self.data = data
        self.width = self.height = size

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        draw_qr(self.canv, self.data, 0, 0, self.width)


def document_header(hall_name: str, title: str, subtitle: str = "") -> list[Flowable]:
    header: list[Flowable] = [para(hall_name, HALL_NAME), HeavyTitle(title)]
    if subtitle:
        header.append(para(subtitle, SUBTITLE))
    header.append(Spacer(1, 3 * mm))
    return header


Pair = tuple[str, str]


def info_grid(rows: Sequence[Sequence[Pair]]) -> Table:
    """A bordered label/value grid, two pairs a row; a row with a single pair gives its value the full width."""
    cells = []
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
    ]
    for index, row in enumerate(rows):
        if len(row) == 1:
            (label, value) = row[0]
            cells.append([para(label, LABEL), para(value, CELL), "", ""])
            commands.append(("SPAN", (1, index), (3, index)))
        else:
            (left_label, left_value), (right_label, right_value) = row
            cells.append(
                [para(left_label, LABEL), para(left_value, CELL), para(right_label, LABEL), para(right_value, CELL)]
            )
            commands.append(("BACKGROUND", (2, index), (2, index), LABEL_FILL))
    label_width = 22 * mm
    value_width = CONTENT_WIDTH / 2 - label_width
    table = Table(cells, colWidths=[label_width, value_width, label_width, value_width])
    table.setStyle(TableStyle(commands))
    return table


def grid_table(header: Sequence[str], rows: Sequence[Sequence[Flowable | str]], widths: Sequence[float]) -> Table:
    """A ruled table whose header repeats on every page it spans; plain strings in ``rows`` are centred cells."""
    body = [[para(cell, CELL_CENTER) if isinstance(cell, str) else cell for cell in row] for row in rows]
    table = Table([[para(title, CELL_CENTER) for title in header], *body], colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def materials_table(materials: Sequence[MaterialLine], *, name_title: str, note_title: str) -> Table:
    """Numbered materials with their original and copy counts and the note on each."""
    rows = [
        [str(number), para(item.name, CELL), copies(item.originals), copies(item.copies), para(item.note, CELL)]
        for number, item in enumerate(materials, start=1)
    ]
    number_width, count_width, note_width = 12 * mm, 20 * mm, 60 * mm
    name_width = CONTENT_WIDTH - number_width - 2 * count_width - note_width
    widths = [number_width, name_width, count_width, count_width, note_width]
    return grid_table(["序号", name_title, "原件", "复印件", note_title], rows, widths)


def boxed(flowables: list[Flowable]) -> Table:
    """Flowables framed and shaded, for what the resident must not overlook (what is still owed, by when)."""
    table = Table([[flowables]], colWidths=[CONTENT_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.965, 0.965, 0.965)),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def with_progress_qr(lines: list[Flowable], url: str) -> KeepTogether:
    """Contact lines on the left and the progress QR on the right, never split across a page break."""
    qr = [QrCode(url), Spacer(1, 3 * mm), para("扫码查询办理进度", CAPTION)]  # the gap keeps the quiet zone clear
    table = Table([[lines, qr]], colWidths=[CONTENT_WIDTH - QR_COLUMN, QR_COLUMN])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 3 * mm), table])


def contact_lines(hall_address: str, enquiry_phone: str, supervision_phone: str) -> list[Flowable]:
    lines = [para(f"咨询电话：{enquiry_phone}"), para(f"监督电话：{supervision_phone}")]
    if hall_address:
        lines.append(para(f"地址：{hall_address}"))
    return lines


def seal_block(hall_name: str, day: date, *, clerk_name: str = "") -> KeepTogether:
    """The issuer's lines at the foot: clerk, hall with room for its stamp, and the date."""
    lines: list[Flowable] = [Spacer(1, 6 * mm)]
    if clerk_name:
        lines.append(para(f"经办人：{clerk_name}"))
        lines.append(Spacer(1, 4 * mm))
    lines += [para(f"{hall_name}（盖章）", SEAL), para(cn_date(day), SEAL)]
    return KeepTogether(lines)


class _FooterCanvas(canvas.Canvas):
    """Holds every page back until the end so each footer can say "第 n 页 共 N 页": a lost page shows."""

    def __init__(self, *args, footer: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for number, page in enumerate(self._pages, start=1):
            self.__dict__.update(page)
            self.setFont(FONT_NAME, 8)
            self.setFillColor(MUTED)
            self.drawCentredString(
                PAGE_SIZE[0] / 2, MARGIN_BOTTOM / 2, f"{self._footer}　第 {number} 页 共 {len(self._pages)} 页"
            )
            super().showPage()
        super().save()


def build_pdf(story: list[Flowable], *, title: str, author: str, footer: str) -> bytes:
    """Lay ``story`` out on A4 portrait pages, flowing onto as many pages as it needs.

    The caller registers the font (``register_cjk_font``) before making the story: a Paragraph resolves
    its font when it is created.
    """
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        creator=author,
    )
    document.build(story, canvasmaker=partial(_FooterCanvas, footer=footer))
    return buffer.getvalue()
