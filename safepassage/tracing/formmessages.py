"""Django's own form messages that the tracing pages show, so that our catalogue carries them.

Django ships no Kurmanji catalogue, so "This field is required." stayed English on Kurmanji
pages. Marked here only for ``makemessages``: Django looks the messages up itself and finds
them in our catalogue, since it merges every catalogue of a language (ours, under
LOCALE_PATHS, comes first). The texts must stay exactly Django's.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_FORM_MESSAGES = (
    gettext_noop("This field is required."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Null characters are not allowed."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
)
