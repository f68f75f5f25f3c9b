"""Who sees the applicant's full ID and phone on a case page: the front desk and the deciding officers only."""

import pytest

from hall.db import write_transaction
from hall.services import counters
from tests.hall.web.cases.helpers import ID_NUMBER, PHONE, accepted_cases


def case_page(client, case) -> str:
    response = client.get(f"/cases/{case.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["clerk", "officer_civil"])
def test_the_front_desk_and_the_deciding_officer_see_the_applicant_in_full(client, login, case_hall, clock, who):
    """The clerk hands over against the ID card and the officer decides: both see name, ID and phone."""
    _, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    login(case_hall.clerk if who == "clerk" else case_hall.officer_civil)
    page = case_page(client, dibao)
    assert ID_NUMBER in page and PHONE in page and "张三" in page


def test_a_manager_browsing_sees_the_applicant_masked(client, login, case_hall, clock):
    """A manager who is not working at a window sees 张* only: supervising needs no ID number."""
    _, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    login(case_hall.small.manager)
    page = case_page(client, dibao)
    assert ID_NUMBER not in page and PHONE not in page and "张*" in page


def test_a_manager_serving_at_a_window_sees_the_applicant_in_full(client, login, case_hall, clock):
    """Signed in at window 3, the manager is the front desk and sees what a clerk sees."""
    _, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    with write_transaction():
        counters.sign_in(
            counter_id=case_hall.small.w3.id, staff_id=case_hall.small.manager.id, now=clock(), take_over=True
        )
    login(case_hall.small.manager)
    assert ID_NUMBER in case_page(client, dibao)
