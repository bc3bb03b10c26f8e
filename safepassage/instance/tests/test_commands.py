"""The command line as an operator uses it: init, demo, createuser, token, audit, vault."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from safepassage.instance.tests.cli import demo, run

pytestmark = pytest.mark.sqlite_only

COMMANDS = [
    "init",
    "serve",
    "worker",
    "demo",
    "createuser",
    "token",
    "audit",
    "backup",
    "restore",
    "shred",
    "vault",
]


def test_the_command_line_prints_a_commands_help(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: safepassage init" in result.stdout and len(result.stdout) > 200


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    """What ``safepassage COMMAND --help`` prints (read in this process: a process each
    would cost seconds, and the command line's own printing is tested above)."""
    from django.core.management import ManagementUtility

    ManagementUtility(["safepassage"]).fetch_command(command).print_help("safepassage", command)
    printed = capsys.readouterr().out
    assert f"usage: safepassage {command}" in printed and len(printed) > 200


def test_init_unattended_with_key_file_then_createuser_and_token(tmp_path: Path) -> None:
    data, keys = tmp_path / "data", tmp_path / "usb"
    keys.mkdir()
    env = {
        "SAFEPASSAGE_KEY_FILE": str(keys / "instance.key"),
        "SAFEPASSAGE_INIT_PASSWORD": "first-coordinator-pass",
    }
    result = run(data, "init", "--coordinator", "falcon", env=env)
    assert result.returncode == 0, result.stderr
    assert "Authenticator secret" in result.stdout and (keys / "instance.key").exists()
    assert (data / "keyring.json").exists() and not (data / "DEMO-KEY-NOT-SECURE.key").exists()

    again = run(data, "init", env=env)
    assert again.returncode != 0 and "already holds an instance" in again.stderr

    made = run(data, "createuser", "olive", "--role", "caseworker", env=env)
    assert made.returncode == 0 and "Password (shown once)" in made.stdout, made.stderr
    bad = run(data, "createuser", "x1", "--role", "pilot", env=env)
    assert bad.returncode != 0 and "invalid choice" in bad.stderr

    token = run(data, "token", "create", "olive", "--days", "7", env=env)
    assert token.returncode == 0, token.stderr
    plain = token.stdout.strip().splitlines()[-1]
    assert plain.startswith("sp_")
    db = sqlite3.connect(data / "safepassage.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM accounts_apitoken").fetchone() == (1,)
    hashes = [row[0] for row in db.execute("SELECT token_hash FROM accounts_apitoken")]
    assert plain not in hashes
    missing = run(data, "token", "create", "nobody", env=env)
    assert missing.returncode != 0 and "No account" in missing.stderr

    # Without the key the instance stays locked and says so plainly.
    locked = run(data, "createuser", "cedar", "--role", "liaison")
    assert locked.returncode != 0 and "locked" in (locked.stderr + locked.stdout).lower()


def test_init_with_passphrase_file(tmp_path: Path) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text("a long enough passphrase here\n")
    result = run(
        tmp_path / "d",
        "init",
        "--passphrase-file",
        str(secret),
        env={"SAFEPASSAGE_INIT_PASSWORD": "first-coordinator-pass"},
    )
    assert result.returncode == 0, result.stderr
    ok = run(tmp_path / "d", "audit", "verify", env={"SAFEPASSAGE_PASSPHRASE_FILE": str(secret)})
    assert ok.returncode == 0 and "chain intact" in ok.stdout


def test_demo_is_idempotent_and_prints_accounts_once(tmp_path: Path) -> None:
    first = run(tmp_path, "demo")
    assert first.returncode == 0, first.stderr
    assert "falcon" in first.stdout and "authenticator secret" in first.stdout
    second = run(tmp_path, "demo")
    assert second.returncode == 0 and "already loaded" in second.stdout
    assert "falcon-demo-passage" not in second.stdout
    code = run(tmp_path, "demo", "--code", "falcon")
    assert code.returncode == 0 and code.stdout.strip().isdigit() and len(code.stdout.strip()) == 6


def test_audit_verify_exit_code_names_the_altered_event(tmp_path: Path) -> None:
    assert demo(tmp_path).returncode == 0
    ok = run(tmp_path, "audit", "verify")
    assert ok.returncode == 0 and "chain intact" in ok.stdout
    db = sqlite3.connect(tmp_path / "safepassage.sqlite3")
    # The database refuses edits; an attacker with the file drops the guard first.
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit_auditevent SET action = 'x' WHERE seq = 3")
    db.execute("DROP TRIGGER audit_event_no_update")
    db.execute("UPDATE audit_auditevent SET action = 'view' WHERE seq = 3")
    db.commit()
    broken = run(tmp_path, "audit", "verify")
    assert broken.returncode == 1 and "#3" in broken.stderr and "altered" in broken.stderr


def test_vault_rotate_keeps_every_record(tmp_path: Path) -> None:
    assert demo(tmp_path).returncode == 0
    before = run(tmp_path, "demo", "--code", "olive")
    rotated = run(tmp_path, "vault", "rotate")
    assert rotated.returncode == 0 and "re-encrypted" in rotated.stdout, rotated.stderr
    after = run(tmp_path, "demo", "--code", "olive")
    assert after.returncode == 0 and before.stdout.strip().isdigit()
    assert run(tmp_path, "audit", "verify").returncode == 0


def test_shred_needs_typed_confirmation_then_nothing_decrypts(tmp_path: Path) -> None:
    assert demo(tmp_path).returncode == 0
    refused = run(tmp_path, "shred", "--confirm", "yes")
    assert refused.returncode != 0 and "Nothing was destroyed" in refused.stderr
    assert (tmp_path / "keyring.json").exists()
    done = run(tmp_path, "shred", "--confirm", "SHRED")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "keyring.json").exists()
    assert not (tmp_path / "DEMO-KEY-NOT-SECURE.key").exists()
    code = run(tmp_path, "demo", "--code", "olive")
    assert code.returncode != 0


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--coordinator", "falcon"], "too short"),  # the password file holds "abc"
        (["--coordinator", "bad name/x"], "Use 2 to 64 letters"),
    ],
)
def test_init_refuses_a_bad_answer_before_making_anything(
    tmp_path: Path, options: list[str], says: str
) -> None:
    data, key = tmp_path / "data", tmp_path / "usb.key"
    password = tmp_path / "password"
    password.write_text("abc\n" if says == "too short" else "first-coordinator-pass\n")
    env = {"SAFEPASSAGE_KEY_FILE": str(key)}
    refused = run(data, "init", *options, "--password-file", str(password), env=env)
    assert refused.returncode == 1 and says in refused.stderr and "Traceback" not in refused.stderr
    # Nothing was made, so init runs again with a good answer.
    assert not (data / "keyring.json").exists() and not key.exists()
    password.write_text("first-coordinator-pass\n")
    again = run(data, "init", "--coordinator", "falcon", "--password-file", str(password), env=env)
    assert again.returncode == 0, again.stderr


def test_createuser_refuses_a_codename_the_accounts_page_refuses(tmp_path: Path) -> None:
    env = {"SAFEPASSAGE_KEY_FILE": str(tmp_path / "usb.key")}
    assert run(tmp_path / "d", "init", env=env).returncode == 0
    refused = run(tmp_path / "d", "createuser", "a b/c", "--role", "analyst", env=env)
    assert refused.returncode == 1 and "Use 2 to 64 letters" in refused.stderr
    made = run(tmp_path / "d", "createuser", "نادية.2", "--role", "analyst", env=env)
    assert made.returncode == 0, made.stderr
