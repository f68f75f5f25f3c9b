"""受理回执: one A4 receipt for everything a resident handed in at one visit, the proof they collect with.

Each case is kept whole on a page when it fits, so a receipt for several cases breaks between cases, never
inside one; the footer numbers the pages ("第 1 页 共 2 页") so a missing sheet is noticed.
"""

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from hall.pdf.case_data import CaseLine, MaterialLine, ReceiptData
from hall.pdf.fonts import register_cjk_font
from hall.pdf.layout import (
    CELL,
    HEADING,
    boxed,
    build_pdf,
    cn_date,
    cn_datetime,
    contact_lines,
    document_header,
    info_grid,
    material_summary,
    materials_table,
    para,
    paragraphs,
    seal_block,
    with_progress_qr,
)


def _committed_completion(case: CaseLine) -> str:
    if case.due_on is None:
        return "当场办结" if not case.committed_days else f"{case.committed_days} 个工作日内"
    if case.committed_days:
        return f"{cn_date(case.due_on)}（{case.committed_days} 个工作日）"
    return cn_date(case.due_on)


def _received_table(materials: tuple[MaterialLine, ...]) -> Flowable:
    received = [material for material in materials if material.received]
    if not received:
        return para("本事项未收取纸质材料。", CELL)
    return materials_table(received, name_title="已收材料", note_title="备注")


def _outstanding(case: CaseLine) -> list[Flowable]:
    """What is still owed (容缺受理) and by when, framed so it is not overlooked."""
    missing = [material for material in case.materials if not material.received]
    if not (case.deficiency_note or missing or case.deficiency_due):
        return []
    lines = [para("尚需补交", HEADING)]
    if case.deficiency_note:
        lines += paragraphs(case.deficiency_note)
    if missing:
        lines.append(para("待补材料：" + "；".join(material_summary(material) for material in missing)))
    if case.deficiency_due:
        lines.append(para(f"请于 {cn_date(case.deficiency_due)} 前补齐。"))
    return [Spacer(1, 2 * mm), boxed(lines)]


def _case_block(case: CaseLine, index: int, total: int) -> KeepTogether:
    rows = [
        [("事项名称", f"{case.matter_code} {case.matter_name}")],
        [("承办部门", case.department), ("办件类型", case.kind_label)],
        [("受理日期", cn_date(case.accepted_on)), ("承诺办结", _committed_completion(case))],
        [("办件状态", case.state_label), ("收费标准", case.fee)] if case.fee else [("办件状态", case.state_label)],
    ]
    if case.pickup_code:
        rows.append([("取件码", case.pickup_code)])
    heading = f"事项 {index}/{total}　办件编号：{case.case_number}" if total > 1 else f"办件编号：{case.case_number}"
    return KeepTogether(
        [
            para(heading, HEADING),
            info_grid(rows),
            Spacer(1, 2 * mm),
            _received_table(case.materials),
            *_outstanding(case),
            Spacer(1, 4 * mm),
        ]
    )


def build_receipt(data: ReceiptData, *, font_path: str = "") -> bytes:
    register_cjk_font(font_path)
    applicant = [
        [("申请人", data.applicant_masked), ("身份证号", data.id_masked)],
        [("联系电话", data.phone_masked), ("排队号", data.ticket_number or "—")],
        [("受理窗口", data.counter_label), ("受理人", data.clerk_name)],
        [("受理时间", cn_datetime(data.issued_at_local))],
    ]
    story: list[Flowable] = [
        *document_header(data.hall.name, "受理回执"),
        info_grid(applicant),
        Spacer(1, 3 * mm),
        para(f"您本次申请办理的 {len(data.cases)} 件事项明细如下："),
    ]
    story += [_case_block(case, index, len(data.cases)) for index, case in enumerate(data.cases, start=1)]
    hall = data.hall
    story.append(
        with_progress_qr(
            [*paragraphs(data.pickup_note), *contact_lines(hall.address, hall.enquiry_phone, hall.supervision_phone)],
            data.progress_url,
        )
    )
    story.append(seal_block(hall.name, data.issued_at_local.date()))
    return build_pdf(
        story,
        title=f"受理回执 {data.cases[0].case_number}" if data.cases else "受理回执",
        author=hall.name,
        footer=f"{hall.name}　受理回执　{cn_datetime(data.issued_at_local)}",
    )
