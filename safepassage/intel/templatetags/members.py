"""``{{ change|member_reason }}``: why a network member's status changed, in the reader's
language."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from safepassage.intel import member_reasons
from safepassage.intel.models import MemberStatusChange

register = template.Library()


@register.filter
def member_reason(change: MemberStatusChange) -> SafeString:
    """A sentence the system wrote, in the reader's language with its values isolated; a typed
    reason (or an old English one) as stored, in its own direction."""
    return member_reasons.render(change)
