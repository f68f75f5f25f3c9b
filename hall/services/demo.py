"""A realistic township hall to try the system with: created on first run in development only.

The hall, its people and numbers are invented (demo values). Demo accounts share one published password,
so ``load_demo_hall`` refuses to run under the production configuration.
"""

from datetime import datetime

from sqlalchemy import select

from hall.extensions import db
from hall.models import (
    CalendarDay,
    Counter,
    CounterService,
    Department,
    Hall,
    Matter,
    MatterKind,
    MatterMaterial,
    Role,
    Service,
    Staff,
)
from hall.services import pinyin
from hall.services.admin.calendar import national_holidays
from hall.services.demo_matters import DEMO_NOTE, MATTERS

DEMO_HALL_CODE = "qingshan"
DEMO_PASSWORD = "demo-2026"

DEPARTMENTS = [
    ("社会事务办（民政）", "Social Affairs (Civil Affairs)"),
    ("社会保障所", "Social Security"),
    ("医疗保障站", "Medical Insurance"),
    ("卫生健康办", "Health"),
    ("农业农村办", "Agriculture and Rural Affairs"),
    ("退役军人服务站", "Veterans' Service Station"),
    ("残疾人联合会", "Disabled Persons' Federation"),
    ("司法所", "Justice Office"),
]

# prefix, name, English name, description, departments (by index), daily cap, typical minutes
SERVICES = [
    ("A", "综合受理", "General intake", "不清楚到哪个窗口时请选此项", [0, 1, 2, 3, 4], None, 10),
    ("B", "社保业务", "Social insurance", "城乡居民养老保险、就业失业登记", [1], 120, 8),
    ("C", "医保业务", "Medical insurance", "参保登记、异地就医备案、报销", [2], 120, 7),
    ("D", "民政救助", "Social assistance", "低保、特困供养、临时救助、高龄津贴", [0], 80, 12),
    ("E", "卫生健康", "Health services", "生育登记、计生奖励扶助", [3], 60, 8),
    ("F", "农业农村", "Rural land and farming", "土地承包、宅基地、农业补贴", [4], 60, 15),
    ("G", "退役军人事务", "Veterans' affairs", "优抚对象认定、优待证办理", [5], 40, 12),
    ("H", "残疾人服务", "Disability services", "残疾人证、两项补贴", [6], 40, 12),
    ("J", "法律服务", "Legal services", "人民调解、法律援助咨询", [7], 30, 20),  # hours of its own below
    ("Q", "办件取件", "Collect a result", "凭受理回执领取办理结果", [], None, 3),
]

# number, name, services in the counter's order, strict service order
COUNTERS = [
    (1, "综合受理窗口", "AQ", False),
    (2, "综合受理窗口", "AQ", False),
    (3, "社保医保窗口", "BCA", True),
    (4, "民政残联窗口", "DHE", False),
    (5, "农业农村窗口", "F", False),
    (6, "退役军人服务窗口", "GJ", False),
    (7, "综合出件窗口", "QA", True),
]

STAFF = [
    ("admin", "县政务服务管理员", Role.ADMIN),
    ("manager", "赵丽", Role.MANAGER),
    ("clerk1", "王芳", Role.CLERK),
    ("clerk2", "李强", Role.CLERK),
    ("clerk3", "张敏", Role.CLERK),
    ("clerk4", "刘洋", Role.CLERK),
    ("clerk5", "陈静", Role.CLERK),
    ("clerk6", "杨帆", Role.CLERK),
]

# The back office: one officer per department (index into DEPARTMENTS).
OFFICERS = [
    ("officer1", "孙红", 0),
    ("officer2", "周建国", 1),
    ("officer3", "吴婷", 2),
    ("officer4", "郑丽", 3),
    ("officer5", "冯军", 4),
    ("officer6", "何勇", 5),
    ("officer7", "林秀", 6),
    ("officer8", "罗明", 7),
]


def load_demo_hall(now: datetime, *, production: bool = False) -> Hall:
    """Create the demo hall (idempotent: an existing one is returned unchanged)."""
    if production:
        raise RuntimeError("Demo data uses a published password and is never loaded in production.")
    existing = db.session.scalar(select(Hall).where(Hall.code == DEMO_HALL_CODE))
    if existing is not None:
        return existing
    hall = Hall(
        code=DEMO_HALL_CODE,
        name="青山镇便民服务中心",
        address="青山镇人民路 1 号（演示数据）",
        notice=(
            "欢迎来到青山镇便民服务中心。办事请携带身份证原件；70 岁以上老人、残疾人、军人军属、孕妇可选择绿色通道。"
        ),
        # Around the clock, every day and on any browser, so that anyone trying the demo can take a ticket;
        # real halls set their hours and calendar and register their kiosks and screens.
        ticketing_hours="00:00-24:00",
        open_on_non_working_days=True,
        require_devices=False,
        enquiry_phone="0000-1234567",
        supervision_phone="12345",
        created_at=now,
    )
    db.session.add(hall)
    departments = [
        Department(hall=hall, name=name, name_en=name_en, position=i) for i, (name, name_en) in enumerate(DEPARTMENTS)
    ]
    db.session.add_all(departments)
    services = {}
    for position, (prefix, name, name_en, description, covered, cap, minutes) in enumerate(SERVICES):
        services[prefix] = Service(
            hall=hall,
            prefix=prefix,
            name=name,
            name_en=name_en,
            description=description,
            departments=[departments[i] for i in covered],
            daily_cap=cap,
            typical_minutes=minutes,
            position=position,
        )
    # The justice office's lawyer comes in office hours only: the kiosk shows this service closed otherwise.
    services["J"].ticketing_hours = "09:00-11:30,14:30-16:30"
    db.session.add_all(services.values())
    for number, name, prefixes, strict in COUNTERS:
        counter = Counter(hall=hall, number=number, name=name, strict_service_order=strict)
        counter.links = [CounterService(service=services[p], position=i) for i, p in enumerate(prefixes)]
        db.session.add(counter)
    for username, name, role in STAFF:
        staff = Staff(
            username=username, name=name, role=role, created_at=now, hall=None if role == Role.ADMIN else hall
        )
        staff.set_password(DEMO_PASSWORD)
        db.session.add(staff)
    for username, name, department in OFFICERS:
        officer = Staff(
            username=username,
            name=name,
            role=Role.OFFICER,
            created_at=now,
            hall=hall,
            department=departments[department],
        )
        officer.set_password(DEMO_PASSWORD)
        db.session.add(officer)
    db.session.flush()
    _add_matters(hall, departments, now)
    _add_national_holidays(hall, now)
    db.session.flush()
    return hall


def _add_matters(hall: Hall, departments: list[Department], now: datetime) -> None:
    for position, matter in enumerate(MATTERS):
        db.session.add(
            Matter(
                hall_id=hall.id,
                department=departments[matter.department],
                code=matter.code,
                name=matter.name,
                initials=pinyin.initials(matter.name),
                kind=MatterKind(matter.kind),
                statutory_days=matter.statutory_days,
                committed_days=matter.committed_days,
                fee=matter.fee,
                conditions=matter.conditions,
                notes=f"{matter.notes}{DEMO_NOTE}",
                position=position,
                updated_at=now,
                materials=[
                    MatterMaterial(
                        position=i,
                        name=m.name,
                        originals=m.originals,
                        copies=m.copies,
                        required=m.required,
                        condition=m.condition,
                    )
                    for i, m in enumerate(matter.materials)
                ],
            )
        )


def _add_national_holidays(hall: Hall, now: datetime) -> None:
    """The State Council's holidays and adjusted workdays, so that case deadlines skip them as in a real hall."""
    for year in (now.year, now.year + 1):
        for day, kind, name in national_holidays(year) or []:
            db.session.add(CalendarDay(hall_id=hall.id, day=day, kind=kind, name=name))
