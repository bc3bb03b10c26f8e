"""The demo network loads through the services and leaves a pair in the review queue."""

import pytest

from safepassage.instance.demo import demo_load
from safepassage.tracing.models import DuplicateCandidate, Person

pytestmark = pytest.mark.django_db


def test_demo_loads_persons_and_a_duplicate_pair() -> None:
    demo_load()
    assert Person.objects.count() == 4
    assert DuplicateCandidate.objects.filter(status="open").count() == 1
