"""Statistics: counts and timelines from statuses and dates only, never from names."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.db.models import Min, Q
from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused, Capability, has_capability
from safepassage.reports.suppression import THRESHOLD, Counts, Link, Table, suppress_together
from safepassage.tracing.models import Person, PersonStatus

# The stages a person passes through, and the status that marks reaching each.
STAGES: list[tuple[str, str | None]] = [
    ("reported", None),
    ("located", PersonStatus.LOCATED),
    ("rescued", PersonStatus.ARRIVED),
    ("reunited", PersonStatus.REUNITED),
]

# The statuses of the women who have reached each stage. A stage's total over the months is
# their number when every step falls in the months shown, and a reader may take it so.
REACHED: dict[str, list[str]] = {
    "reported": [s.value for s in PersonStatus],
    "located": [
        PersonStatus.LOCATED,
        PersonStatus.RESCUE_PLANNED,
        PersonStatus.IN_TRANSIT,
        PersonStatus.ARRIVED,
        PersonStatus.REUNITED,
    ],
    "rescued": [PersonStatus.ARRIVED, PersonStatus.REUNITED],
    "reunited": [PersonStatus.REUNITED],
}


@dataclass(frozen=True)
class Statistics:
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    months: list[str]  # "YYYY-MM", oldest first
    per_month: dict[str, list[int]]  # stage -> counts per month
    median_days_report_to_rescue: float | None
    median_days_rescue_to_reunion: float | None
    total_persons: int
    open_alerts: int | None = None
    # Planned (draft or approved) and underway operations: counts only, no names.
    open_operations: int = 0
    # How many women each median is taken over.
    rescues_timed: int = 0
    reunions_timed: int = 0


@dataclass(frozen=True)
class StatisticsShown:
    """The statistics page's figures; ``None`` is a figure withheld from this reader."""

    by_status: list[tuple[str, str, int | None]]
    months: list[str]
    per_month: dict[str, list[int | None]]
    median_days_report_to_rescue: float | None
    median_days_rescue_to_reunion: float | None
    total_persons: int | None
    open_alerts: int | None
    open_operations: int | None
    withheld: bool  # small counts are withheld on this page for this reader


def _first(status: str) -> Min:
    """When a person first reached ``status``."""
    return Min("status_changes__changed_at", filter=Q(status_changes__to_status=status))


def _month(day: datetime.date | datetime.datetime) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _months_shown(today: datetime.date) -> list[str]:
    """Every month of last calendar year and of this one up to ``today``'s.

    Whole calendar years, not the last twelve months: a month never leaves the months shown
    on its own. With a moving window, last month's total over July to June minus this month's
    over August to July was July's figure, withheld or not; here a year leaves on 1 January
    as a whole, and its totals over the stages are withheld over as published (``withhold``).
    """
    return [
        f"{year:04d}-{month:02d}" for year in (today.year - 1, today.year) for month in range(1, 13)
    ][: 12 + today.month]


@dataclass(frozen=True)
class PersonDates:
    """What the statistics read of one person: her status, when she was entered, her first
    report's day, and when she first reached each stage (None: not yet)."""

    status: str
    created: datetime.datetime
    reported: datetime.date | None
    located: datetime.datetime | None
    rescued: datetime.datetime | None
    reunited: datetime.datetime | None


def statistics_for_user(
    *,
    user: User,
    pretend: Sequence[PersonDates] = (),
    pretend_alerts: int = 0,
    pretend_operations: int = 0,
    today: datetime.date | None = None,
) -> Statistics:
    """Figures for the dashboard; refused to roles without the statistics capability.

    A decoy sees no record: its figures are those of ``pretend``, its own pretend persons,
    ``pretend_alerts``, its open pretend alerts, and ``pretend_operations``, its open pretend
    operations (every other figure zero), counted by the same rules as real ones."""
    if not has_capability(user, Capability.STATISTICS):
        raise ActionRefused("You cannot see statistics.")
    decoy = user.is_decoy
    if decoy:
        persons = list(pretend)
    else:
        persons = [
            PersonDates(*row)
            for row in Person.objects.filter(merged_into__isnull=True)
            .annotate(
                reported=Min("reports__reported_on"),
                located=_first("located"),
                rescued=_first("arrived"),
                reunited=_first("reunited"),
            )
            .values_list("status", "created_at", "reported", "located", "rescued", "reunited")
        ]
    counts = Counter(p.status for p in persons)
    by_status = [(s.value, str(s.label), counts.get(s.value, 0)) for s in PersonStatus]
    dated = [(p.created, p.reported, p.located, p.rescued, p.reunited) for p in persons]

    month_list = _months_shown(today or timezone.localdate())
    index = {m: i for i, m in enumerate(month_list)}
    per_month = {stage: [0] * len(month_list) for stage, _ in STAGES}
    to_rescue: list[float] = []
    to_reunion: list[float] = []
    for created, reported, located, rescued, reunited in dated:
        start = reported or created.date()
        for stage, moment in (
            ("reported", start),
            ("located", located),
            ("rescued", rescued),
            ("reunited", reunited),
        ):
            if moment is not None and _month(moment) in index:
                per_month[stage][index[_month(moment)]] += 1
        if rescued is not None:
            to_rescue.append((rescued.date() - start).days)
            if reunited is not None:
                to_reunion.append((reunited - rescued).total_seconds() / 86400)
    open_alerts = None
    if has_capability(user, Capability.ALERTS):
        from safepassage.operations.models import Alert

        open_alerts = (
            pretend_alerts if decoy else Alert.objects.filter(acknowledged_at__isnull=True).count()
        )
    from safepassage.operations.models import ENDED_STATUSES, Operation

    open_operations = (
        pretend_operations
        if decoy
        else Operation.objects.exclude(status__in=ENDED_STATUSES).count()
    )
    return Statistics(
        by_status=by_status,
        months=month_list,
        per_month=per_month,
        median_days_report_to_rescue=statistics.median(to_rescue) if to_rescue else None,
        median_days_rescue_to_reunion=statistics.median(to_reunion) if to_reunion else None,
        total_persons=sum(counts.values()),
        open_alerts=open_alerts,
        open_operations=open_operations,
        rescues_timed=len(to_rescue),
        reunions_timed=len(to_reunion),
    )


def statistics_page_for_user(
    *,
    user: User,
    pretend: Sequence[PersonDates] = (),
    pretend_alerts: int = 0,
    pretend_operations: int = 0,
) -> StatisticsShown:
    """The statistics page: exact figures for those who see every record (coordinators).

    Others (caseworkers, who see only the cases shared with them, and analysts, who see no
    record) get the public exports' withholding: a count of 1 to 4 in a village's small
    world can point at one family, or at one operation under way. Counts below the threshold
    are withheld, and so are those that could be worked out from a total; a median taken
    over fewer women than the threshold is withheld too.
    """
    stats = statistics_for_user(
        user=user,
        pretend=pretend,
        pretend_alerts=pretend_alerts,
        pretend_operations=pretend_operations,
    )
    if has_capability(user, Capability.CASES_ALL):
        return StatisticsShown(
            by_status=list(stats.by_status),
            months=stats.months,
            per_month={stage: list(values) for stage, values in stats.per_month.items()},
            median_days_report_to_rescue=stats.median_days_report_to_rescue,
            median_days_rescue_to_reunion=stats.median_days_rescue_to_reunion,
            total_persons=stats.total_persons,
            open_alerts=stats.open_alerts,
            open_operations=stats.open_operations,
            withheld=False,
        )
    by_status, per_month = withhold(stats)
    stages = [stage for stage, _ in STAGES]

    def median(value: float | None, over: int) -> float | None:
        return value if over >= THRESHOLD else None

    def count(value: int | None) -> int | None:
        return None if value is not None and 0 < value < THRESHOLD else value

    return StatisticsShown(
        by_status=[
            (code, label, row[0])
            for (code, label, _), row in zip(stats.by_status, by_status.cells, strict=True)
        ],
        months=stats.months,
        per_month={
            stage: [row[column] for row in per_month.cells] for column, stage in enumerate(stages)
        },
        median_days_report_to_rescue=median(
            stats.median_days_report_to_rescue, stats.rescues_timed
        ),
        median_days_rescue_to_reunion=median(
            stats.median_days_rescue_to_reunion, stats.reunions_timed
        ),
        total_persons=by_status.column_totals[0],
        open_alerts=count(stats.open_alerts),
        open_operations=count(stats.open_operations),
        withheld=True,
    )


def withhold(stats: Statistics) -> tuple[Table, Table]:
    """The by-status table and the months × stages table, withheld together.

    One reader sees both (the page, and its export), so a figure withheld in one must not come
    back from the other: each stage's total over the months is linked to the statuses that
    reached it (reunited to reunited, rescued to arrived and reunited, reported to everyone)
    when every step fell in the months shown, and the withholding goes on over both tables
    and these links until nothing withheld can be worked out. The export publishes the second
    table, as the page shows it.

    The same reader may keep last month's publication. The months shown are whole calendar
    years, so none leaves alone; each year's totals over the stages, which a reader gets by
    comparing December's publication with January's, are withheld over as if published (and
    chosen as partners only when nothing else will do); and
    this year's months still to come are withheld over as zeros that are known (never a
    partner), so that with nothing else changed a month's publication is the next month's,
    figure for figure."""
    statuses = [code for code, _, _ in stats.by_status]
    stages = [stage for stage, _ in STAGES]
    shown = len(stats.months)
    year, last = stats.months[-1].split("-")
    months = [*stats.months, *(f"{year}-{month:02d}" for month in range(int(last) + 1, 13))]
    years = sorted({month[:4] for month in months})
    cells = [
        [stats.per_month[stage][i] if i < shown else 0 for stage in stages]
        for i in range(len(months))
    ]
    counts = {code: count for code, _, count in stats.by_status}
    # A link the figures do not keep (a step before the months shown) tells a reader who takes
    # it for granted something false, so nothing: only those that hold are withheld over.
    links: list[Link] = [
        ([(0, statuses.index(status), 0) for status in REACHED[stage]], (1, len(months), column))
        for column, stage in enumerate(stages)
        if sum(stats.per_month[stage]) == sum(counts[status] for status in REACHED[stage])
    ]
    links += [
        ([(1, i, column) for i, month in enumerate(months) if month[:4] == y], (2, k, column))
        for k, y in enumerate(years)
        for column in range(len(stages))
    ]
    # The years' totals over the stages add up to the months' (the same figures).
    links += [([(2, len(years), c)], (1, len(months), c)) for c in range(len(stages) + 1)]
    in_year = [
        [row for month, row in zip(months, cells, strict=True) if month[:4] == y] for y in years
    ]
    by_status, per_month, _ = suppress_together(
        [
            Counts(statuses, ["count"], [[count] for _, _, count in stats.by_status]),
            Counts(months, stages, cells),
            Counts(
                years,
                stages,
                [[sum(row[c] for row in rows) for c in range(len(stages))] for rows in in_year],
            ),
        ],
        links,
        threshold=THRESHOLD,
        known={(1, i, c) for i in range(shown, len(months)) for c in range(len(stages) + 1)},
        avoid={(2, k, c) for k in range(len(years)) for c in range(len(stages) + 1)},
    )
    return by_status, replace(
        per_month,
        rows=per_month.rows[:shown],
        cells=per_month.cells[:shown],
        row_totals=per_month.row_totals[:shown],
    )
