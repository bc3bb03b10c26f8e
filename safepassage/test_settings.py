"""Settings for the test suite: a throw-away data folder per process and a fast hasher."""

import os
import tempfile

from django.contrib.auth.hashers import Argon2PasswordHasher

os.environ.setdefault("SAFEPASSAGE_ENV", "test")
os.environ["SAFEPASSAGE_DATA_DIR"] = tempfile.mkdtemp(prefix="safepassage-test-")
os.environ.setdefault("SAFEPASSAGE_SECRET_KEY", "test-secret-" + "k" * 50)
os.environ["SAFEPASSAGE_KEY_FILE"] = os.path.join(os.environ["SAFEPASSAGE_DATA_DIR"], "test.key")
_db_url = os.environ.get("SAFEPASSAGE_TEST_DATABASE_URL")
if _db_url:
    os.environ["DATABASE_URL"] = _db_url

from safepassage.settings import *  # noqa: E402,F403


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with small costs: the same code path, fast enough for hundreds of tests."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
PASSWORD_HASHERS = ["safepassage.test_settings.FastArgon2PasswordHasher"]
VAULT_ARGON2_MEMORY_KIB = 1024
VAULT_ARGON2_TIME_COST = 1
# The append-only triggers are installed by migrations in every real instance; the suite's
# flushes between transactional tests would trip them, so tests install them explicitly.
AUDIT_DB_GUARD = False
