"""Fixtures of the case tests: ``desk`` drives ``case_hall``'s window and back office (see ``steps``)."""

import pytest

from tests.hall.services.cases.steps import Desk


@pytest.fixture
def desk(case_hall, clock) -> Desk:
    return Desk(case_hall, clock)
