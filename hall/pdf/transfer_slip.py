"""物料流转单: the paper that travels with a bundle of case files from a window to one department.

It lists only what was actually received, so the receiving clerk can count the bundle against it before
signing; materials still owed under 容缺受理 are named so nobody looks for them in the bundle.
"""

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from hall.pdf.case_data import CaseLine, TransferSlipData
from hall.pdf.fonts import FONT_NAME, register_cjk_font
from hall.pdf.layout import (
    CELL,
    CONTENT_WIDTH,
    LABEL,
    RULE,
    SMALL,
    build_pdf,
    cn_datetime,
    copies,
    document_header,
    grid_table,
    info_grid,
    material_summary,
    para,
)

NUMBER_WIDTH = 12 * mm
CASE_WIDTH = 46 * mm
COUNT_WIDTH = 15 * mm
CHECK_WIDTH = 11 * mm
MATERIALS_WIDTH = CONTENT_WIDTH - NUMBER_WIDTH - CASE_WIDTH - 2 * COUNT_WIDTH - CHECK_WIDTH


def _case_cell(case: CaseLine) -> list[Flowable]:
    matter = f"{case.matter_code} {case.matter_name}"
    return [para(case.case_number, CELL), para(matter, CELL), para(case.state_label, LABEL)]


def _materials_cell(case: CaseLine) -> list[Flowable]:
    received = [material for material in case.materials if material.received]
    missing = [material for material in case.materials if not material.received]
    lines = [para(f"{index}. {material_summary(material)}", CELL) for index, material in enumerate(received, start=1)]
    if not received:
        lines.append(para("无纸质材料", CELL))
    if missing:
        lines.append(para("待补（不在本批）：" + "；".join(material.name for material in missing), SMALL))
    return lines


def _received_total(case: CaseLine, attribute: str) -> int:
    return sum(getattr(material, attribute) for material in case.materials if material.received)


def _cases_table(cases: tuple[CaseLine, ...]) -> Table:
    rows = [
        [
            str(index),
            _case_cell(case),
            _materials_cell(case),
            copies(_received_total(case, "originals")),
            copies(_received_total(case, "copies")),
            "□",  # ticked by the receiving clerk while counting
        ]
        for index, case in enumerate(cases, start=1)
    ]
    originals = sum(_received_total(case, "originals") for case in cases)
    duplicates = sum(_received_total(case, "copies") for case in cases)
    rows.append(["", para(f"合计 {len(cases)} 件", CELL), "", copies(originals), copies(duplicates), ""])
    widths = [NUMBER_WIDTH, CASE_WIDTH, MATERIALS_WIDTH, COUNT_WIDTH, COUNT_WIDTH, CHECK_WIDTH]
    table = grid_table(["序号", "办件编号 / 事项", "移交材料", "原件", "复印件", "核对"], rows, widths)
    table.setStyle(TableStyle([("SPAN", (1, -1), (2, -1)), ("VALIGN", (0, 1), (-1, -1), "TOP")]))
    return table


def _signatures(department: str, counter_label: str) -> KeepTogether:
    """Blank ruled spaces to sign and date by hand: the hand-over is complete when both have signed."""
    label_width = 40 * mm
    blank_width = CONTENT_WIDTH / 2 - label_width
    # Plain strings, not Paragraphs: a Paragraph would collapse the spaces left for the handwritten date.
    blank_date = "年　　　月　　　日"
    rows = [
        [para(f"移交人（{counter_label}）：", CELL), "", para(f"接收人（{department}）：", CELL), ""],
        [para("移交日期：", CELL), blank_date, para("接收日期：", CELL), blank_date],
    ]
    table = Table(rows, colWidths=[label_width, blank_width, label_width, blank_width], rowHeights=[14 * mm, 12 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("FONT", (0, 0), (-1, -1), FONT_NAME, 9.5),
                ("ALIGN", (1, 1), (1, 1), "RIGHT"),
                ("ALIGN", (3, 1), (3, 1), "RIGHT"),
                ("LINEBELOW", (1, 0), (1, -1), 0.5, RULE),
                ("LINEBELOW", (3, 0), (3, -1), 0.5, RULE),
            ]
        )
    )
    note = para("接收人请当面核对材料份数，无误后签字。本单一式两份，窗口与承办部门各留存一份。", SMALL)
    return KeepTogether([Spacer(1, 6 * mm), table, Spacer(1, 4 * mm), note])


def build_transfer_slip(data: TransferSlipData, *, font_path: str = "") -> bytes:
    register_cjk_font(font_path)
    hall = data.hall
    story: list[Flowable] = [
        *document_header(hall.name, "物料流转单"),
        info_grid(
            [
                [("接收部门", data.department), ("移交时间", cn_datetime(data.sent_at_local))],
                [("移交窗口", data.counter_label), ("移交人", data.clerk_name)],
            ]
        ),
        Spacer(1, 4 * mm),
        _cases_table(data.cases),
        _signatures(data.department, data.counter_label),
    ]
    return build_pdf(
        story,
        title=f"物料流转单 {data.department} {cn_datetime(data.sent_at_local)}",
        author=hall.name,
        footer=f"{hall.name}　物料流转单　{data.department}　{cn_datetime(data.sent_at_local)}",
    )
