"""The report's ruled tables of figures, with their section headings, titles and notes.

Cells are plain strings wrapped by hand (fast for long tables); a short table moves whole to the next page,
a long one splits and repeats its header row.
"""

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from hall.pdf.fonts import FONT_NAME
from hall.pdf.layout import LABEL_FILL, RULE, para
from hall.pdf.report.styles import CHART_TITLE, NOTE, SECTION, Block

NUMERALS = "一二三四五六七八九十"

TABLE_FONT_SIZE = 9
TABLE_LEADING = 12
CELL_PADDING = 3


# Punctuation that must not start a line (避头): it stays at the end of the line before, a little past the edge.
NO_LINE_START = set("，。、；：？！）》」』”’%,.;:?!)")


def wrap_lines(text: str, width: float, size: float = TABLE_FONT_SIZE) -> list[str]:
    """``text`` broken into lines no wider than ``width``, between any two characters as Chinese allows.

    A plain greedy fill, so long tables stay plain-string cells: reportlab's Paragraph lays CJK text out a
    character at a time and, re-wrapped at every page break of a long table, made a 90-day report slow.
    """
    lines: list[str] = []
    for source in text.splitlines() or [""]:
        line, used = "", 0.0
        for char in source:
            advance = stringWidth(char, FONT_NAME, size)
            if line and used + advance > width and char not in NO_LINE_START:
                lines.append(line)
                line, used = "", 0.0
            line += char
            used += advance
        lines.append(line)
    return lines


def _cell(value: Flowable | str, width: float) -> Flowable | str:
    """Strings stay plain strings (the table draws them directly, fast), wrapped to the column by hand."""
    if not isinstance(value, str):
        return value
    room = width - 2 * CELL_PADDING
    if "\n" not in value and stringWidth(value, FONT_NAME, TABLE_FONT_SIZE) <= room:
        return value
    return "\n".join(wrap_lines(value, room))


def figures_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    *,
    total_row: bool = False,
    left: Sequence[int] = (0,),
    extra: Sequence[tuple] = (),
) -> Table:
    """A ruled table of figures, centred except the ``left`` columns (names), its header repeated on each page.

    The look is ``layout.grid_table``'s, with tighter padding; the last row is shaded when it holds totals.
    """
    cells = [[_cell(value, widths[column]) for column, value in enumerate(row)] for row in (header, *rows)]
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), TABLE_LEADING),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("ALIGN", (column, 1), (column, -1), "LEFT") for column in left]
    if total_row:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL))
    commands += extra
    table = Table(cells, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


KEEP_WHOLE_ROWS = 25  # a table up to this long moves whole to the next page rather than split


def kept(flowables: Block, rows: int) -> list[Flowable | Block]:
    """A short table (with its title or note) as one block; a long one as loose flowables, free to split."""
    return [flowables] if rows <= KEEP_WHOLE_ROWS else list(flowables)


def empty_note(text: str) -> Paragraph:
    return para(text, NOTE)


def numbered(index: int, title: str) -> Paragraph:
    """A section heading; ``build_report`` keeps it on the page of the section's first block."""
    return para(f"{NUMERALS[index - 1]}、{title}", SECTION)


def titled(title: str, room: float = 30 * mm) -> list[Flowable]:
    """A long table's title, on a new page unless there is room for the table's header and first rows.

    (keepWithNext or KeepTogether would push the whole long table onto a new page, leaving a blank half page.)
    """
    return [CondPageBreak(room), para(title, CHART_TITLE)]
