"""safepassage export pfif FILE.xml (``export`` is an alias of this command)."""

from __future__ import annotations

import os
import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused, filter_visible
from safepassage.tracing.models import Person
from safepassage.tracing.pfif import export_pfif


class Command(BaseCommand):
    help = (
        "Export persons and notes as PFIF 1.4 (no phone numbers, places of captivity or secrets)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=["pfif"], help="pfif")
        parser.add_argument("file", help="Where to write the XML.")
        parser.add_argument(
            "--as", dest="as_user", default="", help="Export what this user may see."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        persons = Person.objects.filter(merged_into__isnull=True).order_by("created_at")
        actor = None
        if options["as_user"]:
            actor = User.objects.filter(username=options["as_user"], is_decoy=False).first()
            if actor is None:
                raise CommandError(f"no user {options['as_user']!r}")
            persons = filter_visible(persons, actor)
        try:
            data = export_pfif(actor=actor, persons=persons)
        except ActionRefused:
            raise CommandError(f"{options['as_user']} may not export persons") from None
        target = Path(options["file"])
        tmp = ""
        try:
            # mkstemp refuses a folder that does not exist: the same clear error as a full disk.
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except OSError as exc:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            raise CommandError(f"cannot write {target}: {exc.strerror}") from None
        self.stdout.write(f"exported {data.count(b'<pfif:person>')} person(s) to {target}")
