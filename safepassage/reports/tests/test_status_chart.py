"""The "Persons by status" chart shows every status name whole, in any language and direction."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from safepassage.reports.charts import horizontal_bar_chart
from safepassage.tracing.models import PersonStatus

pytestmark = pytest.mark.django_db


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.mark.parametrize("language", ["en", "ar", "ckb", "kmr"])
def test_every_status_label_is_drawn_whole(language: str) -> None:
    with translation.override(language):
        labels = [str(label) for label in PersonStatus.labels]
        svg = horizontal_bar_chart(
            labels,
            list(range(len(labels))),
            title="Persons by status",
            rtl=translation.get_language_bidi(),
        )
    texts = _texts(svg)
    for label in labels:
        assert label in texts, label


def test_labels_sit_on_the_reading_side_and_fit_the_drawing() -> None:
    long = "Contact established with the family liaison"
    ltr = horizontal_bar_chart([long, "Missing"], [3, 1], title="t")
    rtl = horizontal_bar_chart([long, "Missing"], [3, 1], title="t", rtl=True)
    assert 'text-anchor="start"' in ltr and 'x="4.0"' in ltr
    assert 'text-anchor="end"' in rtl and 'x="356.0"' in rtl
    # The long label is squeezed into its column instead of running off the drawing.
    assert 'textLength="151"' in ltr and ltr.count("textLength") == 1
    for svg in (ltr, rtl):
        for x in re.findall(r'<rect x="([-\d.]+)"', svg):
            assert 0 <= float(x) <= 360


def test_the_reports_page_shows_whole_status_names(
    client_for: Callable[[str], Client],
) -> None:
    html = client_for("analyst").get("/reports/").content.decode()
    assert "<text" in html
    assert ">Missing</text>" in html and ">Located</text>" in html
