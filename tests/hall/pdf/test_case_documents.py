"""The A4 case documents (受理回执, 一次性告知书, 不予受理通知书, 物料流转单), read back from the PDFs themselves."""

import dataclasses
from datetime import date, datetime

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import qrcode
from reportlab.lib.units import mm

from hall.pdf.case_data import (
    CaseLine,
    HallInfo,
    MaterialLine,
    ReceiptData,
    RejectionNoticeData,
    SupplementNoticeData,
    TransferSlipData,
)
from hall.pdf.layout import QR_SIZE, cn_date, cn_datetime
from hall.pdf.notices import build_rejection_notice, build_supplement_notice
from hall.pdf.receipt import build_receipt
from hall.pdf.transfer_slip import build_transfer_slip
from tests.pdf_tools import embedded_font_files, normalise, pages_text, render

HALL = HallInfo(
    name="青山镇便民服务中心",
    address="青山镇人民路88号",
    enquiry_phone="0571-88881234",
    supervision_phone="0571-12345",
)
ID_CARD = MaterialLine("居民身份证", 1, 1, True, "原件核验后退还")
HOUSEHOLD = MaterialLine("户口簿", 1, 1, True)
APPLICATION = MaterialLine("最低生活保障申请书", 1, 0, True, "须本人签字")
INCOME = MaterialLine("家庭收入及财产状况声明", 1, 0, False, "须全体家庭成员签字")

PENSION = CaseLine(
    case_number="QINGSHAN-20261202-0007",
    matter_code="SB-001",
    matter_name="城乡居民基本养老保险参保登记",
    department="镇社保所",
    kind_label="即办件",
    accepted_on=date(2026, 12, 2),
    due_on=None,
    committed_days=None,
    state_label="已办结",
    materials=(ID_CARD, HOUSEHOLD),
    fee="免费",
)
BASIC_ALLOWANCE = CaseLine(
    case_number="QINGSHAN-20261202-0008",
    matter_code="MZ-012",
    matter_name="最低生活保障申请",
    department="镇民政办",
    kind_label="承诺件",
    accepted_on=date(2026, 12, 2),
    due_on=date(2026, 12, 9),
    committed_days=5,
    state_label="容缺受理",
    materials=(ID_CARD, HOUSEHOLD, APPLICATION, INCOME),
    deficiency_note="家庭收入及财产状况声明须全体成员签字后补交",
    deficiency_due=date(2026, 12, 4),
    fee="免费",
)
DISABILITY = CaseLine(
    case_number="QINGSHAN-20261202-0009",
    matter_code="CL-003",
    matter_name="残疾人两项补贴申请",
    department="镇残联",
    kind_label="承诺件",
    accepted_on=date(2026, 12, 2),
    due_on=date(2026, 12, 16),
    committed_days=10,
    state_label="已受理",
    materials=(ID_CARD, MaterialLine("残疾人证", 0, 1, True)),
)
PROGRESS_URL = "https://hall.example/p/abcdefghijklmnopqrstuvwx"
RECEIPT = ReceiptData(
    hall=HALL,
    applicant_masked="张*",
    id_masked="**************4518",
    phone_masked="138****1234",
    clerk_name="李晓梅",
    counter_label="3号窗口",
    issued_at_local=datetime(2026, 12, 2, 9, 35),
    ticket_number="A012",
    progress_url=PROGRESS_URL,
    cases=(PENSION, BASIC_ALLOWANCE, DISABILITY),
)
SUPPLEMENT = SupplementNoticeData(
    hall=HALL,
    case_number="QINGSHAN-20261202-0010",
    matter_name="临时救助申请",
    department="镇民政办",
    applicant_masked="王*",
    missing=(
        MaterialLine("家庭收入及财产状况声明", 1, 0, False, "须全体家庭成员签字"),
        MaterialLine("近六个月银行流水", 1, 0, False, "须银行盖章"),
        MaterialLine("房产证明", 0, 1, False),
    ),
    extra_notes="如委托他人办理，另须提交授权委托书。\n复印件须为A4纸。",
    supply_by=date(2026, 12, 9),
    clerk_name="李晓梅",
    issued_on=date(2026, 12, 2),
    progress_url=PROGRESS_URL,
)
REJECTION = RejectionNoticeData(
    hall=HALL,
    case_number="QINGSHAN-20261202-0011",
    matter_name="个体工商户变更登记",
    department="镇市场监管所",
    applicant_masked="赵*",
    reason="申请事项不属于本机关职权范围，请向县市场监督管理局申请。",
    legal_basis="《中华人民共和国行政许可法》第三十二条",
    clerk_name="李晓梅",
    issued_on=date(2026, 12, 2),
)
TRANSFER = TransferSlipData(
    hall=HALL,
    department="镇民政办",
    sent_at_local=datetime(2026, 12, 2, 16, 30),
    clerk_name="李晓梅",
    counter_label="3号窗口",
    cases=(BASIC_ALLOWANCE, dataclasses.replace(DISABILITY, department="镇民政办")),
)

BUILDERS = {
    "receipt": lambda: build_receipt(RECEIPT),
    "supplement": lambda: build_supplement_notice(SUPPLEMENT),
    "rejection": lambda: build_rejection_notice(REJECTION),
    "transfer": lambda: build_transfer_slip(TRANSFER),
}


def all_text(pdf: bytes) -> str:
    return normalise("".join(pages_text(pdf)))


def materials(count: int) -> tuple[MaterialLine, ...]:
    return tuple(MaterialLine(f"证明材料第{number}号", 1, 2, True, "须加盖公章") for number in range(1, count + 1))


def test_receipt_says_everything_the_resident_needs():
    """Applicant, window, clerk, each case's matter, dates, state, fee, materials and the phones are printed."""
    text = all_text(build_receipt(RECEIPT))
    for expected in (
        "受理回执",
        "青山镇便民服务中心",
        "张*",
        "**************4518",
        "138****1234",
        "A012",
        "3号窗口",
        "李晓梅",
        "2026年12月2日09:35",
        "SB-001城乡居民基本养老保险参保登记",
        "镇社保所",
        "即办件",
        "当场办结",
        "MZ-012最低生活保障申请",
        "承诺件",
        "2026年12月9日（5个工作日）",
        "容缺受理",
        "免费",
        "居民身份证",
        "原件核验后退还",
        "1份",
        "家庭收入及财产状况声明须全体成员签字后补交",
        "待补材料：家庭收入及财产状况声明（原件1份）",
        "请于2026年12月4日前补齐",
        "请凭本回执和申请人身份证原件到综合出件窗口领取办理结果",
        "咨询电话：0571-88881234",
        "监督电话：0571-12345",
        "扫码查询办理进度",
        "（盖章）",
    ):
        assert expected in text, expected


def test_one_receipt_lists_all_three_cases_of_the_visit():
    """A resident with three matters gets one receipt naming all three case numbers, numbered 1/3 to 3/3."""
    text = all_text(build_receipt(RECEIPT))
    for number, case in enumerate(RECEIPT.cases, start=1):
        assert f"事项{number}/3办件编号：{case.case_number}" in text


def test_a_long_receipt_continues_on_the_next_page_without_losing_a_case():
    """Many materials per case push later cases to page 2; every case appears once, whole, on one page."""
    long_cases = tuple(dataclasses.replace(case, materials=materials(12)) for case in RECEIPT.cases)
    pages = [normalise(page) for page in pages_text(build_receipt(dataclasses.replace(RECEIPT, cases=long_cases)))]
    assert len(pages) >= 2
    for case in long_cases:
        holding = [page for page in pages if case.case_number in page]
        assert len(holding) == 1, case.case_number
        assert "证明材料第1号" in holding[0] and "证明材料第12号" in holding[0]
    assert f"第{len(pages)}页共{len(pages)}页" in pages[-1]


def test_a_case_longer_than_a_page_still_prints_every_material():
    """A case with sixty materials breaks inside its table, repeating the table header, and drops none."""
    huge = dataclasses.replace(PENSION, materials=materials(60))
    pages = [normalise(page) for page in pages_text(build_receipt(dataclasses.replace(RECEIPT, cases=(huge,))))]
    assert len(pages) >= 2
    text = "".join(pages)
    assert all(f"证明材料第{number}号" in text for number in range(1, 61))
    assert all("已收材料" in page for page in pages if "证明材料第" in page)


def qr_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """The page and (left, bottom, right, top) of the QR code: the one square path of about its size."""
    document = pdfium.PdfDocument(pdf)
    for index, page in enumerate(document):
        for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
            left, bottom, right, top = path.get_bounds()
            if abs((right - left) - QR_SIZE) < 1 and abs((top - bottom) - QR_SIZE) < 1:
                return index, (left, bottom, right, top)
    raise AssertionError("no QR code found")


@pytest.mark.parametrize("name", ["receipt", "supplement"])
def test_qr_code_opens_the_progress_page(name):
    """Sampling the printed QR modules gives exactly the matrix of the resident's progress URL."""
    pdf = BUILDERS[name]()
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(PROGRESS_URL)
    code.make(fit=True)
    expected = code.get_matrix()

    page_index, (left, _bottom, right, top) = qr_box(pdf)
    dpi = 300
    scale = dpi / 72
    image = render(pdf, page=page_index, dpi=dpi)
    pixels = image.load()
    step = (right - left) * scale / len(expected)
    x0, y0 = left * scale, image.height - top * scale  # PDF y grows upwards, image rows downwards
    sampled = [
        [pixels[int(x0 + (column + 0.5) * step), int(y0 + (row + 0.5) * step)] < 128 for column in range(len(expected))]
        for row in range(len(expected))
    ]
    assert sampled == expected


def test_supplement_notice_tells_everything_missing_at_once():
    """Every missing material is numbered with its counts and form, with the deadline and when the clock starts."""
    text = all_text(build_supplement_notice(SUPPLEMENT))
    for expected in (
        "一次性告知书",
        "QINGSHAN-20261202-0010",
        "王*：",
        "临时救助申请",
        "镇民政办",
        "1家庭收入及财产状况声明1份—须全体家庭成员签字",
        "2近六个月银行流水1份—须银行盖章",
        "3房产证明—1份",
        "如委托他人办理，另须提交授权委托书。",
        "复印件须为A4纸。",
        "请于2026年12月9日前补齐上述材料。",
        "办理时限自收到您补齐的全部材料之日起计算。",
        "咨询电话：0571-88881234",
        "扫码查询办理进度",
        "经办人：李晓梅",
        "（盖章）2026年12月2日",
    ):
        assert expected in text, expected


def test_supplement_notice_without_a_deadline_asks_to_supply_soon():
    """No date is invented when the clerk set none."""
    text = all_text(build_supplement_notice(dataclasses.replace(SUPPLEMENT, supply_by=None)))
    assert "请尽快补齐上述材料。" in text and "请于" not in text


def test_rejection_notice_gives_reason_basis_and_remedies():
    """Reason, legal basis, the 60-day review and 6-month lawsuit routes, the seal line and the date are printed."""
    text = all_text(build_rejection_notice(REJECTION))
    for expected in (
        "不予受理通知书",
        "QINGSHAN-20261202-0011",
        "赵*：",
        "个体工商户变更登记",
        "决定不予受理",
        "申请事项不属于本机关职权范围，请向县市场监督管理局申请。",
        "《中华人民共和国行政许可法》第三十二条",
        "六十日内",
        "《中华人民共和国行政复议法》",
        "县级人民政府申请行政复议",
        "六个月内",
        "《中华人民共和国行政诉讼法》",
        "人民法院提起行政诉讼",
        "青山镇便民服务中心（盖章）",
        "2026年12月2日",
    ):
        assert expected in text, expected


def test_transfer_slip_lists_the_bundle_and_has_both_signature_lines():
    """Department, time, window, clerk, each case with its materials and counts, totals and two signatures."""
    text = all_text(build_transfer_slip(TRANSFER))
    for expected in (
        "物料流转单",
        "镇民政办",
        "2026年12月2日16:30",
        "3号窗口",
        "李晓梅",
        "QINGSHAN-20261202-0008",
        "QINGSHAN-20261202-0009",
        "1.居民身份证（原件1份，复印件1份）",
        "3.最低生活保障申请书（原件1份）",
        "待补（不在本批）：家庭收入及财产状况声明",
        "3份2份",  # case 0008: received originals and copies (the missing one is not counted)
        "合计2件4份4份",
        "移交人（3号窗口）：",
        "接收人（镇民政办）：",
        "移交日期：",
        "接收日期：",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("name", BUILDERS)
def test_every_document_carries_its_chinese_font_on_a4(name):
    """The CJK font is embedded (prints the same on any PC) and the page is A4 portrait."""
    pdf = BUILDERS[name]()
    assert embedded_font_files(pdf) >= 1
    image = render(pdf, dpi=72)
    assert abs(image.width - 210 * mm) <= 1 and abs(image.height - 297 * mm) <= 1


def test_masked_details_are_printed_exactly_as_given():
    """The builders print what they are handed: a masked ID stays masked, the full number never appears."""
    text = all_text(build_receipt(RECEIPT))
    assert "**************4518" in text and "138****1234" in text
    assert "110101199003074518" not in text
    assert "13812341234" not in text


MARKUP = "<b>未盖章</b> & <i>"


@pytest.mark.parametrize(
    ("name", "pdf"),
    [
        ("rejection reason", lambda: build_rejection_notice(dataclasses.replace(REJECTION, reason=MARKUP))),
        ("legal basis", lambda: build_rejection_notice(dataclasses.replace(REJECTION, legal_basis=MARKUP))),
        ("supplement notes", lambda: build_supplement_notice(dataclasses.replace(SUPPLEMENT, extra_notes=MARKUP))),
        (
            "missing material",
            lambda: build_supplement_notice(
                dataclasses.replace(SUPPLEMENT, missing=(MaterialLine(MARKUP, 1, 0, False, MARKUP),))
            ),
        ),
        (
            "deficiency note",
            lambda: build_receipt(
                dataclasses.replace(RECEIPT, cases=(dataclasses.replace(BASIC_ALLOWANCE, deficiency_note=MARKUP),))
            ),
        ),
        ("department", lambda: build_transfer_slip(dataclasses.replace(TRANSFER, department=MARKUP))),
    ],
)
def test_markup_characters_are_printed_literally(name, pdf):
    """A clerk typing "<b>" or "&" sees exactly that on paper, and the document still builds."""
    assert normalise(MARKUP) in all_text(pdf()), name


def test_dates_are_written_the_chinese_way():
    """Dates read 2026年12月2日 (no leading zeros), times 09:35."""
    assert cn_date(date(2026, 12, 2)) == "2026年12月2日"
    assert cn_date(None) == "—"
    assert cn_datetime(datetime(2026, 1, 5, 9, 35)) == "2026年1月5日 09:35"
