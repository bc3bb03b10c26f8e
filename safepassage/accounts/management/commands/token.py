"""safepassage token create USERNAME: a personal API token, shown once, stored hashed."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safepassage.accounts.models import ApiToken, User
from safepassage.accounts.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = (
        "API tokens: `token create USERNAME [--days N]`, `token list USERNAME`, "
        "`token revoke PREFIX`."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token (printed once).")
        create.add_argument("username")
        create.add_argument("--days", type=int, default=None, help="Days until it expires (1-365).")
        create.add_argument("--name", default="", help="A label to recognise the token by.")
        listing = sub.add_parser("list", help="List a user's tokens (prefixes only).")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "revoke":
            token = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError("No token with that prefix.")
            api_token_revoke(actor=None, token=token)
            self.stdout.write("Revoked.")
            return
        user = User.objects.filter(username=options["username"], is_decoy=False).first()
        if user is None:
            raise CommandError(f"No account {options['username']!r}.")
        if action == "list":
            for token in user.api_tokens.order_by("created_at"):
                state = "revoked" if token.revoked_at else f"expires {token.expires_at:%Y-%m-%d}"
                self.stdout.write(f"{token.prefix}  {token.name or '-'}  {state}")
            return
        try:
            token, plain = api_token_create(
                actor=None, user=user, days=options["days"], name=options["name"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Token (shown once, expires {token.expires_at:%Y-%m-%d}):")
        self.stdout.write(plain)
