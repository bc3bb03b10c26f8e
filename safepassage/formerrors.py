"""Turn a service's ValidationError into form errors a person can read next to the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from safepassage.accounts.permissions import ActionRefused


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


T = TypeVar("T", bound=object)


def call_service(
    request: HttpRequest, form: forms.Form, call: Callable[[], T], *, done: str
) -> T | None:
    """Run a page's service call (it returns the record it saved) for a valid form.

    A refusal is a 404 (as if the record did not exist); the service's ValidationError becomes
    the form's errors and None is returned; success adds ``done`` as a message.
    """
    try:
        result = call()
    except ActionRefused as exc:
        raise Http404 from exc
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, done)
    return result


def call_service_for_message(
    request: HttpRequest, call: Callable[[], object], *, done: str
) -> bool:
    """Run a service call posted from a page that redirects: its refusal is a 404, its errors
    and its success come back as messages. True when it succeeded."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    except ActionRefused as exc:
        raise Http404 from exc
    messages.success(request, done)
    return True
