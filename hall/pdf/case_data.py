"""What the case documents print, as plain frozen data: the callers fill these, the builders only lay them out.

Everything here is printed as given. Masking (applicant, ID, phone) and time zones are the caller's job, so a
builder can never leak more than it was handed.
"""

from dataclasses import dataclass
from datetime import date, datetime

# A refusal must tell the resident how to challenge it; these are the two statutory routes and their time limits.
DEFAULT_REMEDIES = (
    "申请人如对本决定不服，可以自收到本通知书之日起六十日内，依照《中华人民共和国行政复议法》"
    "向县级人民政府申请行政复议；也可以自收到本通知书之日起六个月内，依照《中华人民共和国行政诉讼法》"
    "向有管辖权的人民法院提起行政诉讼。"
)


@dataclass(frozen=True)
class HallInfo:
    name: str
    address: str
    enquiry_phone: str
    supervision_phone: str


@dataclass(frozen=True)
class MaterialLine:
    name: str
    originals: int  # number of originals (原件) expected/received
    copies: int  # number of copies (复印件)
    received: bool
    note: str = ""  # e.g. "须本人签字", or what form is required for a missing one


@dataclass(frozen=True)
class CaseLine:
    case_number: str  # e.g. "QINGSHAN-20261202-0007"
    matter_code: str
    matter_name: str
    department: str
    kind_label: str  # "即办件" or "承诺件"
    accepted_on: date | None
    due_on: date | None  # committed completion date (None for 即办件 done on the spot)
    committed_days: int | None  # working days
    state_label: str  # e.g. "已受理", "容缺受理", "已办结"
    materials: tuple[MaterialLine, ...] = ()
    deficiency_note: str = ""  # 容缺受理: what is still to be supplied
    deficiency_due: date | None = None  # by when
    fee: str = ""  # e.g. "免费"
    pickup_code: str = ""  # 取件码: asked for when the result is collected (empty: nothing to collect later)


@dataclass(frozen=True)
class ReceiptData:  # 受理回执: ONE receipt covers all cases of a visit
    hall: HallInfo
    applicant_masked: str  # already masked, e.g. "张*"
    id_masked: str  # already masked, e.g. "**************4518"
    phone_masked: str  # e.g. "138****1234"
    clerk_name: str
    counter_label: str  # e.g. "3号窗口"
    issued_at_local: datetime  # already in the hall's time zone
    ticket_number: str | None
    progress_url: str  # QR target: the resident's progress page
    cases: tuple[CaseLine, ...]
    pickup_note: str = "请凭本回执和申请人身份证原件到综合出件窗口领取办理结果，也可扫码查询办理进度。"


@dataclass(frozen=True)
class SupplementNoticeData:  # 一次性告知书 (补正告知): ALL missing materials at once
    hall: HallInfo
    case_number: str
    matter_name: str
    department: str
    applicant_masked: str
    missing: tuple[MaterialLine, ...]
    extra_notes: str
    supply_by: date | None
    clerk_name: str
    issued_on: date
    progress_url: str
    # Asked for by the department during review: the clock of an accepted case stops rather than starting anew.
    during_review: bool = False


@dataclass(frozen=True)
class RejectionNoticeData:  # 不予受理通知书
    hall: HallInfo
    case_number: str
    matter_name: str
    department: str
    applicant_masked: str
    reason: str
    legal_basis: str
    clerk_name: str
    issued_on: date
    remedies: str = DEFAULT_REMEDIES


@dataclass(frozen=True)
class TransferSlipData:  # 物料流转单: materials handed from the window to ONE department
    hall: HallInfo
    department: str
    sent_at_local: datetime
    clerk_name: str
    counter_label: str
    cases: tuple[CaseLine, ...]
