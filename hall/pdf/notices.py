"""The two letters a window hands over instead of a receipt: 一次性告知书 (what to supply) and 不予受理通知书.

Both are addressed to the applicant (masked name as given), carry the case number so a reply can be matched,
and end with the hall's stamp line and date.
"""

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from hall.pdf.case_data import RejectionNoticeData, SupplementNoticeData
from hall.pdf.fonts import register_cjk_font
from hall.pdf.layout import (
    HEADING,
    LETTER,
    REFERENCE,
    boxed,
    build_pdf,
    cn_date,
    contact_lines,
    document_header,
    materials_table,
    para,
    paragraphs,
    seal_block,
    with_progress_qr,
)


def _opening(case_number: str, applicant: str) -> list[Flowable]:
    return [para(f"办件编号：{case_number}", REFERENCE), para(f"{applicant}：")]


def build_supplement_notice(data: SupplementNoticeData, *, font_path: str = "") -> bytes:
    register_cjk_font(font_path)
    hall = data.hall
    deadline = f"请于 {cn_date(data.supply_by)} 前补齐上述材料。" if data.supply_by else "请尽快补齐上述材料。"
    story: list[Flowable] = [
        *document_header(hall.name, "一次性告知书", "（补正材料告知）"),
        *_opening(data.case_number, data.applicant_masked),
        para(
            f"您申请办理的“{data.matter_name}”（承办部门：{data.department}），经审查，申请材料不齐全或者不符合"
            "法定形式。现将需要补正的全部材料一次性告知如下：",
            LETTER,
        ),
        materials_table(data.missing, name_title="需补正材料", note_title="要求及说明"),
    ]
    if data.extra_notes:
        story += [para("其他说明", HEADING), *paragraphs(data.extra_notes, LETTER)]
    story += [
        Spacer(1, 3 * mm),
        # The second line answers the resident's first question: does the wait start now or later?
        boxed(
            [
                para(deadline, HEADING),
                para(
                    "办理时限暂停计算，自收到您补齐的材料之日起继续计算。"
                    if data.during_review
                    else "办理时限自收到您补齐的全部材料之日起计算。"
                ),
            ]
        ),
        with_progress_qr(contact_lines(hall.address, hall.enquiry_phone, hall.supervision_phone), data.progress_url),
        seal_block(hall.name, data.issued_on, clerk_name=data.clerk_name),
    ]
    return build_pdf(
        story,
        title=f"一次性告知书 {data.case_number}",
        author=hall.name,
        footer=f"{hall.name}　一次性告知书　{data.case_number}",
    )


def build_rejection_notice(data: RejectionNoticeData, *, font_path: str = "") -> bytes:
    register_cjk_font(font_path)
    hall = data.hall
    story: list[Flowable] = [
        *document_header(hall.name, "不予受理通知书"),
        *_opening(data.case_number, data.applicant_masked),
        para(
            f"您申请办理的“{data.matter_name}”（承办部门：{data.department}），经审查，决定不予受理。",
            LETTER,
        ),
        para("不予受理的理由", HEADING),
        *paragraphs(data.reason, LETTER),
        para("不予受理的依据", HEADING),
        *paragraphs(data.legal_basis, LETTER),
        para("权利告知", HEADING),
        *paragraphs(data.remedies, LETTER),
        Spacer(1, 2 * mm),
        *contact_lines(hall.address, hall.enquiry_phone, hall.supervision_phone),
        seal_block(hall.name, data.issued_on, clerk_name=data.clerk_name),
    ]
    return build_pdf(
        story,
        title=f"不予受理通知书 {data.case_number}",
        author=hall.name,
        footer=f"{hall.name}　不予受理通知书　{data.case_number}",
    )
