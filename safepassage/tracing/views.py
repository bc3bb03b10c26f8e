"""Tracing pages: intake with the match check, person page, contacts, review queue, search.

Thin views: parse a form, call a selector or service, render. Every page declares its rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from secrets import token_urlsafe
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safepassage import searches
from safepassage.accounts.models import User
from safepassage.accounts.permissions import (
    ActionRefused,
    Capability,
    access,
    has_capability,
    request_user,
)
from safepassage.concurrency import EditConflict
from safepassage.formerrors import add_service_errors, call_service_for_message
from safepassage.intel import decoy as intel_decoy
from safepassage.intel.selectors import (
    linked_ids_all,
    location_report_names_shown,
    location_reports_for_person,
)
from safepassage.matching.records import split_spellings
from safepassage.tracing import decoy, decoy_duplicates, selectors, services
from safepassage.tracing.forms import (
    SEX_CHOICES,
    ContactForm,
    IntakeForm,
    LinkForm,
    LinkRemoveForm,
    PersonEditForm,
    QuestionForm,
    SearchForm,
    StatusForm,
    WordsForm,
    person_initial,
)
from safepassage.tracing.models import (
    NAME_PARTS,
    DuplicateCandidate,
    DuplicateStatus,
    Person,
    PersonLink,
    PersonLinkKind,
    PersonStatus,
    SecretKind,
)
from safepassage.tracing.services import pretend as pretend_services
from safepassage.tracing.services.photos import photo_type
from safepassage.verification import decoy as verification_decoy
from safepassage.verification.selectors import NOT_HELD, requests_for_person


@access(capability=Capability.CASES_READ)
@require_http_methods(["GET", "POST"])
def person_list(request: HttpRequest) -> HttpResponse:
    """The persons she may see, by status; a name is searched for by POST only (searches)."""
    user = request_user(request)
    data = request.POST if request.method == "POST" else request.GET
    form = SearchForm(data if request.method == "POST" else None)
    status = data.get("status", "")
    if status not in PersonStatus.values:
        status = ""
    persons: list[Person] | None = None  # None: nothing listed (an old address, bad input)
    query = ""
    if searches.in_address(request):
        form, status = SearchForm(), ""
    elif not form.is_bound or form.is_valid():
        query = form.cleaned_data["q"].strip() if form.is_bound else ""
        if user.is_decoy:  # sees no record: only the pretend persons of its own session
            persons = decoy.persons_found(request, query, status)
        elif query:
            persons = selectors.persons_search_for_user(user=user, query=query)
        else:
            persons = selectors.person_list_for_user(user=user, status=status)
    return render(
        request,
        "tracing/person_list.html",
        {
            "persons": persons,
            "form": form,
            "query": query,
            "status": status,
            "statuses": PersonStatus.choices,
        },
        status=400 if form.errors else 200,
    )


# The intake page carries, in a signed hidden field, the keyed digest of the details it last
# checked: "new person" and "same person" are taken only for details whose matches were shown.
# The signature binds it to the user and ages it out; the page writes nothing to store it.
# The mark also holds a random nonce of the check: the report saved on it is stored under it,
# so the same check saves once however often "save" is tapped (services.intake_submit).
CHECKED_SALT = "tracing.intake-checked"
CHECK_VALID_SECONDS = 2 * 60 * 60


def _mark_of_check(user: User, fingerprint: str) -> str:
    mark = {"fingerprint": fingerprint, "once": token_urlsafe(16)}
    return signing.dumps(mark, salt=f"{CHECKED_SALT}:{user.pk}")


@dataclass(frozen=True)
class _Mark:
    fingerprint: str = ""  # the details it checked
    once: str = ""  # its nonce
    fresh: bool = False  # signed for this user and within its two hours


def _read_mark(user: User, mark: str) -> _Mark:
    """The mark posted back; an old one still names its check (a save tapped twice long
    after the check saves once), but no longer stands for the matches it showed."""
    salt = f"{CHECKED_SALT}:{user.pk}"
    fresh = True
    try:
        signed = signing.loads(mark, salt=salt, max_age=CHECK_VALID_SECONDS)
    except signing.SignatureExpired:
        fresh = False
        signed = signing.loads(mark, salt=salt)
    except signing.BadSignature:  # forged, damaged or another user's
        return _Mark()
    if isinstance(signed, str):  # a page opened before marks had a nonce
        return _Mark(fingerprint=signed, fresh=fresh)
    if not isinstance(signed, dict):
        return _Mark()
    return _Mark(str(signed.get("fingerprint", "")), str(signed.get("once", "")), fresh)


def _intake_check_the_rest(form: IntakeForm) -> None:
    """The service's checks of what the form could read, on fields it found no error in: a
    refused birth (or any field error) does not hide the dates' errors until it is fixed."""
    try:
        services.intake_validate(details=form.person_details(), report=form.report_details())
    except ValidationError as exc:
        for name, texts in exc.message_dict.items():
            field = name if name in form.fields else None
            if field is not None and field in form.errors:
                continue  # one error a field: the form's own comes first
            for text in texts:
                form.add_error(field, text)


def _intake_person(request: HttpRequest, person_id: str) -> Person:
    """The person an intake's "same person" names: for a decoy, one of its pretend persons
    (any other id: 404, as a record it may not see)."""
    user = request_user(request)
    if user.is_decoy:
        return decoy.person_or_404(request, person_id)
    return selectors.person_get_for_user(user=user, person_id=person_id)


@access(capability=Capability.CASES_WRITE)
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """Enter a report: fill in, check for matches, then "same person" or "new person".

    A decision is taken only for the details that were checked. If they changed since (or
    were never checked), the check runs again for them: its matches are shown and nothing is
    saved, unless the decision is "new person" and they match no one.
    """
    user = request_user(request)
    form = IntakeForm(request.POST or None)
    candidates: list[services.Candidate] = []
    checked = changed = False
    check_mark = ""
    if request.method == "POST" and not form.is_valid():
        _intake_check_the_rest(form)
    if request.method == "POST" and form.is_valid():
        details = form.person_details()
        decision = request.POST.get("decision", "check")
        if decision not in ("new",) and not decision.startswith("attach:"):
            decision = "check"
        fingerprint = services.intake_fingerprint(details)
        posted = request.POST.get("checked", "")
        mark = _read_mark(user, posted)
        deciding = decision != "check" and bool(posted)
        try:
            # Checked as a save checks them, before any match is shown for them.
            services.intake_validate(details=details, report=form.report_details())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not deciding or not (mark.fresh and mark.fingerprint == fingerprint):
                candidates = (
                    # A decoy's: its own pretend persons, as a real check finds those it sees.
                    decoy.candidates(request, details.record())
                    if user.is_decoy
                    else selectors.candidates_for_user(user=user, details=details.record())
                )
                if deciding and (candidates or decision != "new"):
                    changed = True  # shown again, with a word on why
                if not deciding or changed:
                    check_mark = _mark_of_check(user, fingerprint)
                    checked = True
        if not checked and not form.errors:
            try:
                attach_to = (
                    _intake_person(request, decision.removeprefix("attach:"))
                    if decision != "new"
                    else None
                )
                if user.is_decoy and attach_to is not None:  # kept in its session, as she is
                    person_id = decoy.report_add(
                        request,
                        actor=user,
                        person=attach_to,
                        report=form.report_details(),
                        details=details,
                        once=mark.once,
                    ).person.pk
                elif user.is_decoy:
                    # Nothing is saved: her page lives in the decoy's session only.
                    person_id = decoy.person_enter(
                        request,
                        actor=user,
                        details=details,
                        report=form.report_details(),
                        once=mark.once,
                    ).pk
                else:
                    person_id = services.intake_submit(
                        actor=user,
                        details=details,
                        report=form.report_details(),
                        attach_to=attach_to,
                        once=mark.once,
                    ).person_id
            except services.IntakeAlreadySaved as exc:  # "save" tapped twice: the first counts
                messages.info(request, _("This report was already saved. It was not saved again."))
                return redirect("tracing:person_detail", person_id=exc.person_id)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except ActionRefused as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("Report added to the existing person.")
                    if attach_to
                    else _("New person entered."),
                )
                return redirect("tracing:person_detail", person_id=person_id)
    return render(
        request,
        "tracing/intake.html",
        {
            "form": form,
            "candidates": candidates,
            "checked": checked,
            "check_mark": check_mark,
            "changed": changed,
        },
        status=422 if request.method == "POST" and not form.is_valid() else 200,
    )


def _pretend(request: HttpRequest, person_id: Any) -> Person | None:
    """A decoy's pretend person with that id (404 for any other id, as a decoy sees no
    record); None for everyone else. Her pages and forms answer as a real person's do,
    and what their saves change is kept in the decoy's session only."""
    if not request_user(request).is_decoy:
        return None
    person = decoy.person(request, person_id)
    if person is None:
        raise Http404
    return person


@access(capability=Capability.CASES_READ)
@require_GET
def person_detail(request: HttpRequest, person_id: str) -> HttpResponse:
    user = request_user(request)
    if user.is_decoy:  # its pretend persons only; any other id is not found, as for anyone
        pretend = decoy.page(request, person_id)
        if pretend is None:
            raise Http404
        page = pretend
    else:
        page = selectors.person_page_for_user(user=user, person_id=person_id)
    if str(page.person.pk) != str(person_id):
        return redirect("tracing:person_detail", person_id=page.person.pk)
    location_reports = (
        intel_decoy.reports_for_person(request, page.person)
        if user.is_decoy
        else location_reports_for_person(user=user, person=page.person)
    )
    return render(
        request,
        "tracing/person_detail.html",
        {
            "page": page,
            "person": page.person,
            "status_form": StatusForm(initial={"status": page.person.status}),
            "question_form": QuestionForm(),
            "words_form": WordsForm(),
            # Where she is held and what the trap check says, from the apps that own them.
            "location_reports": location_reports,
            # A decoy's pretend reports name its own members and holders only: all shown.
            "report_names": linked_ids_all(reports=location_reports)
            if user.is_decoy
            else location_report_names_shown(user=user, reports=location_reports),
            "rescue_requests": verification_decoy.requests_for_person(request, person=page.person)
            if user.is_decoy
            else requests_for_person(user=user, person=page.person),
            "can_request": has_capability(user, Capability.CASES_WRITE),
            "still_held": page.person.status not in NOT_HELD,
        },
    )


def _differences(form: PersonEditForm, current: Person) -> list[tuple[str, str, str]]:
    """(label, saved now, your input) for every field where the editor's input differs."""
    saved = person_initial(current)
    choices = dict(SEX_CHOICES)
    rows: list[tuple[str, str, str]] = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        now, yours = str(saved.get(name) or ""), str(form.data.get(name, "")).strip()
        if name in (*NAME_PARTS, "nicknames", "home_place"):
            now, yours = (" | ".join(split_spellings(text)) for text in (now, yours))
        if now != yours:
            if name == "sex":
                now, yours = str(choices.get(now, now)), str(choices.get(yours, yours))
            rows.append((str(field.label), now, yours))
    return rows


@access(capability=Capability.CASES_WRITE)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: str) -> HttpResponse:
    """Change her details. The form carries the version it was opened at: a save after
    someone else's change is refused and shows their values next to the editor's input."""
    user = request_user(request)
    pretend = _pretend(request, person_id)
    person = pretend or selectors.person_get_for_user(user=user, person_id=person_id)
    merged = str(person.pk) != str(person_id)  # merged while the form was open: the survivor
    if request.method == "GET":
        if merged:
            return redirect("tracing:person_edit", person_id=person.pk)
        return render(
            request,
            "tracing/person_edit.html",
            {"person": person, "form": PersonEditForm(person=person)},
        )
    form = PersonEditForm(request.POST, person=person)
    conflict: EditConflict | None = None
    if form.is_valid():
        expected = form.cleaned_data["version"]
        try:
            if merged:
                raise EditConflict(current_version=person.version, merged=True)
            if pretend is not None:
                saved = decoy.details_edit(
                    request,
                    actor=user,
                    person=pretend,
                    details=form.person_details(),
                    expected_version=expected,
                )
            else:
                saved = services.person_update(
                    actor=user,
                    person=person,
                    details=form.person_details(),
                    expected_version=expected,
                )
        except EditConflict as exc:
            conflict = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ActionRefused as exc:
            raise Http404 from exc
        else:
            messages.success(
                request, _("Saved.") if saved.version != expected else _("Nothing changed.")
            )
            return redirect("tracing:person_detail", person_id=saved.pk)
    if conflict is None:
        return render(
            request, "tracing/person_edit.html", {"person": person, "form": form}, status=422
        )
    # Their values as saved now, the editor's input kept; the form now carries the current
    # version, so saving again is a decision taken with both in view.
    current = (
        _pretend(request, person.pk)
        if pretend is not None
        else selectors.person_get_for_user(user=user, person_id=person.pk)
    )
    assert current is not None  # noqa: S101  (type narrowing: _pretend raises)  # nosec B101
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = PersonEditForm(data, person=current)
    return render(
        request,
        "tracing/person_edit.html",
        {
            "person": current,
            "form": form,
            "conflict": conflict,
            "differences": _differences(form, current),
        },
        status=409,
    )


Action = Callable[[User, Person, dict[str, Any]], object]


def _person_action(
    request: HttpRequest,
    person_id: str,
    form_class: type[forms.Form],
    action: Action,
    *,
    pretend: Action,
    done: str,
    invalid: str,
) -> HttpResponse:
    """One form posted from the person page: the service's answer comes back as a message.
    On a decoy's pretend person, ``pretend`` runs instead: the same checks and answer, and
    what it changed kept in the decoy's session."""
    user = request_user(request)
    pretend_person = _pretend(request, person_id)
    person = pretend_person or selectors.person_get_for_user(user=user, person_id=person_id)
    act = action if pretend_person is None else pretend
    form = form_class(request.POST)
    if form.is_valid():
        call_service_for_message(request, lambda: act(user, person, form.cleaned_data), done=done)
    else:
        messages.error(request, invalid)
    return redirect("tracing:person_detail", person_id=person.pk)


@access(capability=Capability.CASES_WRITE)
@require_POST
def person_status(request: HttpRequest, person_id: str) -> HttpResponse:
    return _person_action(
        request,
        person_id,
        StatusForm,
        lambda user, person, data: services.person_status_change(
            actor=user, person=person, status=data["status"], reason=data["reason"]
        ),
        pretend=lambda user, person, data: decoy.status_change(
            request, actor=user, person=person, status=data["status"], reason=data["reason"]
        ),
        done=_("Status changed."),
        invalid=_("Choose a status and say why."),
    )


@access(capability=Capability.CASES_WRITE)
@require_POST
def question_add(request: HttpRequest, person_id: str) -> HttpResponse:
    return _person_action(
        request,
        person_id,
        QuestionForm,
        lambda user, person, data: services.auth_question_add(actor=user, person=person, **data),
        pretend=lambda user, person, data: decoy.question_add(
            request, actor=user, person=person, **data
        ),
        done=_("Question saved. The answer is kept only as a hash."),
        invalid=_("Write the question and its answer."),
    )


@access(capability=Capability.CASES_WRITE)
@require_POST
def words_set(request: HttpRequest, person_id: str) -> HttpResponse:
    return _person_action(
        request,
        person_id,
        WordsForm,
        lambda user, person, data: services.agreed_words_set(actor=user, person=person, **data),
        pretend=lambda user, person, data: decoy.words_set(
            request, actor=user, person=person, **data
        ),
        done=_("Words agreed. They are kept only as hashes."),
        invalid=_("Write both words."),
    )


@access(capability=Capability.CASES_WRITE)
@require_http_methods(["GET", "POST"])
def person_links(request: HttpRequest, person_id: str) -> HttpResponse:
    """Who was taken with her: find the other person by name, say who they are to her."""
    user = request_user(request)
    pretend = _pretend(request, person_id)
    if pretend is not None:
        return _pretend_links(request, user, pretend)
    person = selectors.person_get_for_user(user=user, person_id=person_id)
    if str(person.pk) != str(person_id):  # merged: her links are on the record she became
        if request.method == "POST":
            messages.error(
                request,
                _(
                    "This record was merged into another one; these are the links of the "
                    "record it became. Nothing was changed."
                ),
            )
        return redirect("tracing:person_links", person_id=person.pk)
    if request.method == "POST" and searches.sent(request) is None:
        form = LinkForm(request.POST)
        if form.is_valid():
            other = selectors.link_target_for_user(user=user, person_id=form.cleaned_data["other"])
            call_service_for_message(
                request,
                lambda: services.person_link_create(
                    actor=user, person=person, other=other, kind=form.cleaned_data["kind"]
                ),
                done=_("Linked."),
            )
        else:
            messages.error(
                request, _("Choose a person from the search results and who they are to her.")
            )
        return redirect("tracing:person_links", person_id=person.pk)
    links = selectors.person_links_for_user(user=user, person=person)
    return _links_page(
        request,
        person,
        links,
        lambda query: selectors.persons_search_for_user(user=user, query=query),
    )


def _links_page(
    request: HttpRequest,
    person: Person,
    links: list[PersonLink],
    find: Callable[[str], list[Person]],
) -> HttpResponse:
    """Her links page, with the persons a search sent by POST finds (``find``), her aside."""
    search = SearchForm(searches.sent(request))
    searches.in_address(request)  # a search in an old address is only noted: never run
    if search.is_bound and search.is_valid() and not search.cleaned_data["q"].strip():
        search.add_error("q", _("Type a name to search."))
    query = search.cleaned_data["q"].strip() if search.is_bound and search.is_valid() else ""
    linked = {link.other_id for link in links}
    found = [p for p in find(query) if p.pk != person.pk] if query else []
    return render(
        request,
        "tracing/person_links.html",
        {
            "person": person,
            "links": links,
            "search": search,
            "query": query,
            "found": [(p, p.pk in linked) for p in found],
            "kinds": PersonLinkKind.choices,
        },
        status=400 if search.errors else 200,
    )


def _pretend_links(request: HttpRequest, user: User, person: Person) -> HttpResponse:
    """:func:`person_links` for a decoy's pretend person: the persons taken with her are
    others of its pretend persons, found and linked as real ones are."""
    links = decoy.links(request, person.pk)
    if request.method == "POST" and searches.sent(request) is None:
        form = LinkForm(request.POST)
        if form.is_valid():
            # Another id than its pretend persons': 404, as link_target_for_user answers.
            other = decoy.person_or_404(request, form.cleaned_data["other"])
            call_service_for_message(
                request,
                lambda: decoy.link_add(
                    request,
                    actor=user,
                    person=person,
                    other_id=other.pk,
                    kind=form.cleaned_data["kind"],
                ),
                done=_("Linked."),
            )
        else:
            messages.error(
                request, _("Choose a person from the search results and who they are to her.")
            )
        return redirect("tracing:person_links", person_id=person.pk)
    return _links_page(request, person, links, lambda query: decoy.persons_found(request, query))


@access(capability=Capability.CASES_WRITE)
@require_POST
def person_link_remove(request: HttpRequest, person_id: str) -> HttpResponse:
    user = request_user(request)
    pretend = _pretend(request, person_id)
    person = pretend or selectors.person_get_for_user(user=user, person_id=person_id)
    form = LinkRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the link to remove."))
        return redirect("tracing:person_links", person_id=person.pk)
    if pretend is not None:
        if form.cleaned_data["link"] not in {k.pk for k in decoy.links(request, person.pk)}:
            raise Http404  # as person_link_get_for_user: not hers

        def remove() -> None:
            decoy.link_remove(request, actor=user, person=person, link_id=form.cleaned_data["link"])

    else:
        link = selectors.person_link_get_for_user(
            user=user, person=person, link_id=form.cleaned_data["link"]
        )

        def remove() -> None:
            services.person_link_remove(actor=user, link=link)

    call_service_for_message(request, remove, done=_("Link removed."))
    return redirect("tracing:person_links", person_id=person.pk)


@access(capability=Capability.CASES_WRITE)
@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest, person_id: str) -> HttpResponse:
    """Log a contact; her answers are checked and only pass or fail is shown."""
    user = request_user(request)
    pretend = _pretend(request, person_id)
    person = pretend or selectors.person_get_for_user(user=user, person_id=person_id)
    secrets = decoy.secrets(request, person.pk) if pretend is not None else []
    questions = (
        [s for s in secrets if s.kind == SecretKind.QUESTION]
        if pretend is not None
        else selectors.auth_questions_for_user(user=user, person=person)
    )
    form = ContactForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            if pretend is not None:
                contact, _check = decoy.contact_log(
                    request, actor=user, person=pretend, contact=form.contact_details()
                )
            else:
                contact = services.contact_create(
                    actor=user, person=person, contact=form.contact_details()
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ActionRefused as exc:
            raise Http404 from exc
        else:
            if contact.duress_word_used:
                messages.error(
                    request,
                    _("DURESS WORD USED. Coordinators have been alerted. Do not act on this call."),
                )
            messages.success(
                request,
                _("Contact logged. Authentication: %(outcome)s.")
                % {"outcome": contact.get_auth_outcome_display()},
            )
            return redirect("tracing:person_detail", person_id=person.pk)
    return render(
        request,
        "tracing/contact_form.html",
        {"form": form, "person": person},
        status=422 if request.method == "POST" else 200,
    )


@access(capability=Capability.CASES_READ)
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    if request_user(request).is_decoy:  # the pairs of its own pretend persons only
        rows = decoy_duplicates.open_pairs(request)
        suggested = decoy_duplicates.suggestions(rows)
    else:
        rows = selectors.duplicates_open_for_user(user=request_user(request))
        suggested = selectors.duplicate_suggestions(rows)
    return render(
        request,
        "tracing/duplicate_list.html",
        {"rows": [(row, (row.left, row.right), suggested[row.pk]) for row in rows]},
    )


def _already_decided(request: HttpRequest, user: User, row: DuplicateCandidate) -> HttpResponse:
    """Someone decided this pair meanwhile (another tab, another user): say so, change nothing."""
    if row.status == DuplicateStatus.DISMISSED:
        messages.error(
            request,
            _("This pair was already marked as not the same person. Nothing was changed."),
        )
        return redirect("tracing:duplicate_list")
    survivor = (
        decoy_duplicates.outcome(request, row)
        if user.is_decoy
        else selectors.duplicate_outcome_for_user(user=user, candidate=row)
    )
    if survivor is None:
        messages.error(request, _("These two records were already merged. Nothing was changed."))
        return redirect("tracing:duplicate_list")
    messages.error(
        request,
        _(
            "These two records were already merged. Nothing was changed. "
            "This is the record they became."
        ),
    )
    return redirect("tracing:person_detail", person_id=survivor.pk)


@access(capability=Capability.CASES_WRITE)
@require_POST
def duplicate_decide(request: HttpRequest, candidate_id: str, decision: str) -> HttpResponse:
    user = request_user(request)
    if decision not in ("merge", "dismiss"):
        raise Http404
    row = (
        decoy_duplicates.pair_or_404(request, candidate_id)
        if user.is_decoy
        else selectors.duplicate_get_for_user(user=user, candidate_id=candidate_id)
    )
    if row.status != DuplicateStatus.OPEN:
        return _already_decided(request, user, row)
    try:
        if decision == "merge":
            survivor_id = request.POST.get("survivor", "")
            survivor = next((p for p in (row.left, row.right) if str(p.pk) == survivor_id), None)
            if survivor_id and survivor is None:
                messages.error(request, _("Choose one of the two records to keep."))
                return redirect("tracing:duplicate_list")
            merge = (
                decoy_duplicates.merge(request, actor=user, candidate=row, survivor=survivor)
                if user.is_decoy
                else services.duplicate_merge(actor=user, candidate=row, survivor=survivor)
            )
            messages.success(request, _("Merged. Every name, report and contact was kept."))
            return redirect("tracing:person_detail", person_id=merge.survivor_id)
        if user.is_decoy:
            decoy_duplicates.dismiss(request, actor=user, candidate=row)
        else:
            services.duplicate_dismiss(actor=user, candidate=row)
        messages.success(request, _("Marked as not the same person."))
    except ValidationError as exc:
        if not user.is_decoy:  # a decoy's pair is decided in its own session only
            row.refresh_from_db(fields=["status"])
        if row.status != DuplicateStatus.OPEN:  # decided while this request ran
            return _already_decided(request, user, row)
        messages.error(request, " ".join(exc.messages))
    except ActionRefused as exc:
        raise Http404 from exc
    return redirect("tracing:duplicate_list")


@access(capability=Capability.CASES_WRITE)
@require_POST
def merge_undo(request: HttpRequest, merge_id: str) -> HttpResponse:
    user = request_user(request)
    merge = (  # a decoy's: its own pretend merges only; any other id is not found
        decoy.merge_or_404(request, merge_id)
        if user.is_decoy
        else selectors.merge_get_for_user(user=user, merge_id=merge_id)
    )
    try:
        if user.is_decoy:
            decoy_duplicates.merge_undo(request, actor=user, merge=merge)
        else:
            services.merge_undo(actor=user, merge=merge)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ActionRefused as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("Merge undone: both records are as they were."))
    return redirect("tracing:person_detail", person_id=merge.survivor_id)


@access(capability=Capability.CASES_WRITE)
@require_POST
def photo_upload(request: HttpRequest, person_id: str) -> HttpResponse:
    user = request_user(request)
    pretend = _pretend(request, person_id)
    person = pretend or selectors.person_get_for_user(user=user, person_id=person_id)
    upload = request.FILES.get("photo")
    consent = request.POST.get("consent") == "1"
    try:
        if pretend is not None and request.POST.get("remove") == "1":
            pretend_services.photo_pretend(actor=user, data=b"", remove=True)
            decoy.photo_keep(request, person.pk, None, consent=False)
        elif pretend is not None:
            data = upload.read() if upload is not None else b""
            pretend_services.photo_pretend(actor=user, data=data)
            decoy.photo_keep(request, person.pk, data, consent=consent)
        elif request.POST.get("remove") == "1":
            services.person_photo_remove(actor=user, person=person)
        else:
            services.person_photo_set(
                actor=user,
                person=person,
                data=upload.read() if upload is not None else b"",
                consent=consent,
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ActionRefused as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("Saved."))
    return redirect("tracing:person_detail", person_id=person.pk)


@access(capability=Capability.CASES_READ)
@require_GET
def photo(request: HttpRequest, person_id: str) -> HttpResponse:
    """Her photo, only where consent is recorded; never cached, never a public URL."""
    user = request_user(request)
    pretend = _pretend(request, person_id)
    person = pretend or selectors.person_get_for_user(user=user, person_id=person_id)
    if not person.photo or not person.photo_consent:
        raise Http404
    if pretend is not None:
        kept = decoy.photo(request, person.pk)
        if kept is None:
            raise Http404
        data = kept
    else:
        with person.photo.open("rb") as handle:
            data = handle.read()
    response = HttpResponse(data, content_type=photo_type(data) or "application/octet-stream")
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = "inline"
    return response
