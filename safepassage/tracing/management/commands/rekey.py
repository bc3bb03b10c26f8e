"""safepassage rekey: rebuild what is derived from stored values inside the running instance.

The match and search keys of persons, places and holders, from their names; the blind indexes
of phone numbers, from the numbers; and the sentence keys of status reasons recorded before
keys, from their English. Both are read from encrypted
values, so no migration can do it: the key lives in the running instance.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepassage.intel.services import member_reasons_rekey, name_keys_rebuild
from safepassage.tracing.services import keys_rebuild, status_reasons_rekey
from safepassage.tracing.services.phones import phone_indexes_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the stored match and search keys of every person, place and holder from "
        "their names as this version reads them, index every stored phone number anew as "
        "this version reads numbers (re-assessing open rescue requests when an index "
        "changed), and give the status changes of persons and members recorded before "
        "reasons had keys the key of the system sentence their English reason is word for "
        "word, so it shows in every language. Run it once after an upgrade that changes how "
        "names are read or adds such keys; running it again changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch",
            type=int,
            default=500,
            help=(
                "Persons, records with phone numbers, or status changes, a transaction "
                "(default 500)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        read, changed = keys_rebuild(batch=options["batch"])
        self.stdout.write(
            self.style.SUCCESS(f"Read {read} persons; the keys of {changed} changed.")
        )
        read, changed = name_keys_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Read {read} places and holders; the keys of {changed} changed.")
        )
        read, changed = phone_indexes_rebuild(batch=options["batch"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Read {read} records with phone numbers; the indexes of {changed} changed."
            )
        )
        for whose, rekey in (("persons", status_reasons_rekey), ("members", member_reasons_rekey)):
            read, keyed, left = rekey(batch=options["batch"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"Read {read} status changes of {whose}; {keyed} English reasons the "
                    f"system wrote now show in every language, {left} stay as written."
                )
            )
