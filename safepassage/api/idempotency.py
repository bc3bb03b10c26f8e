"""``Idempotency-Key``: a client that sends a creating request again saves it once.

A POST that timed out may or may not have been saved; the client cannot tell. Sent again
with the same key, the same body and the same account, it gets the first save's answer and
nothing more is written. The key is turned into the ``once`` nonce the tracing services
already take (an intake page's check is saved once the same way), so the database's unique
key decides, even for two copies arriving at the same moment.
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ParseError
from rest_framework.request import Request

from safepassage.vault.crypto import get_vault

HEADER = "Idempotency-Key"
PURPOSE = "api.idempotency"
_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # printable ASCII without spaces (a UUID fits)

IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "A key of your choosing (a random UUID) for this request, 1 to 255 printable ASCII "
        "characters. Sent again with the same key and body, the request saves nothing more "
        "and answers as the first time. Keys are per account; another body under the same "
        "key is another request."
    ),
)


def request_once(request: Request) -> str:
    """The nonce this request is saved once under: "" without the header. A keyed digest of
    the key, the address and the body, so the same key on another request saves anew."""
    if HEADER not in request.headers:
        return ""
    key = str(request.headers[HEADER]).strip()
    if not _KEY.fullmatch(key):
        raise ParseError(
            _(
                "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces, "
                "such as a random UUID."
            )
        )
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str)
    return get_vault().blind_index(f"{request.path}\n{key}\n{body}", PURPOSE)
