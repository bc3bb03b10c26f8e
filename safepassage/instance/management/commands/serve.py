"""safepassage serve: the production WSGI server (gunicorn), keys unlocked before forking."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.base import BaseApplication

from safepassage.instance.keysource import kek_source
from safepassage.vault.crypto import get_vault, unlock
from safepassage.vault.exceptions import VaultError


class _Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from safepassage.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve the web app and API with gunicorn (a production server, not runserver)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="Address:port (default 127.0.0.1:8000)."
        )
        parser.add_argument("--workers", type=int, default=2, help="Worker processes (default 2).")
        parser.add_argument(
            "--threads", type=int, default=4, help="Threads per worker (default 4)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            get_vault()
        except VaultError:
            # No key in the environment: ask for the passphrase once, before forking.
            try:
                unlock(kek_source(key_file=None, passphrase_file=None))
            except VaultError as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(f"Serving on http://{options['bind']}/")
        _Server(
            {
                "bind": options["bind"],
                "workers": options["workers"],
                "threads": options["threads"],
                "worker_class": "gthread",
                "preload_app": True,
                "accesslog": "-",
                # Log method, path and status only: query strings can carry names.
                "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
                "timeout": 60,
                # No runtime control socket: nothing uses it, and its default path in the
                # home folder is shared by every gunicorn of the same user (instances steal
                # and delete each other's socket).
                "control_socket_disable": True,
            }
        ).run()
