"""The order of a person's journey, so an automatic change never moves her backwards.

An operation moves the persons it brings out (in transit when it starts, arrived when it ends),
but reception may record her arrival, the family may be reunited with her, or she may be
recorded dead before the coordinator records the operation's outcome. ``moves_forward`` tells
an automatic change whether it would take her further along; a person set by hand is not
bound by it.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from safepassage.tracing.models import PersonStatus

# First to last. Deceased and closed are outside the journey: nothing automatic leaves them.
JOURNEY_ORDER: tuple[str, ...] = (
    PersonStatus.MISSING,
    PersonStatus.CONTACT,
    PersonStatus.LOCATED,
    PersonStatus.RESCUE_PLANNED,
    PersonStatus.IN_TRANSIT,
    PersonStatus.ARRIVED,
    PersonStatus.REUNITED,
)
FINAL_STATUSES = frozenset({PersonStatus.DECEASED, PersonStatus.CLOSED})


def moves_forward(current: str, target: str) -> bool:
    """True when going from ``current`` to ``target`` takes her further along the journey."""
    if current in FINAL_STATUSES or target not in JOURNEY_ORDER:
        return False
    if current not in JOURNEY_ORDER:
        return True
    return JOURNEY_ORDER.index(target) > JOURNEY_ORDER.index(current)


# The statuses a caseworker sets by hand on the person page or through the API.
MANUAL_STATUSES: tuple[str, ...] = (
    PersonStatus.MISSING,
    PersonStatus.CONTACT,
    PersonStatus.LOCATED,
    PersonStatus.DECEASED,
    PersonStatus.CLOSED,
)
# The others are set by the flow that records the event, so the timeline, the operation and
# her arrival and reunion records agree; a manual change to one of them is refused with this.
FLOW_SET: dict[str, Promise] = {
    PersonStatus.RESCUE_PLANNED: _(
        "Rescue planned is set when an operation with her on it is approved (Operations page)."
    ),
    PersonStatus.IN_TRANSIT: _(
        "In transit is set when an operation with her on it starts (Operations page)."
    ),
    PersonStatus.ARRIVED: _("Arrival is recorded at reception (Arrival page)."),
    PersonStatus.REUNITED: _(
        "The reunion is recorded with her family on her care page (Aftercare)."
    ),
}
