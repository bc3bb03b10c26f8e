"""Fixtures shared by every app's tests: unlocked keys, users of every role, signed-in clients."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation

from safepassage.accounts.models import Role, TOTPDevice, User
from safepassage.tests.browser import browser  # noqa: F401  (one Playwright per process)
from safepassage.vault import crypto
from safepassage.vault.keyring import KekSource, Keyring, read_document, write_key_file
from safepassage.vault.services import keyring_create

PASSWORD = "correct-horse-battery-staple"

# What makes a test touch the database the suite runs on: pytest-django's marker or fixtures
# (a test running an instance on the PostgreSQL server carries the ``postgres`` marker).
_DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


# The tests that run the ``safepassage`` command in processes of their own (instances made,
# migrated, backed up, restored, served and killed): the suite's slowest, so they start first.
_STARTS_PROCESSES = ("safepassage/instance/tests/",)


def _touches_database(item: pytest.Item) -> bool:
    uses = set(getattr(item, "fixturenames", ()))
    return bool(uses & _DATABASE_FIXTURES) or any(
        item.get_closest_marker(name) is not None for name in ("django_db", "postgres")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start with the slowest tests; on the PostgreSQL run, leave out those that touch no
    database.

    The slowest first: the workers share them out at the start and end together on short
    tests, instead of one worker finishing a long test alone at the end. Only tests that touch
    no test database move (pytest-django orders those that do). On PostgreSQL the tests that
    touch no database run in the SQLite run already, and would run again the same way: pure
    functions, and the commands run in their own process on an instance of their own
    (SQLite, as ``instance/tests/cli.py`` runs them).
    """
    if os.environ.get("SAFEPASSAGE_TEST_DATABASE_URL"):
        left_out = [item for item in items if not _touches_database(item)]
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = [item for item in items if _touches_database(item)]
    root = Path(str(config.rootpath))
    first = [
        item
        for item in items
        if not _touches_database(item)
        and Path(str(item.path)).relative_to(root).as_posix().startswith(_STARTS_PROCESSES)
    ]
    if first:
        moved = set(map(id, first))
        items[:] = first + [item for item in items if id(item) not in moved]


@pytest.fixture(scope="session", autouse=True)
def _vault_keys() -> None:
    """Create this test process's key file and keyring once."""
    key_file = Path(str(settings.VAULT_KEY_FILE))
    if not key_file.exists():
        write_key_file(key_file)
    if not settings.VAULT_KEYRING_PATH.exists():
        keyring_create(source=KekSource.from_key_file(key_file))


@pytest.fixture(autouse=True)
def _fresh_matching_weights() -> Iterator[None]:
    """Each test starts with the engine's prior weights, as a new instance does."""
    from safepassage.tracing.services.matching import matcher_cache_reset

    matcher_cache_reset(checked=True)
    yield
    matcher_cache_reset(checked=True)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language: a request in Arabic leaves its thread in
    Arabic (each real request activates its own), which a later test must not inherit."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def isolated_vault() -> Iterator[Keyring]:
    """For tests that rotate or shred: put the keyring back afterwards, and the stored files
    (a rotation re-encrypts them under keys the restored keyring does not hold)."""
    from django.core.files.storage import default_storage

    path: Path = settings.VAULT_KEYRING_PATH
    saved = path.with_suffix(".saved")
    shutil.copy2(path, saved)
    files = Path(default_storage.location)  # type: ignore[attr-defined]
    saved_files = files.with_name(files.name + ".saved")
    shutil.rmtree(saved_files, ignore_errors=True)
    if files.exists():
        shutil.copytree(files, saved_files)
    keyring = crypto.get_vault().keyring
    try:
        yield keyring
    finally:
        shutil.copy2(saved, path)
        saved.unlink()
        shutil.rmtree(files, ignore_errors=True)
        if saved_files.exists():
            saved_files.rename(files)
        crypto.install(
            Keyring.unwrap(
                read_document(path), KekSource.from_key_file(Path(str(settings.VAULT_KEY_FILE)))
            )
        )


def row_bytes(table: str, pk: uuid.UUID) -> bytes:
    """Every column of a row, as the database holds them (a check for plaintext on disk)."""
    key = pk.hex if connection.vendor == "sqlite" else pk
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [key])  # noqa: S608  (a test's own table name)
        row = cursor.fetchone()
    return b"".join(
        bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
        for value in row
    )


def make_user(username: str, role: str, password: str = PASSWORD) -> User:
    from safepassage.accounts.services import user_create

    user, _ = user_create(actor=None, username=username, role=role, password=password)
    return user


def current_code(user: User) -> str:
    """The code an authenticator would show; the next step's if this one was used already."""
    device = TOTPDevice.objects.get(user=user)
    now = time.time()
    step = device.totp(at=now).t()
    if device.last_t >= step:
        now += device.step * (device.last_t - step + 1)
    return str(device.totp(at=now).token()).zfill(device.digits)


def sign_in(client: Client, user: User, password: str = PASSWORD) -> None:
    """Sign in through the real two-step pages."""
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302, "password step failed"
    response = client.post("/accounts/login/code/", {"token": current_code(user)})
    assert response.status_code == 302, "code step failed"


def decoy_client(owner: User, duress_password: str) -> Client:
    """A client in the decoy session: ``owner``'s duress password set, then used to sign in."""
    from safepassage.accounts.services import user_set_duress_password

    user_set_duress_password(actor=owner, duress_password=duress_password)
    client = Client()
    sign_in(client, owner, duress_password)
    return client


@pytest.fixture
def users(db: None) -> dict[str, User]:
    return {role: make_user(f"{role}-one", role) for role in Role.values}


@pytest.fixture
def client_for(users: dict[str, User]) -> Callable[[str], Client]:
    def build(role: str) -> Client:
        client = Client()
        sign_in(client, users[role])
        return client

    return build
