"""The demo hall's matter catalogue: complete enough to try every department, and consistent."""

import re

from hall.services.demo import DEPARTMENTS
from hall.services.demo_matters import (
    DEMO_NOTE,
    IMMEDIATE,
    MATTERS,
    PROMISED,
    DemoMatter,
    demo_matters_by_department,
)


def test_catalogue_is_large_enough_to_try_the_hall():
    """At least 32 matters, so the kiosk and counter lists look like a real hall's."""
    assert len(MATTERS) >= 32
    assert all(isinstance(matter, DemoMatter) for matter in MATTERS)


def test_every_department_has_at_least_three_matters():
    """Each of the demo hall's eight departments offers at least three matters."""
    grouped = demo_matters_by_department()
    assert set(grouped) == set(range(len(DEPARTMENTS)))
    for department, matters in grouped.items():
        assert len(matters) >= 3, DEPARTMENTS[department][0]
    assert sum(len(matters) for matters in grouped.values()) == len(MATTERS)


def test_matter_codes_are_unique_and_name_their_department():
    """Codes such as MZ-001 are unique, and one code prefix always means one department."""
    codes = [matter.code for matter in MATTERS]
    assert len(codes) == len(set(codes))
    prefixes = {}
    for matter in MATTERS:
        assert re.fullmatch(r"[A-Z]{2}-\d{3}", matter.code), matter.code
        prefixes.setdefault(matter.code[:2], set()).add(matter.department)
    assert all(len(departments) == 1 for departments in prefixes.values()), prefixes


def test_matter_names_are_unique():
    """No two matters share a name, so a resident can tell them apart."""
    names = [matter.name for matter in MATTERS]
    assert len(names) == len(set(names))


def test_committed_limit_never_exceeds_the_statutory_one():
    """承诺时限 ≤ 法定时限 wherever a statutory limit is set."""
    for matter in MATTERS:
        assert matter.kind in (IMMEDIATE, PROMISED), matter.code
        if matter.statutory_days is not None:
            assert 0 <= matter.committed_days <= matter.statutory_days, matter.code


def test_immediate_matters_are_done_the_same_day():
    """即办件 have no committed days; 承诺件 have at least one."""
    for matter in MATTERS:
        if matter.kind == IMMEDIATE:
            assert matter.committed_days == 0, matter.code
        else:
            assert matter.committed_days > 0, matter.code


def test_every_matter_says_who_may_apply_and_what_it_costs():
    """Each matter has its conditions, a fee line and notes for the guide."""
    for matter in MATTERS:
        assert matter.name and matter.conditions and matter.fee and matter.notes, matter.code


def test_every_matter_has_an_always_required_material():
    """Every material list has at least one item needed in every case."""
    for matter in MATTERS:
        assert any(material.required for material in matter.materials), matter.code


def test_conditional_materials_say_when_they_are_needed():
    """A material needed only sometimes names the situation; an always-needed one has no condition."""
    for matter in MATTERS:
        for material in matter.materials:
            assert material.name, matter.code
            assert material.originals + material.copies >= 1, (matter.code, material.name)
            if material.required:
                assert material.condition == "", (matter.code, material.name)
            else:
                assert material.condition, (matter.code, material.name)


def test_a_proxy_brings_a_letter_of_authorisation():
    """Matters that allow a proxy list the 委托书 only for the case 委托他人代办的."""
    letters = [material for matter in MATTERS for material in matter.materials if material.name == "授权委托书"]
    assert letters
    assert all(not m.required and m.condition == "委托他人代办的" for m in letters)


def test_no_material_is_listed_twice_in_one_matter():
    """A material list does not repeat an item."""
    for matter in MATTERS:
        names = [material.name for material in matter.materials]
        assert len(names) == len(set(names)), matter.code


def test_catalogue_is_marked_as_demo_data():
    """The note shown with the catalogue says the values are a demo and the local guide prevails."""
    assert DEMO_NOTE == "（演示数据，以当地公布的办事指南为准）"
