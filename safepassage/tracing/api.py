"""The tracing REST API: the same selectors, services and access rules as the pages."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepassage.accounts.models import User
from safepassage.accounts.permissions import AccessRule, Capability, request_user
from safepassage.matching import parse_birth_year
from safepassage.tracing import selectors, services
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import (
    NAME_PARTS,
    ContactChannel,
    Person,
    PersonStatus,
)

READ = AccessRule(capability=Capability.CASES_READ)
WRITE = AccessRule(capability=Capability.CASES_WRITE)


def _names() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )


class PersonDetailsSerializer(serializers.Serializer[Any]):
    given_names = _names()
    father_names = _names()
    grandfather_names = _names()
    family_names = _names()
    mother_names = _names()
    nicknames = _names()
    sex = serializers.ChoiceField(choices=["", "f", "m"], required=False, default="")
    birth = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="Year, age or range."
    )
    community = serializers.CharField(required=False, default="", allow_blank=True)
    home_place = serializers.CharField(required=False, default="", allow_blank=True)
    abducted_on = serializers.DateField(required=False, allow_null=True, default=None)
    abduction_place = serializers.CharField(required=False, default="", allow_blank=True)
    distinguishing_marks = serializers.CharField(required=False, default="", allow_blank=True)

    def validate_birth(self, value: str) -> tuple[int | None, int]:
        try:
            return parse_birth_year(value)
        except ValueError:
            raise serializers.ValidationError(
                "Give a birth year (1998), an age (25, about 25) or a range (1996-1999)."
            ) from None

    @staticmethod
    def details(data: dict[str, Any]) -> PersonDetails:
        year, uncertainty = data.get("birth") or (None, 0)
        return PersonDetails(
            **{part: tuple(data.get(part) or ()) for part in NAME_PARTS},
            nicknames=tuple(data.get("nicknames") or ()),
            sex=data.get("sex", ""),
            birth_year=year,
            birth_year_uncertainty=uncertainty,
            community=data.get("community", ""),
            home_place=data.get("home_place", ""),
            abducted_on=data.get("abducted_on"),
            abduction_place=data.get("abduction_place", ""),
            distinguishing_marks=data.get("distinguishing_marks", ""),
        )


class ReportInSerializer(serializers.Serializer[Any]):
    reporter_name = serializers.CharField(max_length=200)
    relationship = serializers.CharField(required=False, default="", allow_blank=True)
    reporter_phones = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, default=list
    )
    reporter_village = serializers.CharField(required=False, default="", allow_blank=True)
    preferred_language = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=10
    )
    knowledge = serializers.CharField(required=False, default="", allow_blank=True)
    reported_on = serializers.DateField(required=False, allow_null=True, default=None)

    @staticmethod
    def details(data: dict[str, Any]) -> services.ReportDetails:
        return services.ReportDetails(
            reporter_name=data["reporter_name"],
            relationship=data.get("relationship", ""),
            reporter_phones=tuple(data.get("reporter_phones") or ()),
            reporter_village=data.get("reporter_village", ""),
            preferred_language=data.get("preferred_language", ""),
            knowledge=data.get("knowledge", ""),
            reported_on=data.get("reported_on"),
        )


class IntakeSerializer(serializers.Serializer[Any]):
    person = PersonDetailsSerializer()
    report = ReportInSerializer(required=False)
    attach_to = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="The same person, if matched."
    )


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    given_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    father_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    grandfather_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    family_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    mother_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    nicknames = serializers.ListField(child=serializers.CharField(), read_only=True)
    sex = serializers.CharField(read_only=True)
    birth_year = serializers.IntegerField(read_only=True, allow_null=True)
    birth_year_uncertainty = serializers.IntegerField(read_only=True)
    community = serializers.CharField(read_only=True)
    home_place = serializers.CharField(read_only=True)
    abducted_on = serializers.DateField(read_only=True, allow_null=True)
    abduction_place = serializers.CharField(read_only=True)
    distinguishing_marks = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class ReportSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    person = serializers.UUIDField(source="person_id", read_only=True)
    reporter_name = serializers.CharField(read_only=True)
    relationship = serializers.CharField(read_only=True)
    reporter_phones = serializers.ListField(child=serializers.CharField(), read_only=True)
    reporter_village = serializers.CharField(read_only=True)
    preferred_language = serializers.CharField(read_only=True)
    names_as_reported = serializers.DictField(read_only=True)
    knowledge = serializers.CharField(read_only=True)
    reported_on = serializers.DateField(read_only=True)


class ContactSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    person = serializers.UUIDField(source="person_id", read_only=True)
    occurred_at = serializers.DateTimeField(read_only=True)
    channel = serializers.CharField(read_only=True)
    number_used = serializers.CharField(read_only=True)
    location_said = serializers.CharField(read_only=True)
    holder_said = serializers.CharField(read_only=True)
    condition = serializers.CharField(read_only=True)
    children_with_her = serializers.CharField(read_only=True)
    what_she_asked = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)
    auth_outcome = serializers.CharField(read_only=True)
    duress_word_used = serializers.BooleanField(read_only=True)
    all_clear_given = serializers.BooleanField(read_only=True, allow_null=True)


class StatusChangeSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)
    changed_at = serializers.DateTimeField(read_only=True)


class QuestionSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    question = serializers.CharField(read_only=True)


class PersonDetailSerializer(PersonSerializer):
    reports = ReportSerializer(many=True, read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)
    status_changes = StatusChangeSerializer(many=True, read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)


class ContactInSerializer(serializers.Serializer[Any]):
    occurred_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    number_used = serializers.CharField(required=False, default="", allow_blank=True)
    location_said = serializers.CharField(required=False, default="", allow_blank=True)
    holder_said = serializers.CharField(required=False, default="", allow_blank=True)
    condition = serializers.CharField(required=False, default="", allow_blank=True)
    children_with_her = serializers.CharField(required=False, default="", allow_blank=True)
    what_she_asked = serializers.CharField(required=False, default="", allow_blank=True)
    notes = serializers.CharField(required=False, default="", allow_blank=True)
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="Question id -> what she answered.",
    )
    word_used = serializers.CharField(required=False, default="", allow_blank=True)


class ContactOutSerializer(ContactSerializer):
    results = serializers.DictField(child=serializers.BooleanField(), read_only=True)


class StatusInSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=PersonStatus.choices)
    reason = serializers.CharField(max_length=2000)


class QuestionInSerializer(serializers.Serializer[Any]):
    question = serializers.CharField(max_length=500)
    answer = serializers.CharField(max_length=200, write_only=True)


class CandidateSerializer(serializers.Serializer[Any]):
    person = PersonSerializer(read_only=True)
    score = serializers.FloatField(read_only=True)
    evidence = serializers.ListField(child=serializers.DictField(), read_only=True)


class DuplicateSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    left = PersonSerializer(read_only=True)
    right = PersonSerializer(read_only=True)
    score = serializers.FloatField(read_only=True)
    evidence = serializers.ListField(child=serializers.DictField(), read_only=True)
    status = serializers.CharField(read_only=True)


class MergeInSerializer(serializers.Serializer[Any]):
    survivor = serializers.UUIDField(required=False, allow_null=True, default=None)


class MergeSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    survivor = serializers.UUIDField(source="survivor_id", read_only=True)
    merged = serializers.UUIDField(source="merged_id", read_only=True)
    merged_at = serializers.DateTimeField(read_only=True)
    undone_at = serializers.DateTimeField(read_only=True, allow_null=True)


class PersonListView(APIView):
    access_rule = READ

    @extend_schema(responses=PersonSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = request_user(request)
        query = str(request.query_params.get("q", "")).strip()[:200]
        if query:
            persons = selectors.persons_search_for_user(user=user, query=query)
        else:
            st = str(request.query_params.get("status", ""))
            persons = selectors.person_list_for_user(
                user=user, status=st if st in PersonStatus.values else ""
            )
        return Response(PersonSerializer(persons, many=True).data)

    @extend_schema(request=IntakeSerializer, responses={201: PersonDetailSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        data = IntakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        details = PersonDetailsSerializer.details(data.validated_data["person"])
        attach_to = None
        if data.validated_data.get("attach_to"):
            attach_to = selectors.person_get_for_user(
                user=user, person_id=data.validated_data["attach_to"]
            )
        report = data.validated_data.get("report")
        if report:
            person = services.intake_submit(
                actor=user,
                details=details,
                report=ReportInSerializer.details(report),
                attach_to=attach_to,
            ).person
        elif attach_to is not None:
            person = services.person_add_spellings(actor=user, person=attach_to, details=details)
        else:
            person = services.person_create(actor=user, details=details)
        return Response(_detail(user, person), status=status.HTTP_201_CREATED)


def _detail(user: User, person: Person) -> dict[str, Any]:
    page = selectors.person_page_for_user(user=user, person_id=person.pk)
    person = page.person
    payload = {
        **PersonSerializer(person).data,
        "reports": ReportSerializer(
            [e.record for e in page.timeline if e.kind == "report"], many=True
        ).data,
        "contacts": ContactSerializer(
            [e.record for e in page.timeline if e.kind == "contact"], many=True
        ).data,
        "status_changes": StatusChangeSerializer(
            [e.record for e in page.timeline if e.kind == "status"], many=True
        ).data,
        "questions": QuestionSerializer(page.questions, many=True).data,
    }
    return payload


class PersonDetailView(APIView):
    access_rule = READ

    @extend_schema(responses=PersonDetailSerializer)
    def get(self, request: Request, person_id: str) -> Response:
        return Response(_detail(request_user(request), Person(pk=person_id)))


class PersonSearchView(APIView):
    access_rule = READ

    @extend_schema(responses=PersonSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = str(request.query_params.get("q", "")).strip()[:200]
        persons = selectors.persons_search_for_user(user=request_user(request), query=query)
        return Response(PersonSerializer(persons, many=True).data)


class MatchCheckView(APIView):
    """The intake's "check for matches" step: candidates with score and evidence, no write."""

    access_rule = READ

    @extend_schema(request=PersonDetailsSerializer, responses=CandidateSerializer(many=True))
    def post(self, request: Request) -> Response:
        data = PersonDetailsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        details = PersonDetailsSerializer.details(data.validated_data)
        found = selectors.candidates_for_user(user=request_user(request), details=details.record())
        return Response(CandidateSerializer(found, many=True).data)


class ReportCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=IntakeSerializer, responses={201: ReportSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = selectors.person_get_for_user(user=user, person_id=person_id)
        report = ReportInSerializer(data=request.data.get("report", request.data))
        report.is_valid(raise_exception=True)
        names = PersonDetailsSerializer(data=request.data.get("person", {}))
        names.is_valid(raise_exception=True)
        details = PersonDetailsSerializer.details(names.validated_data)
        if any(details.names().values()) or details.nicknames:
            row = services.intake_submit(
                actor=user,
                details=details,
                report=ReportInSerializer.details(report.validated_data),
                attach_to=person,
            )
        else:
            row = services.report_create(
                actor=user,
                person=person,
                report=ReportInSerializer.details(report.validated_data),
            )
        return Response(ReportSerializer(row).data, status=status.HTTP_201_CREATED)


class ContactCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=ContactInSerializer, responses={201: ContactOutSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = selectors.person_get_for_user(user=user, person_id=person_id)
        data = ContactInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        details = services.ContactDetails(
            **{k: v[k] for k in v if k not in ("answers",)},
            answers={str(k): str(a) for k, a in v["answers"].items()},
        )
        contact, check = services.contact_log(actor=user, person=person, contact=details)
        out = {**ContactSerializer(contact).data, "results": check.results}
        return Response(out, status=status.HTTP_201_CREATED)


class StatusChangeView(APIView):
    access_rule = WRITE

    @extend_schema(request=StatusInSerializer, responses=StatusChangeSerializer)
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = selectors.person_get_for_user(user=user, person_id=person_id)
        data = StatusInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = services.person_set_status(actor=user, person=person, **data.validated_data)
        return Response(StatusChangeSerializer(change).data)


class QuestionCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=QuestionInSerializer, responses={201: QuestionSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = selectors.person_get_for_user(user=user, person_id=person_id)
        data = QuestionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        secret = services.auth_question_add(actor=user, person=person, **data.validated_data)
        return Response(QuestionSerializer(secret).data, status=status.HTTP_201_CREATED)


class WordsInSerializer(serializers.Serializer[Any]):
    duress_word = serializers.CharField(max_length=100, trim_whitespace=True)
    all_clear_word = serializers.CharField(max_length=100, trim_whitespace=True)


class WordsOutSerializer(serializers.Serializer[Any]):
    agreed = serializers.IntegerField(read_only=True, help_text="Words now agreed (never shown).")


class WordsSetView(APIView):
    """Agree a duress word and an all-clear word with her; they are stored only as hashes."""

    access_rule = WRITE

    @extend_schema(request=WordsInSerializer, responses=WordsOutSerializer)
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = selectors.person_get_for_user(user=user, person_id=person_id)
        data = WordsInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        secrets = services.agreed_words_set(actor=user, person=person, **data.validated_data)
        return Response(WordsOutSerializer({"agreed": len(secrets)}).data)


class DuplicateListView(APIView):
    access_rule = READ

    @extend_schema(responses=DuplicateSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = selectors.duplicates_open_for_user(user=request_user(request))
        return Response(DuplicateSerializer(rows, many=True).data)


class DuplicateMergeView(APIView):
    access_rule = WRITE

    @extend_schema(request=MergeInSerializer, responses=MergeSerializer)
    def post(self, request: Request, candidate_id: str) -> Response:
        user = request_user(request)
        row = selectors.duplicate_get_for_user(user=user, candidate_id=candidate_id)
        data = MergeInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = data.validated_data.get("survivor")
        survivor = next((p for p in (row.left, row.right) if p.pk == wanted), None)
        if wanted and survivor is None:
            return Response(
                {"survivor": ["The survivor must be one of the pair."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        merge = services.duplicate_merge(actor=user, candidate=row, survivor=survivor)
        return Response(MergeSerializer(merge).data)


class DuplicateDismissView(APIView):
    access_rule = WRITE

    @extend_schema(request=None, responses=DuplicateSerializer)
    def post(self, request: Request, candidate_id: str) -> Response:
        user = request_user(request)
        row = selectors.duplicate_get_for_user(user=user, candidate_id=candidate_id)
        row = services.duplicate_dismiss(actor=user, candidate=row)
        return Response(DuplicateSerializer(row).data)


class MergeUndoView(APIView):
    access_rule = WRITE

    @extend_schema(request=None, responses=MergeSerializer)
    def post(self, request: Request, merge_id: str) -> Response:
        user = request_user(request)
        merge = selectors.merge_get_for_user(user=user, merge_id=merge_id)
        merge = services.merge_undo(actor=user, merge=merge)
        return Response(MergeSerializer(merge).data)


urlpatterns = [
    path("persons/", PersonListView.as_view(), name="tracing_persons"),
    path("persons/search/", PersonSearchView.as_view(), name="tracing_search"),
    path("persons/match/", MatchCheckView.as_view(), name="tracing_match"),
    path("persons/<uuid:person_id>/", PersonDetailView.as_view(), name="tracing_person"),
    path(
        "persons/<uuid:person_id>/reports/",
        ReportCreateView.as_view(),
        name="tracing_reports",
    ),
    path(
        "persons/<uuid:person_id>/contacts/",
        ContactCreateView.as_view(),
        name="tracing_contacts",
    ),
    path("persons/<uuid:person_id>/status/", StatusChangeView.as_view(), name="tracing_status"),
    path(
        "persons/<uuid:person_id>/questions/",
        QuestionCreateView.as_view(),
        name="tracing_questions",
    ),
    path("persons/<uuid:person_id>/words/", WordsSetView.as_view(), name="tracing_words"),
    path("duplicates/", DuplicateListView.as_view(), name="tracing_duplicates"),
    path(
        "duplicates/<uuid:candidate_id>/merge/",
        DuplicateMergeView.as_view(),
        name="tracing_duplicate_merge",
    ),
    path(
        "duplicates/<uuid:candidate_id>/dismiss/",
        DuplicateDismissView.as_view(),
        name="tracing_duplicate_dismiss",
    ),
    path("merges/<uuid:merge_id>/undo/", MergeUndoView.as_view(), name="tracing_merge_undo"),
]
