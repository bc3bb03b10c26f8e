"""What the decoy tests share: the report they enter, and how they read a page."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.messages import get_messages

# A family's report of a woman taken, as the intake form posts it.
REPORT = {
    "given_names": "Nareen",
    "father_names": "Qasim",
    "family_names": "Berani",
    "sex": "f",
    "birth": "2001",
    "reporter_name": "Hadiya",
    "relationship": "sister",
}
# A record's id in a link or form address: pages of two sessions compare with it blanked.
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def queued_messages(response: Any) -> list[str]:
    """The messages an answer added for the next page, as the user will read them."""
    storage: Any = get_messages(response.wsgi_request)
    return [str(m) for m in storage._queued_messages]
