"""Readable, translated names for the action codes the audit log stores.

The log keeps short codes (``view.list``, ``family.notify``): they are hashed into the chain
and never change. Pages show these phrases instead; a code without one is shown as it is.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "create": _("Created"),
    "update": _("Updated"),
    "delete": _("Deleted"),
    "view": _("Viewed a record"),
    "view.list": _("Viewed a list"),
    "export": _("Exported"),
    "import": _("Imported"),
    "restore": _("Restored a backup"),
    "login": _("Signed in"),
    "login.failed": _("Sign-in failed"),
    "login.duress": _("Signed in with the duress password"),
    "logout": _("Signed out"),
    "account.lock": _("Account locked"),
    "account.unlock": _("Account unlocked"),
    "token.revoke": _("API tokens revoked"),
    "grant": _("Access shared"),
    "grant.revoke": _("Access withdrawn"),
    "auth.words_set": _("Duress and all-clear words set"),
    "auth.words_replace": _("Duress and all-clear words replaced"),
    "assessment.create": _("Trap check made"),
    "rules.update": _("Trap-check rules changed"),
    "request.approve": _("Rescue request approved"),
    "request.cleared": _("Rescue request cleared by two approvals"),
    "request.close": _("Rescue request closed"),
    "matching.fit": _("Matching weights estimated"),
    "keys.rebuild": _("Match and search keys rebuilt"),
    "phones.reindex": _("Phone numbers indexed anew"),
    "reasons.rekey": _("Old status reasons shown in every language"),
    "demo.load": _("Demo data loaded"),
    "vault.rotate": _("Keys rotated"),
    "vault.shred": _("Keys destroyed"),
    "status.change": _("Status changed"),
    "status.kept": _("Status confirmed"),
    "person.merge": _("Records merged"),
    "person.merge_undo": _("Merge undone"),
    "duplicate.suggest": _("Possible duplicate suggested"),
    "duplicate.dismiss": _("Possible duplicate dismissed"),
    "operation.approve": _("Operation approved"),
    "operation.start": _("Operation started"),
    "operation.end": _("Operation ended"),
    "operation.reopen": _("Operation reopened"),
    "member.status": _("Member status changed"),
    "alert.raise": _("Alert raised"),
    "alert.email": _("Alert e-mailed"),
    "alert.acknowledge": _("Alert acknowledged"),
    "alert.resolve": _("Alert closed (no longer needed)"),
    "family.notify": _("Family notified"),
    "family.met": _("Family met her"),
    "family.reunite": _("Reunited with her family"),
    "family.hold": _("Reunion on hold"),
    "consent.give": _("Consent given"),
    "consent.withdraw": _("Consent withdrawn"),
    "testimony.name": _("Testimony reader named"),
    "testimony.unname": _("Testimony reader removed"),
}


def action_label(code: str) -> str:
    """The readable phrase for an action code, in the active language; the code if unknown."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code
