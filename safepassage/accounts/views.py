"""Sign-in, sign-out, own settings, and account management pages (thin: services decide)."""

from __future__ import annotations

import time

import django_otp
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from safepassage.accounts import endnotice, selectors, services
from safepassage.accounts.forms import (
    CodeForm,
    DuressForm,
    LoginForm,
    PasswordChangeForm,
    UserCreateForm,
)
from safepassage.accounts.models import TOTPDevice, User
from safepassage.accounts.permissions import Capability, access
from safepassage.formerrors import add_service_errors

PENDING_KEY = "login_pending"
PENDING_SECONDS = 300


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return reverse("dashboard")


def _failed_message() -> str:
    return _("Sign-in failed. Check your codename, password and code, or try again later.")


@access(public=True)
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST":
        result = None
        if form.is_valid():
            result = services.login_password_step(
                username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
        if result is not None:
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user": str(result.session_user.pk),
                "until": _epoch() + PENDING_SECONDS,
            }
            return redirect(f"{reverse('accounts:verify')}?next={_safe_next(request)}")
        error = _failed_message()
        form = LoginForm(initial={"username": request.POST.get("username", "")[:64]})
    # Her session ended without her signing out: told once (accounts/endnotice.py).
    ended = request.method == "GET" and endnotice.session_ended(request)
    response = render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": _safe_next(request), "ended": ended},
    )
    if endnotice.NOTICE_COOKIE in request.COOKIES and not request.user.is_authenticated:
        endnotice.forget_mark(response)
    return response


def _epoch() -> int:
    return int(time.time())


@access(public=True)
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not pending or pending.get("until", 0) < _epoch():
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST":
        user = User.objects.filter(pk=pending["user"]).first()
        if (
            user is not None
            and form.is_valid()
            and services.login_code_step(user=user, token=form.cleaned_data["token"])
        ):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            request.session.pop(PENDING_KEY, None)
            login(request, user, backend="safepassage.accounts.backends.ThrottledModelBackend")
            if device is not None:
                django_otp.login(request, device)
            response = HttpResponseRedirect(_safe_next(request))
            endnotice.mark_signed_in(response)
            return response
        error = _failed_message()
        form = CodeForm()
    return render(
        request, "accounts/verify.html", {"form": form, "error": error, "next": _safe_next(request)}
    )


@access(public=True)
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        from safepassage.audit.services import audit_record

        owner = request.user.decoy_of if request.user.is_decoy else request.user
        audit_record(actor=owner, action="logout", obj=owner)
    logout(request)
    response = redirect("accounts:login")
    endnotice.forget_mark(response)  # she signed out: her next sign-in page tells nothing
    return response


def _settings_errors(exc: ValidationError, action: str | None) -> ValidationError:
    """Put a service's error on the settings field it is about (the service names its own)."""
    if not hasattr(exc, "error_dict"):
        return exc
    field = "new" if action == "password" else "duress"
    renamed = {"password": field, "duress_password": field}
    return ValidationError(
        {renamed.get(name, name): errors for name, errors in exc.error_dict.items()}
    )


@access(any_verified_user=True)
@require_POST
def active_view(request: HttpRequest) -> HttpResponse:
    """ "Still here": the page's script sends it while the person types in a long form (a
    testimony, a report), so her session does not end while she writes without changing
    page. It changes nothing; the session middleware renews the session as for any request
    of hers."""
    return HttpResponse(status=204)


@access(any_verified_user=True)
@sensitive_post_parameters("current", "new", "duress")
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    password_form = PasswordChangeForm(prefix="pw")
    duress_form = DuressForm(prefix="du")
    if request.method == "POST":
        action = request.POST.get("action")
        form = (
            PasswordChangeForm(request.POST, prefix="pw")
            if action == "password"
            else DuressForm(request.POST, prefix="du")
        )
        if form.is_valid():
            try:
                services.current_password_confirm(actor=user, password=form.cleaned_data["current"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                try:
                    if action == "password":
                        services.user_set_password(
                            actor=user, user=user, password=form.cleaned_data["new"]
                        )
                    else:
                        services.user_set_duress_password(
                            actor=user, duress_password=form.cleaned_data["duress"]
                        )
                except ValidationError as exc:
                    add_service_errors(form, _settings_errors(exc, action))
                else:
                    if action == "password" and not user.is_decoy:
                        from django.contrib.auth import update_session_auth_hash

                        update_session_auth_hash(request, user)
                    messages.success(
                        request,
                        _("Password changed.")
                        if action == "password"
                        else _("Duress password set."),
                    )
                    return redirect("accounts:settings")
        if action == "password":
            password_form = form  # type: ignore[assignment]
        else:
            duress_form = form  # type: ignore[assignment]
    return render(
        request,
        "accounts/settings.html",
        {"password_form": password_form, "duress_form": duress_form},
    )


@access(capability=Capability.ACCOUNTS_MANAGE)
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def user_list_view(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    form = UserCreateForm(request.POST or None)
    created = None
    created_secret = ""  # empty until an account is created  # nosec B105
    if request.method == "POST" and form.is_valid():
        try:
            created, device = services.user_create(actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            from base64 import b32encode

            created_secret = b32encode(device.bin_key).decode()
            form = UserCreateForm()
    users = list(selectors.users_for_admin(user=actor))
    return render(
        request,
        "accounts/user_list.html",
        {
            "users": users,
            # No Lock button where the service would refuse it (own row, last administrator).
            "lockable": selectors.user_ids_lockable(user=actor, users=users),
            "form": form,
            "created": created,
            "created_secret": created_secret,
        },
        status=422 if request.method == "POST" and created is None else 200,
    )


@access(capability=Capability.ACCOUNTS_MANAGE)
@require_POST
def user_lock_view(request: HttpRequest, user_id: str) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    target = selectors.user_get_for_admin(user=actor, user_id=user_id)
    choice = request.POST.get("locked")
    if choice not in ("0", "1"):
        # Neither button's value: unlocking on it would reopen a captured member's account.
        messages.error(request, _("Choose Lock or Unlock. Nothing was changed."))
        return redirect("accounts:user_list")
    locked = choice == "1"
    try:
        services.user_set_locked(actor=actor, user=target, locked=locked)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("Account %(codename)s locked.") if locked else _("Account %(codename)s unlocked.")
        messages.success(request, done % {"codename": target.username})
    return redirect("accounts:user_list")
