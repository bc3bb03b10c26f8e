"""Account services: the only code that creates users, signs them in, and grants access."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.models import ApiToken, Grant, LoginThrottle, Role, TOTPDevice, User
from safepassage.accounts.permissions import Capability, has_capability, require_capability
from safepassage.audit.services import audit_record
from safepassage.vault.crypto import get_vault, normalise_text

# --- users ---------------------------------------------------------------------------------


def user_create(
    *,
    actor: User | None,
    username: str,
    role: str,
    password: str,
    full_name: str = "",
    email: str = "",
) -> tuple[User, TOTPDevice]:
    """Create an account with its TOTP device. ``actor`` None means the command line.

    A decoy administrator gets back an unsaved account and device, as if it were created: a
    duress session must not give itself away, and must not learn which codenames exist.
    """
    decoy = (
        actor is not None and actor.is_decoy and has_capability(actor, Capability.ACCOUNTS_MANAGE)
    )
    if actor is not None and not decoy:
        require_capability(actor, Capability.ACCOUNTS_MANAGE)
    username = user_details_check(username=username, role=role, password=password)
    if decoy:
        user = User(username=username, role=role)
        return user, TOTPDevice(user=user, name="default", confirmed=True)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("That codename is taken.")})
    user = User(username=username, role=role, full_name=full_name, email=email)
    user.set_password(password)
    user.email_index = get_vault().blind_index(normalise_text(email), "user.email") if email else ""
    with transaction.atomic():
        user.full_clean()
        user.save()
        device = TOTPDevice(user=user, name="default", confirmed=True)
        device.full_clean()
        device.save()
        audit_record(actor=actor, action="create", obj=user, detail={"role": role})
    return user, device


CODENAME = re.compile(r"[\w.-]{2,64}")


def user_details_check(*, username: str, role: str, password: str) -> str:
    """Check a new account's codename, role and first password; return the codename as kept.

    The accounts page, ``createuser`` and ``init`` share these rules, and ``init`` checks
    them before it makes anything (no database is needed).
    """
    username = username.strip()
    if not CODENAME.fullmatch(username):
        raise ValidationError(
            {"username": _("Use 2 to 64 letters, digits, dots, dashes or underscores.")}
        )
    if role not in Role.values:
        raise ValidationError(
            {
                "role": _("Unknown role “%(role)s”; choose one of: %(roles)s.")
                % {"role": role, "roles": ", ".join(Role.values)}
            }
        )
    validate_password(password, User(username=username, role=role))
    return username


def user_set_password(*, actor: User, user: User, password: str) -> None:
    """Set a password (one's own, or an administrator's reset); never the duress password.

    A password equal to the duress password would open the decoy, lock the account and alert
    coordinators at every later sign-in, so it is refused for every caller.
    """
    if actor.pk != user.pk:
        require_capability(actor, Capability.ACCOUNTS_MANAGE)
    elif actor.is_decoy:
        return  # a decoy seems to succeed and changes nothing
    validate_password(password, user)
    if user.duress_password and check_password(password, user.duress_password):
        message = (
            _("The new password must differ from your duress password.")
            if actor.pk == user.pk
            # An administrator is not told why: the duress password is the member's secret.
            else _("This password cannot be used for this account. Choose another.")
        )
        raise ValidationError({"password": message})
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(actor=actor, action="update", obj=user, detail={"fields": ["password"]})
        api_tokens_revoke_all(actor=actor, user=user, reason="password")


def user_set_duress_password(*, actor: User, duress_password: str) -> None:
    """Set the actor's own duress password; it must differ from the real one."""
    if actor.is_decoy:
        return
    validate_password(duress_password, actor)
    if actor.check_password(duress_password):
        message = _("The duress password must differ from your password.")
        raise ValidationError({"duress_password": message})
    with transaction.atomic():
        actor.duress_password = make_password(duress_password)
        actor.save(update_fields=["duress_password"])
        audit_record(
            actor=actor, action="update", obj=actor, detail={"fields": ["duress_password"]}
        )


def user_set_locked(*, actor: User | None, user: User, locked: bool) -> None:
    """Lock or unlock an account (``actor`` None is the command line).

    Nobody locks their own account from the web, and the last active administrator stays
    unlocked: otherwise no one could unlock anyone again without the command line.
    """
    if actor is not None:
        require_capability(actor, Capability.ACCOUNTS_MANAGE)
    if locked and actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot lock your own account."))
    if locked and user.role == Role.ADMINISTRATOR and not user.is_locked:
        others = User.objects.filter(
            role=Role.ADMINISTRATOR, is_active=True, is_locked=False, is_decoy=False
        ).exclude(pk=user.pk)
        if not others.exists():
            raise ValidationError(
                _("This is the last active administrator; the account stays unlocked.")
            )
    from safepassage.verification.services import approver_trust_change

    with transaction.atomic(), approver_trust_change(approver=user, actor=actor):
        user.is_locked = locked
        user.save(update_fields=["is_locked"])
        audit_record(actor=actor, action="account.lock" if locked else "account.unlock", obj=user)
        if locked:
            access_end(actor=actor, user=user, reason="lock")


def account_lock_lost(*, actor: User | None, user: User, reason: str) -> None:
    """Lock the account of someone the other side may hold, with his phone (a member marked
    compromised, captured, missing or killed): his sessions end at once, and his API tokens
    are revoked, so unlocking him again (an administrator's act, never automatic) brings back
    no token whoever holds his phone may have kept. The caller holds the transaction."""
    if not user.is_locked:
        User.objects.filter(pk=user.pk).update(is_locked=True)
        user.is_locked = True
        audit_record(actor=actor, action="account.lock", obj=user, detail={"reason": reason})
    access_end(actor=actor, user=user, reason=reason)


def totp_device_reset(*, actor: User | None, user: User) -> TOTPDevice:
    """Give a user a new TOTP secret (the old one stops working)."""
    if actor is not None and actor.pk != user.pk:
        require_capability(actor, Capability.ACCOUNTS_MANAGE)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice(user=user, name="default", confirmed=True)
        device.save()
        audit_record(actor=actor, action="update", obj=user, detail={"fields": ["totp"]})
    return device


# --- sign-in -------------------------------------------------------------------------------

LOGIN_FAILED_MESSAGE = "Sign-in failed. Check your codename, password and code, or try again later."


@dataclass(frozen=True)
class PasswordStepResult:
    """Who to ask for a code next. ``session_user`` is a decoy after a duress password."""

    session_user: User
    duress: bool


def _throttle_key(username: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(),
        b"login:" + username.strip().casefold().encode(),
        hashlib.sha256,
    ).hexdigest()


def _throttle_blocked(key: str) -> bool:
    row = LoginThrottle.objects.filter(key=key).first()
    return bool(row and row.blocked_until and row.blocked_until > timezone.now())


def _throttle_fail(key: str) -> None:
    now = timezone.now()
    window = datetime.timedelta(seconds=settings.LOGIN_THROTTLE_SECONDS)
    with transaction.atomic():
        row, _created = LoginThrottle.objects.select_for_update().get_or_create(
            key=key, defaults={"window_started": now}
        )
        if now - row.window_started > window:
            row.failures = 0
            row.window_started = now
        row.failures = F("failures") + 1
        row.save(update_fields=["failures", "window_started"])
        row.refresh_from_db()
        if row.failures >= settings.LOGIN_THROTTLE_FAILURES:
            row.blocked_until = now + window
            row.save(update_fields=["blocked_until"])


def _throttle_clear(key: str) -> None:
    LoginThrottle.objects.filter(key=key).delete()


def login_throttle_clear(*, username: str) -> None:
    """Forget the failed sign-ins of a codename (the command-line unlock)."""
    _throttle_clear(_throttle_key(username))


def login_password_step(*, username: str, password: str) -> PasswordStepResult | None:
    """Check codename and password; ``None`` for every kind of failure alike.

    A duress password succeeds like the real one, but silently locks the account, raises an
    alert for coordinators, and hands back a decoy account that sees nothing.
    """
    user = User.objects.filter(username__iexact=username.strip(), is_decoy=False).first()
    # Failures count against the account the codename found, spelt as it is stored: the
    # database's case-insensitive match is wider than casefold (PostgreSQL takes "nadıa"
    # for "nadia"), and each spelling must not bring five more guesses.
    key = _throttle_key(user.username if user is not None else username)
    # Every answer costs two password hashes (the duress check and the password check), so
    # its time tells neither whether the codename exists nor whether it has a duress password.
    if user is None or _throttle_blocked(key):
        make_password(password)  # spend the same time as the duress check
        make_password(password)  # and as the password check
        _throttle_fail(key)
        audit_record(actor=None, action="login.failed", detail={"reason": "credentials"})
        return None
    if user.duress_password:
        duress = check_password(password, user.duress_password)
    else:
        make_password(password)
        duress = False
    right = user.check_password(password)
    if duress:
        return PasswordStepResult(session_user=_duress_triggered(user), duress=True)
    if not right or not user.is_active or user.is_locked:
        _throttle_fail(key)
        audit_record(actor=user, action="login.failed", obj=user, detail={"reason": "credentials"})
        return None
    return PasswordStepResult(session_user=user, duress=False)


def current_password_confirm(*, actor: User, password: str) -> None:
    """Check the password a signed-in user types to change her settings.

    Wrong guesses count as failed sign-ins of the account (the same throttle): whoever holds
    an open session cannot try passwords there without end. A decoy accepts any password, as
    its settings seem to work.
    """
    if actor.is_decoy:
        return
    key = _throttle_key(actor.username)
    if _throttle_blocked(key):
        make_password(password)  # spend the same time as a check
        raise ValidationError({"current": _("Too many wrong passwords. Try again later.")})
    if not actor.check_password(password):
        _throttle_fail(key)
        audit_record(
            actor=actor, action="login.failed", obj=actor, detail={"reason": "current_password"}
        )
        raise ValidationError({"current": _("That is not your current password.")})


def login_code_step(*, user: User, token: str) -> bool:
    """Check the TOTP code of the account that passed the password step."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    owner = user.decoy_of if user.is_decoy and user.decoy_of else user
    key = _throttle_key(owner.username)
    if device is None or _throttle_blocked(key) or not device.verify_token(token):
        _throttle_fail(key)
        audit_record(actor=owner, action="login.failed", obj=owner, detail={"reason": "code"})
        return False
    if not user.is_decoy:
        _throttle_clear(key)
    audit_record(
        actor=owner, action="login", obj=owner, detail={"decoy": True} if user.is_decoy else None
    )
    return True


def _duress_triggered(user: User) -> User:
    from safepassage.operations.services import alert_raise
    from safepassage.verification.services import approver_trust_change

    # The requests his approvals cleared wait for approvals again: coordinators are told,
    # the decoy session sees none of it.
    with transaction.atomic(), approver_trust_change(approver=user, actor=None):
        user.is_locked = True
        user.save(update_fields=["is_locked"])
        decoy = User.objects.filter(decoy_of=user).first()
        if decoy is None:
            decoy = User(
                username=f"decoy-{secrets.token_hex(8)}",
                role=user.role,
                is_decoy=True,
                decoy_of=user,
            )
            decoy.set_unusable_password()
            decoy.save()
        real_device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        TOTPDevice.objects.filter(user=decoy).delete()
        if real_device is not None:
            TOTPDevice.objects.create(
                user=decoy, name="default", confirmed=True, key=real_device.key
            )
        audit_record(actor=user, action="login.duress", obj=user)
        audit_record(actor=None, action="account.lock", obj=user, detail={"reason": "duress"})
        access_end(actor=None, user=user, reason="duress")
        alert_raise(
            kind="duress_login",
            key="duress_login",
            params={"username": user.username},
            subject=user,
        )
    return decoy


# --- need-to-know --------------------------------------------------------------------------


def grant_create(
    *,
    actor: User | None,
    user: User,
    obj: Model,
    reason: str = "",
    expires_at: datetime.datetime | None = None,
) -> Grant:
    """Share one record with one user."""
    if actor is not None:
        require_capability(actor, Capability.CASES_ALL)
    with transaction.atomic():
        grant, _created = Grant.objects.update_or_create(
            user=user,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            defaults={"reason": reason, "granted_by": actor, "expires_at": expires_at},
        )
        audit_record(actor=actor, action="grant", obj=obj, detail={"user": str(user.pk)})
    return grant


def grant_revoke(*, actor: User | None, user: User, obj: Model) -> None:
    if actor is not None:
        require_capability(actor, Capability.CASES_ALL)
    with transaction.atomic():
        Grant.objects.filter(
            user=user, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).delete()
        audit_record(actor=actor, action="grant.revoke", obj=obj, detail={"user": str(user.pk)})


# --- API tokens ----------------------------------------------------------------------------

TOKEN_PREFIX = "sp_"  # noqa: S105  (a public marker, not a secret)  # nosec B105


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(
    *, actor: User | None, user: User, days: int | None = None, name: str = ""
) -> tuple[ApiToken, str]:
    """Create a token; the plain value is returned once and never stored."""
    # Not while locked either: a lock revokes every token, and one made then would outlive it.
    if user.is_decoy or not user.is_active or user.is_locked:
        raise ValidationError(_("Tokens can only be made for active accounts."))
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= 365:
        raise ValidationError({"days": _("A token lasts from 1 to 365 days.")})
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    plain = f"{TOKEN_PREFIX}{prefix}_{secret}"
    with transaction.atomic():
        token = ApiToken(
            user=user,
            prefix=prefix,
            token_hash=_token_hash(plain),
            name=name,
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        token.full_clean()
        token.save()
        audit_record(actor=actor, action="create", obj=token, detail={"user": str(user.pk)})
    return token, plain


def api_token_authenticate(plain: str) -> User | None:
    """Return the token's user when the token is valid, unexpired and unrevoked."""
    if not plain.startswith(TOKEN_PREFIX) or plain.count("_") < 2:
        return None
    prefix = plain[len(TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, _token_hash(plain)):
        return None
    now = timezone.now()
    if token.revoked_at is not None or token.expires_at <= now:
        return None
    user = token.user
    if not user.is_active or user.is_locked:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user


def access_end(*, actor: User | None, user: User, reason: str) -> None:
    """What a lock ends beside the flag (in the caller's transaction): every API token of
    ``user`` and every session signed in as ``user``, so that unlocking brings neither back."""
    api_tokens_revoke_all(actor=actor, user=user, reason=reason)
    sessions_end(user)


def sessions_end(user: User) -> int:
    """Delete every stored session signed in as ``user`` (in the caller's transaction);
    returns how many. A locked account's sessions read as signed out already, but their rows
    would sign in again once an administrator unlocks it: the one left open on a phone in
    other hands among them. A decoy's sessions are its own user's, not its owner's."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    model = store.get_model_class()
    ended = [
        key
        for key, data in model.objects.filter(expire_date__gt=timezone.now()).values_list(
            "session_key", "session_data"
        )
        if str(store.decode(data).get(SESSION_KEY, "")) == str(user.pk)
    ]
    model.objects.filter(session_key__in=ended).delete()
    return len(ended)


def api_tokens_revoke_all(*, actor: User | None, user: User, reason: str) -> int:
    """End every token of ``user`` still standing (in the caller's transaction): her
    password changed (it may have leaked) or her account was locked (a phone in other hands,
    a duress sign-in). Unlocking later brings none back. Returns how many ended."""
    ended = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if ended:
        audit_record(
            actor=actor,
            action="token.revoke",
            obj=user,
            detail={"reason": reason, "tokens": ended},
        )
    return ended


def api_token_revoke(*, actor: User | None, token: ApiToken) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="update", obj=token, detail={"fields": ["revoked_at"]})
