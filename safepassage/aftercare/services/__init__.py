"""Aftercare services: every write to arrivals, family, referrals, consent and testimony.

The package re-exports each service so callers write ``from safepassage.aftercare.services
import arrival_record``.
"""

from safepassage.aftercare.services.arrivals import (
    ArrivalDetails,
    arrival_check,
    arrival_pretend,
    arrival_record,
    arrival_status_pretend,
)
from safepassage.aftercare.services.care import (
    UNCHANGED,
    family_hold,
    family_member_add,
    family_member_check,
    family_member_pretend,
    family_met,
    family_notify,
    family_reunite,
    family_step_pretend,
    referral_check,
    referral_create,
    referral_pretend,
    referral_update,
    referral_update_pretend,
)
from safepassage.aftercare.services.consent import (
    consent_already_given,
    consent_already_withdrawn,
    consent_before_withdrawal,
    consent_check,
    consent_given,
    consent_record,
    consent_withdraw,
)
from safepassage.aftercare.services.export import (
    FILES,
    ExportBundle,
    bundle_to_directory,
    bundle_to_zip,
    testimony_export_build,
    testimony_export_for_decoy,
    verify_directory,
)
from safepassage.aftercare.services.testimony import (
    TestimonyDetails,
    testimony_check,
    testimony_name_reader,
    testimony_pretend,
    testimony_reader_pretend,
    testimony_record,
    testimony_unname_reader,
)

__all__ = [
    "FILES",
    "UNCHANGED",
    "ArrivalDetails",
    "ExportBundle",
    "TestimonyDetails",
    "arrival_check",
    "arrival_pretend",
    "arrival_record",
    "arrival_status_pretend",
    "bundle_to_directory",
    "bundle_to_zip",
    "consent_already_given",
    "consent_already_withdrawn",
    "consent_before_withdrawal",
    "consent_check",
    "consent_given",
    "consent_record",
    "consent_withdraw",
    "family_hold",
    "family_member_add",
    "family_member_check",
    "family_member_pretend",
    "family_met",
    "family_notify",
    "family_reunite",
    "family_step_pretend",
    "referral_check",
    "referral_create",
    "referral_pretend",
    "referral_update",
    "referral_update_pretend",
    "testimony_check",
    "testimony_export_build",
    "testimony_export_for_decoy",
    "testimony_name_reader",
    "testimony_pretend",
    "testimony_reader_pretend",
    "testimony_record",
    "testimony_unname_reader",
    "verify_directory",
]
