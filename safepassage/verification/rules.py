"""The trap-check factors, their default weights and thresholds, and the lure phrases.

Every factor is named here once, with a plain-language label; the coordinators' rules page,
the README and docs/decisions/002-trap-check-rules.md describe the same table. Weights are
points: an assessment's total is the sum of the weights of the factors that fired, and a
total above the threshold needs two coordinators' approval before an operation starts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from safepassage.matching.normalize import drop_invisible, fold_arabic


@dataclass(frozen=True)
class Factor:
    code: str
    label: StrOrPromise
    weight: int


FACTORS: tuple[Factor, ...] = (
    Factor("auth_not_attempted", _("Authentication was not attempted"), 20),
    Factor("auth_failed", _("Authentication failed"), 50),
    Factor("duress_word", _("The duress word was used"), 100),
    Factor("all_clear_missing", _("The agreed all-clear word was not given"), 40),
    Factor("lure_urgency", _("The request urges an immediate pick-up"), 15),
    Factor("lure_holder_away", _("The request says the holder is away"), 20),
    Factor(
        "lure_captive_location",
        _("Rescuers are asked to come to her location, not to a meeting point the network chose"),
        30,
    ),
    Factor("lure_phrases", _("Lure phrases in what she asked"), 15),
    Factor("number_in_incident", _("The phone number appears in an earlier incident"), 50),
    Factor(
        "number_unsafe_member",
        _("The phone number belongs to a compromised, captured, missing or killed member"),
        40,
    ),
    Factor("number_other_person", _("The phone number appears in another person's records"), 25),
    Factor("place_in_incident", _("The place is linked to an earlier incident"), 45),
    Factor(
        "place_unsafe_source",
        _("The place comes from reports of a compromised, captured, missing or killed member"),
        30,
    ),
    Factor("holder_in_incident", _("The holder is linked to an earlier incident"), 35),
    Factor("pickup_near_incident", _("The pick-up lies near an earlier incident"), 30),
    Factor("not_corroborated", _("The location is not corroborated by an independent source"), 25),
    Factor("low_grade", _("The best location report is graded below the minimum"), 20),
    Factor("conflict_place", _("The place differs from earlier reports"), 20),
    Factor("conflict_holder", _("The holder differs from earlier reports"), 20),
    Factor("conflict_children", _("The children with her differ from what was reported"), 15),
    Factor("long_silence", _("The contact came after a long silence"), 15),
    Factor("contact_burst", _("Many contacts in a short time"), 10),
)
FACTOR_BY_CODE = {f.code: f for f in FACTORS}
DEFAULT_WEIGHTS: dict[str, int] = {f.code: f.weight for f in FACTORS}
DEFAULT_THRESHOLD = 40

# Parameters of the factors that measure something, with their bounds.
PARAMS: dict[str, tuple[StrOrPromise, float, float, float]] = {
    # name: (label, default, minimum, maximum)
    "incident_radius_km": (_("Distance from an incident that counts as near (km)"), 2.0, 0, 100),
    "silence_days": (_("Days without contact that count as a long silence"), 90, 1, 3650),
    "burst_count": (_("Contacts that count as many"), 4, 2, 100),
    "burst_hours": (_("…within this many hours"), 24, 1, 720),
    # Duress and failed authentication count on any of her contacts from this many days
    # before the request on, not only on the contacts ticked on the request.
    "lookback_days": (
        _(
            "Days before the request in which any contact with the duress word or a failed "
            "authentication counts"
        ),
        30,
        1,
        3650,
    ),
}
DEFAULT_PARAMS: dict[str, float] = {name: spec[1] for name, spec in PARAMS.items()}
# Best acceptable Admiralty grade: reliability at least this letter and credibility at least
# this number (A1 best, F6 worst).
MIN_GRADE = ("B", 2)
MAX_WEIGHT = 1000
MAX_THRESHOLD = 10_000


# --- lure phrases --------------------------------------------------------------------------

# English, Arabic (folded: hamza carriers, ta marbuta, alif maqsura), Sorani and Kurmanji.
LURE_PHRASES: tuple[str, ...] = (
    # English
    "come now",
    "come today",
    "come tonight",
    "come quickly",
    "come and get me",
    "come to me",
    "come to the house",
    "he is away",
    "he's away",
    "he is not here",
    "he's not here",
    "he is gone",
    "nobody is here",
    "no one is here",
    "now or never",
    "hurry",
    # Arabic
    "تعالوا الآن",
    "تعالوا الان",
    "تعال الآن",
    "تعالوا بسرعة",
    "تعالوا خذوني",
    "تعالوا إلي",
    "غير موجود",
    "مو موجود",
    "مش موجود",
    "ليس هنا",
    "مسافر",
    "الآن الآن",
    "بسرعة",
    # Sorani
    "ئێستا وەرن",
    "خێرا وەرن",
    "لێرە نییە",
    "ئامادە نییە",
    # Kurmanji
    "were niha",
    "niha werin",
    "zû werin",
    "zu werin",
    "ew ne li vir e",
    "ne li mal e",
    "kes li vir nîne",
)


def _fold(text: str) -> str:
    # Invisible characters (a ZWNJ, a direction mark) split no word; ه and a ZWNJ is ە, as
    # older Sorani typing writes it (وه‌رن for وەرن).
    text = unicodedata.normalize("NFKC", drop_invisible(text)).casefold()
    text = fold_arabic(text) if re.search(r"[\u0600-\u06ff]", text) else text
    text = re.sub(r"[’'`]", "'", text)
    return " ".join(re.findall(r"[\w']+", text))


_FOLDED = tuple((phrase, _fold(phrase)) for phrase in LURE_PHRASES)


def lure_phrases_in(text: str) -> list[str]:
    """The lure phrases found in ``text`` (whole words, any case, Arabic spelling folded)."""
    if not text:
        return []
    folded = f" {_fold(text)} "
    found: list[str] = []
    keys: set[str] = set()
    for phrase, key in _FOLDED:
        if key and key not in keys and f" {key} " in folded:
            keys.add(key)
            found.append(phrase)
    return found


def grade_ok(reliability: str, credibility: int) -> bool:
    """True when a grade is at least the minimum (B2): reliability A-B and credibility 1-2."""
    return reliability <= MIN_GRADE[0] and credibility <= MIN_GRADE[1]


# Why an assessment was made (``Assessment.trigger``), as shown on the request page.
TRIGGER_LABELS: dict[str, StrOrPromise] = {
    "created": _("when the request was recorded"),
    "manual": _("assessed again on request"),
    "rules": _("after a change of the rules"),
    "contact": _("after a new contact"),
    "report": _("after a family's report gave a phone number"),
    "location_report": _("after a new location report"),
    "member.status": _("after a member's status changed"),
    "incident": _("after a new incident"),
    "place.control": _("after a place's control changed"),
    "merge": _("after two records of her were merged, or a merge undone"),
    "phone_index": _("after phone numbers were indexed anew"),
    "operation_start": _("when an operation was to start, the evidence having changed"),
}


def trigger_label(trigger: str) -> StrOrPromise:
    """The reason an assessment was made, in words (an unknown code is shown as it is)."""
    return TRIGGER_LABELS.get(trigger, trigger)
