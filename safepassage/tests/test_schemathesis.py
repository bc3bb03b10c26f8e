"""Property-based attack on the API: every operation of the published OpenAPI schema, with
generated (valid and invalid) input, signed in as a coordinator over the demo network.

No answer may be a server error, and every answer must match the schema it claims.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import response_schema_conformance

from safepassage.accounts.models import User
from safepassage.accounts.services import api_token_create
from safepassage.instance.demo import demo_load

EXAMPLES_PER_OPERATION = 15
CHECKS = [not_a_server_error, response_schema_conformance]
# Path parameters and the records they name: half the examples use a real demo record, so
# the generated bodies reach the services instead of stopping at a 404.
RECORDS = {
    "alert_id": ["operations.Alert"],
    "candidate_id": ["tracing.DuplicateCandidate"],
    "consent_id": ["aftercare.Consent"],
    "holder_id": ["intel.Holder"],
    "incident_id": ["intel.Incident"],
    "member_id": ["intel.Member", "aftercare.FamilyMember"],
    "merge_id": ["tracing.Merge"],
    "operation_id": ["operations.Operation"],
    "person_id": ["tracing.Person"],
    "place_id": ["intel.Place"],
    "referral_id": ["aftercare.Referral"],
    "report_id": ["intel.LocationReport"],
    "request_id": ["verification.RescueRequest"],
    "subject_id": ["intel.Member", "intel.Place", "tracing.Contact"],
    "testimony_id": ["aftercare.Testimony"],
}


def _real_ids() -> dict[str, list[str]]:
    ids: dict[str, list[str]] = {}
    for parameter, labels in RECORDS.items():
        for label in labels:
            model = apps.get_model(label)
            ids.setdefault(parameter, []).extend(
                str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:20]
            )
    return {parameter: values for parameter, values in ids.items() if values}


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Requests through the WSGI handler must not close the test's database connection
    (its transaction holds the test data), as Django's own test client arranges too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def coordinator_headers(db: None, keep_test_connection: None) -> dict[str, str]:
    demo_load()
    falcon = User.objects.get(username="falcon")
    _, plain = api_token_create(actor=None, user=falcon, days=1, name="fuzz")
    return {"Authorization": f"Bearer {plain}"}


def _fuzz(
    operation: Any, headers: dict[str, str], statuses: Counter[int], ids: dict[str, list[str]]
) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ),
        data=st.data(),
    )
    def run(case: Any, data: st.DataObject) -> None:
        for name in list(case.path_parameters or {}):
            if name in ids and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(ids[name]))
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()


def test_no_server_error_and_schema_conformance(coordinator_headers: dict[str, str]) -> None:
    application = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, headers=coordinator_headers
    )
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the schema has an invalid operation: {result}"
        operations.append(result.ok())
    assert len(operations) > 10, "the schema lists the API's operations"
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    ids = _real_ids()
    assert "person_id" in ids and "operation_id" in ids, "the demo network is loaded"
    for operation in operations:
        try:
            _fuzz(operation, coordinator_headers, statuses, ids)
        except (Exception, BaseExceptionGroup) as error:  # report every operation's failures
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
    # The token worked throughout, and the generated input reached both answers and refusals.
    assert 401 not in statuses, statuses
    assert statuses[200] > 0 and statuses[400] > 0, statuses
