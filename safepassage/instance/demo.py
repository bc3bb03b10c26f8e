"""Demo data: a small fictional network. Each app may add records in its own ``demo.py``.

An app's ``demo.load(*, users)`` receives the demo accounts by codename and creates its records
through its services, so the demo exercises the same rules as real use.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from safepassage.accounts.models import Role, TOTPDevice, User
from safepassage.accounts.services import user_create
from safepassage.audit.models import AuditEvent
from safepassage.audit.services import audit_record

# Codename, role. Passwords follow one pattern so a tester can type them.
DEMO_USERS: list[tuple[str, str]] = [
    ("falcon", Role.COORDINATOR),
    ("heron", Role.COORDINATOR),
    ("olive", Role.CASEWORKER),
    ("cedar", Role.LIAISON),
    ("sparrow", Role.FIELD),
    ("lark", Role.ANALYST),
    ("owl", Role.AUDITOR),
    ("keystone", Role.ADMINISTRATOR),
]


def demo_password(username: str) -> str:
    return f"{username}-demo-passage"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str
    totp_secret: str


def demo_loaded() -> bool:
    return AuditEvent.objects.filter(action="demo.load").exists()


def demo_load() -> list[DemoAccount]:
    """Create the demo accounts and every app's demo records, once."""
    from base64 import b32encode

    accounts: list[DemoAccount] = []
    users: dict[str, User] = {}
    with transaction.atomic():
        for username, role in DEMO_USERS:
            user, device = user_create(
                actor=None, username=username, role=role, password=demo_password(username)
            )
            users[username] = user
            accounts.append(
                DemoAccount(
                    username, role, demo_password(username), b32encode(device.bin_key).decode()
                )
            )
        for config in apps.get_app_configs():
            if not config.name.startswith("safepassage."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            loader = getattr(module, "load", None)
            if callable(loader):
                loader(users=users)
        audit_record(actor=None, action="demo.load")
    return accounts


def demo_code(username: str) -> str:
    """The current TOTP code of a demo account (only on a demo instance)."""
    device = TOTPDevice.objects.get(user__username=username, user__is_decoy=False)
    return str(device.totp().token()).zfill(device.digits)
