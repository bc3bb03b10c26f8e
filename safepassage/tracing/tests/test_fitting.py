"""Matching weights are estimated from the stored persons, kept, and used for checks."""

from __future__ import annotations

import pytest

from safepassage.audit.models import AuditEvent
from safepassage.matching import Matcher
from safepassage.tracing.models import MatchModel
from safepassage.tracing.services import matching
from safepassage.tracing.tasks import fit_matching_weights
from safepassage.tracing.tests.conftest import report_person

pytestmark = pytest.mark.django_db

GIVEN = ["Layla", "Jihan", "Nadia", "Berfîn", "Dilvîn", "Xezal", "Nesrîn", "Vian", "Sara"]
FATHERS = ["Khalil", "Hussein", "Murad", "Elias", "Qasim", "Silêman", "Bapîr"]


def test_weights_are_fitted_from_stored_persons_and_used(users) -> None:
    actor = users["coordinator"]
    for i in range(60):
        report_person(
            actor,
            given_names=(GIVEN[i % len(GIVEN)],),
            father_names=(FATHERS[i % len(FATHERS)],),
            family_names=("Haskani" if i % 2 else "Qaidi",),
        )
    assert matching.current_matcher() is matching._PRIOR
    assert fit_matching_weights.call() == 60
    model = MatchModel.objects.get()
    assert model.records == 60
    assert "Layla" not in str(model.params) and "Khalil" not in str(model.params)
    fitted = matching.current_matcher()
    assert fitted is not matching._PRIOR
    assert fitted.to_dict() == Matcher.from_dict(model.params).to_dict()
    assert fitted.to_dict() != Matcher().to_dict()  # the data moved the weights
    assert AuditEvent.objects.filter(action="matching.fit").exists()
