"""safepassage unlockuser CODENAME: unlock an account when no administrator can sign in."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepassage.accounts.models import User
from safepassage.accounts.services import login_throttle_clear, user_set_locked


class Command(BaseCommand):
    help = (
        "Unlock an account (locked by an administrator or by a duress sign-in) and clear its "
        "failed sign-in count. For recovery when no administrator can sign in."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="The codename of the account to unlock.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"], is_decoy=False).first()
        if user is None:
            raise CommandError(f"No account {options['username']!r}.")
        if not user.is_active:
            raise CommandError(f"{user.username} is not active; unlocking would not help.")
        was_locked = user.is_locked
        user_set_locked(actor=None, user=user, locked=False)
        login_throttle_clear(username=user.username)
        if was_locked:
            self.stdout.write(self.style.SUCCESS(f"Unlocked {user.username} ({user.role})."))
        else:
            self.stdout.write(f"{user.username} was not locked; failed sign-ins cleared.")
