"""Accounts: who someone is in the system, what role they hold, and what was shared with them."""

from __future__ import annotations

import time
import uuid
from binascii import unhexlify
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import random_hex

from safepassage.vault.fields import BlindIndexField
from safepassage.vault.sealed import SealedCharField, SealedModel


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    CASEWORKER = "caseworker", _("Caseworker")
    LIAISON = "liaison", _("Family liaison")
    FIELD = "field", _("Field member")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(username=username, is_decoy=False)


class User(SealedModel, AbstractBaseUser):  # type: ignore[django-manager-missing]
    """An account. ``username`` is a codename; legal names live only in encrypted fields."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=32, choices=Role.choices)
    full_name = SealedCharField(max_length=200, blank=True, default="")
    email = SealedCharField(max_length=254, blank=True, default="")
    email_index = BlindIndexField()
    is_active = models.BooleanField(default=True)
    is_locked = models.BooleanField(
        default=False, help_text="Locked by a duress login or by an administrator."
    )
    duress_password = models.CharField(max_length=128, blank=True, default="")
    is_decoy = models.BooleanField(default=False)
    decoy_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="decoy"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["role"]

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="user_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_decoy=False) | Q(decoy_of__isnull=False), name="decoy_has_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def display_username(self) -> str:
        """What the screen shows: a decoy shows its owner's codename, so nothing looks off."""
        if self.is_decoy and self.decoy_of is not None:
            return self.decoy_of.username
        return self.username


class TOTPDevice(SealedModel, TimestampMixin, ThrottlingMixin, Device):  # type: ignore[django-manager-missing]
    """A TOTP authenticator whose shared secret is encrypted at rest."""

    key = SealedCharField(max_length=80, default=random_hex)
    step: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(default=30)
    t0: models.BigIntegerField[int, int] = models.BigIntegerField(default=0)
    digits: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(default=6)
    tolerance: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        default=1
    )
    drift: models.SmallIntegerField[int, int] = models.SmallIntegerField(default=0)
    last_t: models.BigIntegerField[int, int] = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "TOTP device"

    @property
    def bin_key(self) -> bytes:
        return unhexlify(str(self.key).encode())

    def totp(self, at: float | None = None) -> TOTP:
        totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
        totp.time = time.time() if at is None else at
        return totp

    def verify_token(self, token: Any) -> bool:
        with transaction.atomic():
            # Read the last code used again, under a lock: two sign-ins sent at one moment
            # with the same code (one of them over her shoulder) must not both pass.
            fresh = (
                type(self)
                .objects.select_for_update()
                .filter(pk=self.pk)
                .values_list("last_t", "throttling_failure_count", "throttling_failure_timestamp")
                .first()
            )
            if fresh is not None:
                (
                    self.last_t,
                    self.throttling_failure_count,
                    self.throttling_failure_timestamp,
                ) = fresh
            return self._verify_token(token)

    def _verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            value = int(str(token).strip())
        except ValueError:
            self.throttle_increment(commit=True)
            return False
        totp = self.totp()
        if totp.verify(value, self.tolerance, self.last_t + 1):
            self.last_t = totp.t()
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment(commit=True)
        return False

    def get_throttle_factor(self) -> int:
        return 1

    @property
    def config_url(self) -> str:
        from base64 import b32encode
        from urllib.parse import quote, urlencode

        issuer = settings.OTP_TOTP_ISSUER
        label = quote(f"{issuer}:{self.user.get_username()}")
        params = urlencode(
            {
                "secret": b32encode(self.bin_key).decode(),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
                "issuer": issuer,
            }
        )
        return f"otpauth://totp/{label}?{params}"


class Grant(models.Model):
    """Need-to-know: a record assigned or shared with one user."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.UUIDField()
    reason = models.CharField(max_length=200, blank=True, default="")
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="grant_unique"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"grant {self.content_type_id}:{self.object_id}"


class LoginThrottle(models.Model):
    """Failed-login counter per keyed hash of a username (the name itself is not stored)."""

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started = models.DateTimeField()
    blocked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"throttle {self.failures}"


class ApiToken(models.Model):
    """A personal API token: shown once, stored as a SHA-256 hash, with an expiry."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    name = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.prefix}"
