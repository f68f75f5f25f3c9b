"""The matter catalogue: finding a matter at the window, and managers keeping the catalogue.

``search_matters`` finds by part of the name, by code and by pinyin initials (最低生活保障申请 → ZDSHBZSQ);
``hall.services.admin.matters`` creates, updates, deletes and imports matters, and never rewrites the
materials of a case already on file.
"""

import pytest
from sqlalchemy import select

from hall.db import write_transaction
from hall.errors import InvalidState, PermissionDenied, ValidationFailed
from hall.extensions import db
from hall.models import MaterialStatus, Matter, MatterKind
from hall.services.admin import matters
from hall.services.cases.catalogue import search_matters
from tests import factories

ID_CARD = {"name": "居民身份证", "originals": 1, "copies": 1, "required": True}


def codes(found) -> list[str]:
    return [m.code for m in found]


def values(case_hall, **changes) -> dict:
    return {
        "code": "MZ-009",
        "name": "临时救助申请",
        "kind": "promised",
        "statutory_days": 20,
        "committed_days": 10,
        "department_id": case_hall.civil.id,
    } | changes


def create(case_hall, clock, materials=(ID_CARD,), actor=None, **changes):
    with write_transaction():
        return matters.create(
            actor_id=(actor or case_hall.small.manager).id,
            hall_id=case_hall.hall.id,
            values=values(case_hall, **changes),
            materials=list(materials),
            now=clock.advance(seconds=1),
        )


def update(case_hall, clock, matter, materials=(ID_CARD,), **changes):
    current = {
        "code": matter.code,
        "name": matter.name,
        "kind": matter.kind.value,
        "statutory_days": matter.statutory_days,
        "committed_days": matter.committed_days,
        "department_id": matter.department_id,
    }
    with write_transaction():
        return matters.update(
            actor_id=case_hall.small.manager.id,
            hall_id=case_hall.hall.id,
            matter_id=matter.id,
            values=current | changes,
            materials=list(materials),
            now=clock.advance(seconds=1),
        )


# Searching ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("生活保障", ["MZ-001"]),
        ("保障", ["MZ-001", "SB-001"]),
        ("养老", ["SB-002"]),
        ("MZ-001", ["MZ-001"]),
        ("sb-00", ["SB-001", "SB-002"]),
        ("ZDSH", ["MZ-001"]),
        ("zdsh", ["MZ-001"]),
        (" z d s h ", ["MZ-001"]),
        ("SHBZ", ["SB-001", "MZ-001"]),  # 社会保障卡 starts so; 最低生活保障 has it in the middle
        ("cxjm", ["SB-002"]),
        ("户口", []),
    ],
)
def test_search_finds_matters_by_name_code_or_pinyin_initials(case_hall, query, found):
    """The clerk types part of the name, the code, or the initials in either case: the matter comes up."""
    assert codes(search_matters(case_hall.hall.id, query)) == found


def test_empty_search_lists_the_whole_catalogue_in_order(case_hall):
    """No query: every active matter, in catalogue order."""
    assert codes(search_matters(case_hall.hall.id, "")) == ["MZ-001", "SB-001", "SB-002"]


def test_search_puts_initials_and_code_matches_first(case_hall):
    """'SB-001' as a code ranks before a matter that merely contains it in its name."""
    with write_transaction():
        factories.make_matter(case_hall.hall, case_hall.social, "ZZ-001", "SB-001 补办说明")
    assert codes(search_matters(case_hall.hall.id, "SB-001")) == ["SB-001", "ZZ-001"]


def test_search_excludes_inactive_matters(case_hall):
    """A matter taken out of the catalogue is no longer offered."""
    with write_transaction():
        case_hall.pension.active = False
    assert codes(search_matters(case_hall.hall.id, "SB")) == ["SB-001"]
    assert codes(search_matters(case_hall.hall.id, "养老")) == []
    assert codes(search_matters(case_hall.hall.id, "")) == ["MZ-001", "SB-001"]


def test_search_stays_within_the_hall(case_hall):
    """Another hall's catalogue is not searched."""
    with write_transaction():
        other = factories.make_hall("other")
        factories.make_matter(other, factories.make_department(other, "民政办"), "MZ-001", "最低生活保障申请")
    assert [m.hall_id for m in search_matters(case_hall.hall.id, "ZDSH")] == [case_hall.hall.id]


@pytest.mark.parametrize("query", ["%", "_", "\\"])
def test_search_treats_wildcards_as_plain_characters(case_hall, query):
    """Typing % or _ finds matters containing that character, not every matter."""
    assert search_matters(case_hall.hall.id, query) == []


def test_search_respects_the_limit(case_hall):
    """Only the first few matches are returned."""
    assert len(search_matters(case_hall.hall.id, "", limit=2)) == 2


# Creating and updating ---------------------------------------------------------------------------------------


def test_manager_creates_a_matter_with_its_initials_and_materials(case_hall, clock):
    """A new 承诺件 with its limits; the code is upper-cased and the pinyin initials computed."""
    matter = create(case_hall, clock, code="mz-009")
    assert (matter.code, matter.initials, matter.kind) == ("MZ-009", "LSJZSQ", MatterKind.PROMISED)
    assert (matter.statutory_days, matter.committed_days) == (20, 10)
    assert [(m.name, m.required) for m in matter.materials] == [("居民身份证", True)]
    assert codes(search_matters(case_hall.hall.id, "lsjz")) == ["MZ-009"]


def test_duplicate_code_is_refused(case_hall, clock):
    """MZ-001 is already 低保: a second matter with that code (in any case) is refused on the code field."""
    with pytest.raises(ValidationFailed) as refused:
        create(case_hall, clock, code="mz-001")
    assert refused.value.details["field"] == "code"
    assert "最低生活保障申请" in str(refused.value)


def test_update_to_another_matters_code_is_refused_but_keeping_its_own_is_fine(case_hall, clock):
    """Renaming the pension keeps its code; taking the card's code is refused."""
    with pytest.raises(ValidationFailed) as refused:
        update(case_hall, clock, case_hall.pension, code="SB-001")
    assert refused.value.details["field"] == "code"
    update(case_hall, clock, case_hall.pension, name="城乡居民养老保险待遇领取")
    assert (case_hall.pension.code, case_hall.pension.initials) == ("SB-002", "CXJMYLBXDYLQ")


def test_committed_limit_above_the_statutory_one_is_refused(case_hall, clock):
    """The hall may promise faster than the law, never slower."""
    with pytest.raises(ValidationFailed) as refused:
        create(case_hall, clock, statutory_days=5, committed_days=6)
    assert refused.value.details["field"] == "committed_days"
    assert create(case_hall, clock, statutory_days=5, committed_days=5).committed_days == 5


@pytest.mark.parametrize("days", [0, None, ""])
def test_promised_matter_needs_at_least_one_working_day(case_hall, clock, days):
    """A 承诺件 with no committed limit is refused (it would be due on the day of acceptance)."""
    with pytest.raises(ValidationFailed) as refused:
        create(case_hall, clock, committed_days=days)
    assert refused.value.details["field"] == "committed_days"


def test_immediate_matter_has_no_committed_limit(case_hall, clock):
    """A 即办件 is decided on the spot: whatever limit is typed, it is stored as 0."""
    matter = create(case_hall, clock, kind="immediate", committed_days=7)
    assert (matter.kind, matter.committed_days) == (MatterKind.IMMEDIATE, 0)


@pytest.mark.parametrize(
    "materials",
    [[], [{"name": "  "}], [{"name": "委托书", "required": False, "condition": "委托他人代办的"}]],
    ids=["none", "only blank names", "only optional"],
)
def test_a_matter_needs_at_least_one_required_material(case_hall, clock, materials):
    """Every matter asks for something (usually the ID card): a list without a required material is refused."""
    with pytest.raises(ValidationFailed) as refused:
        create(case_hall, clock, materials=materials)
    assert refused.value.details["field"] == "materials"
    assert db.session.scalar(select(Matter).where(Matter.code == "MZ-009")) is None


def test_department_must_belong_to_the_hall(case_hall, clock):
    """A department id of another hall is refused."""
    with write_transaction():
        other = factories.make_hall("other")
        foreign = factories.make_department(other, "民政办")
    with pytest.raises(ValidationFailed) as refused:
        create(case_hall, clock, department_id=foreign.id)
    assert refused.value.details["field"] == "department_id"


def test_clerk_cannot_edit_the_catalogue(case_hall, clock):
    """Only managers (and the county) keep the catalogue."""
    with pytest.raises(PermissionDenied):
        create(case_hall, clock, actor=case_hall.clerk)


def test_changing_a_matters_materials_does_not_change_a_recorded_case(desk, clock):
    """The catalogue drops the household register and adds a form; the case on file keeps its own list and works on."""
    c = desk.c
    case = desk.record(desk.visit(), c.dibao)
    update(
        c,
        clock,
        c.dibao,
        materials=[ID_CARD, {"name": "最低生活保障申请书", "originals": 1, "required": True}],
        committed_days=3,
    )
    db.session.expire_all()
    assert [m.name for m in c.dibao.materials] == ["居民身份证", "最低生活保障申请书"]
    assert [(m.name, m.status) for m in case.materials] == [
        ("居民身份证", MaterialStatus.MISSING),
        ("户口簿", MaterialStatus.MISSING),
        ("委托书", MaterialStatus.NOT_APPLICABLE),
    ]
    assert all(m.material_id is None for m in case.materials)
    assert case.committed_days == 5
    desk.receive(case)
    desk.accept(case)
    assert case.due_on.isoformat() == "2026-11-30"  # by the case's own 5 days, not the new 3
    # A case recorded now gets the new list.
    fresh = desk.record(desk.visit(), c.dibao)
    assert [m.name for m in fresh.materials] == ["居民身份证", "最低生活保障申请书"]
    assert fresh.committed_days == 3


def test_update_without_changes_records_nothing(case_hall, clock):
    """Saving the form unchanged does not touch the matter's timestamp."""
    matter = create(case_hall, clock)
    before = matter.updated_at
    update(case_hall, clock, matter)
    assert matter.updated_at == before


# Deleting ----------------------------------------------------------------------------------------------------


def test_matter_with_cases_cannot_be_deleted(desk, clock):
    """低保 has a case on file: deleting is refused (deactivate it instead) and the matter stays."""
    desk.record(desk.visit(), desk.c.dibao)
    with pytest.raises(InvalidState), write_transaction():
        matters.delete(actor_id=desk.c.small.manager.id, hall_id=desk.c.hall.id, matter_id=desk.c.dibao.id, now=clock())
    db.session.expire_all()
    assert db.session.get(Matter, desk.c.dibao.id) is not None


def test_matter_with_only_withdrawn_cases_still_cannot_be_deleted(desk, clock):
    """Even a withdrawn case keeps its number and its matter: the catalogue entry stays."""
    case = desk.record(desk.visit(), desk.c.dibao)
    desk.step(case, "withdraw")
    with pytest.raises(InvalidState), write_transaction():
        matters.delete(actor_id=desk.c.small.manager.id, hall_id=desk.c.hall.id, matter_id=desk.c.dibao.id, now=clock())


def test_matter_without_cases_can_be_deleted(case_hall, clock):
    """A matter never applied for is deleted with its materials."""
    with write_transaction():
        matters.delete(
            actor_id=case_hall.small.manager.id, hall_id=case_hall.hall.id, matter_id=case_hall.pension.id, now=clock()
        )
    assert db.session.get(Matter, case_hall.pension.id) is None
    assert codes(search_matters(case_hall.hall.id, "")) == ["MZ-001", "SB-001"]


# Importing ---------------------------------------------------------------------------------------------------


def import_rows(case_hall, clock, rows):
    with write_transaction():
        return matters.import_matters(
            actor_id=case_hall.small.manager.id, hall_id=case_hall.hall.id, rows=rows, now=clock.advance(seconds=1)
        )


IMPORTED = [
    {
        "code": "ca-001",
        "name": "残疾人两项补贴申请",
        "department": "社会事务办",
        "kind": "promised",
        "statutory_days": 20,
        "committed_days": 10,
        "materials": [ID_CARD, {"name": "残疾人证", "originals": 0, "copies": 1, "required": True}],
    },
    {
        "code": "SB-010",
        "name": "社会保障卡挂失",
        "department": "社会保障所",
        "kind": "immediate",
        "materials": [ID_CARD],
    },
]


def test_import_creates_then_updates_by_code_and_reports_what_changed(case_hall, clock):
    """The county's file adds two matters; imported again with one renamed, only that one is reported updated."""
    assert import_rows(case_hall, clock, IMPORTED) == [
        {"entity": "matter", "action": "created", "code": "CA-001"},
        {"entity": "matter", "action": "created", "code": "SB-010"},
    ]
    created = db.session.scalar(select(Matter).where(Matter.code == "CA-001"))
    assert (created.department_id, created.initials, len(created.materials)) == (case_hall.civil.id, "CJRLXBTSQ", 2)
    changed = [IMPORTED[0] | {"name": "残疾人两项补贴（新办）"}, IMPORTED[1]]
    assert import_rows(case_hall, clock, changed) == [{"entity": "matter", "action": "updated", "code": "CA-001"}]
    assert import_rows(case_hall, clock, changed) == []
    db.session.expire_all()
    assert db.session.get(Matter, created.id).name == "残疾人两项补贴（新办）"
    assert codes(search_matters(case_hall.hall.id, "cjr")) == ["CA-001"]


def test_import_updates_an_existing_matter_of_the_hall(case_hall, clock):
    """A row with 低保's code updates 低保 rather than adding a second one."""
    row = {
        "code": "MZ-001",
        "name": "最低生活保障申请",
        "department": "社会事务办",
        "committed_days": 3,
        "statutory_days": 30,
        "materials": [ID_CARD],
    }
    assert import_rows(case_hall, clock, [row]) == [{"entity": "matter", "action": "updated", "code": "MZ-001"}]
    assert case_hall.dibao.committed_days == 3
    assert db.session.query(Matter).filter_by(hall_id=case_hall.hall.id).count() == 3


def test_import_refuses_an_unknown_department_and_imports_nothing(case_hall, clock):
    """A file naming a department the hall does not have is refused as a whole."""
    rows = [IMPORTED[0], IMPORTED[1] | {"department": "财政所"}]
    with pytest.raises(ValidationFailed) as refused:
        import_rows(case_hall, clock, rows)
    assert refused.value.details["field"] == "file"
    assert "财政所" in str(refused.value)
    assert db.session.scalar(select(Matter).where(Matter.code == "CA-001")) is None


def test_import_names_the_row_that_is_wrong(case_hall, clock):
    """A bad row is reported with its position and code, so the manager can fix the file."""
    rows = [IMPORTED[0], IMPORTED[1] | {"code": "SB-011", "kind": "promised", "committed_days": 0}]
    with pytest.raises(ValidationFailed) as refused:
        import_rows(case_hall, clock, rows)
    assert refused.value.details["field"] == "file"
    assert "2" in str(refused.value) and "SB-011" in str(refused.value)
    assert db.session.scalar(select(Matter).where(Matter.code == "CA-001")) is None
