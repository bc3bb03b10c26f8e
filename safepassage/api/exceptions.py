"""Uniform API errors: a message a person can read, and 404 where access is missing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from safepassage.accounts.permissions import ActionRefused
from safepassage.concurrency import EditConflict


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, EditConflict):
        # Someone else's change came first: nothing was written; GET, re-apply, send again.
        response = Response(
            {"detail": exc.messages[0], "current_version": exc.current_version},
            status=status.HTTP_409_CONFLICT,
        )
        response["ETag"] = f'"{exc.current_version}"'
        return response
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ActionRefused):
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
