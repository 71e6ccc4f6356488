"""行政复议 and 行政诉讼 linked to a case: registration, results, section 四, scoping."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.appeals import actions
from gongkai.appeals.models import Appeal
from gongkai.appeals.report import section4
from gongkai.applications import actions as case_actions
from gongkai.applications.choices import ReplyKind
from gongkai.audit.models import AuditEvent

D = date


@pytest.fixture
def closed_case(make_case, staff):
    case = make_case(D(2026, 3, 2))
    case_actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.WITHHOLD_PROCESS, on=D(2026, 3, 20))
    return case


def test_reconsideration_then_litigation(closed_case, staff):
    clerk = staff["clerk"]
    review = actions.create_appeal(
        closed_case,
        acting_user=clerk,
        kind="RV",
        body="测试高新区管理委员会",
        filed_on=D(2026, 4, 10),
        case_number="复〔2026〕1号",
    )
    assert review.result == "pending" and review.agency == closed_case.agency
    with pytest.raises(ValidationError):  # the reconsideration has no decision yet
        actions.create_appeal(
            closed_case,
            acting_user=clerk,
            kind="LR",
            body="某区人民法院",
            filed_on=D(2026, 6, 1),
            prior=review,
        )
    with pytest.raises(ValidationError):
        actions.record_result(review, acting_user=clerk, result="upheld", decided_on=D(2026, 4, 1))
    review = actions.record_result(review, acting_user=clerk, result="upheld", decided_on=D(2026, 5, 20))
    with pytest.raises(ValidationError):  # after reconsideration needs its prior
        actions.create_appeal(
            closed_case, acting_user=clerk, kind="LR", body="某区人民法院", filed_on=D(2026, 6, 1)
        )
    lawsuit = actions.create_appeal(
        closed_case, acting_user=clerk, kind="LR", body="某区人民法院", filed_on=D(2026, 6, 1), prior=review
    )
    assert lawsuit.prior == review
    assert section4(closed_case.agency, 2026) == {"RV": [1, 0, 0, 0, 1], "LD": [0] * 5, "LR": [0, 0, 0, 1, 1]}
    assert list(
        AuditEvent.objects.filter(action__startswith="appeals.").values_list("action", flat=True)
    ) == [
        "appeals.create",
        "appeals.record_result",
        "appeals.create",
    ]


def test_appeal_dates_are_checked(closed_case, staff):
    for filed in (D(2026, 3, 1), D(2026, 11, 28)):
        with pytest.raises(ValidationError):
            actions.create_appeal(
                closed_case, acting_user=staff["clerk"], kind="LD", body="法院", filed_on=filed
            )


def test_only_the_agencys_handlers_may_register(closed_case, staff):
    for user in (staff["reviewer"], staff["clerk_b"]):
        with pytest.raises(PermissionDenied):
            actions.create_appeal(
                closed_case, acting_user=user, kind="LD", body="法院", filed_on=D(2026, 4, 1)
            )


def test_section4_counts_the_year_of_filing_with_the_result_at_its_end(closed_case, staff):
    clerk = staff["clerk"]
    late = actions.create_appeal(
        closed_case, acting_user=clerk, kind="LD", body="法院", filed_on=D(2026, 11, 2)
    )
    actions.record_result(late, acting_user=clerk, result="corrected", decided_on=D(2026, 11, 20))
    Appeal.objects.filter(pk=late.pk).update(decided_on=D(2027, 1, 5))  # decided after the year's end
    early = actions.create_appeal(
        closed_case, acting_user=clerk, kind="LD", body="法院", filed_on=D(2026, 4, 2)
    )
    actions.record_result(early, acting_user=clerk, result="other", decided_on=D(2026, 6, 2))
    assert section4(closed_case.agency, 2026)["LD"] == [0, 0, 1, 1, 2]
    assert section4(closed_case.agency, 2025)["LD"] == [0, 0, 0, 0, 0]


def test_appeal_pages_and_scoping(client, closed_case, staff):
    client.force_login(staff["clerk"])
    response = client.post(
        reverse("appeals:create", args=[closed_case.pk]),
        {"kind": "RV", "body": "测试高新区管理委员会", "filed_on": "2026-04-10", "case_number": "复1"},
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response.url == reverse("appeals:detail", args=[appeal.pk])
    result = client.post(
        reverse("appeals:detail", args=[appeal.pk]), {"result": "corrected", "decided_on": "2026-05-10"}
    )
    assert result.status_code == 302
    appeal.refresh_from_db()
    assert appeal.result == "corrected"
    assert appeal.body in client.get(reverse("appeals:list")).content.decode()
    client.force_login(staff["clerk_b"])
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404
    assert (
        client.post(
            reverse("appeals:detail", args=[appeal.pk]), {"result": "upheld", "decided_on": "2026-05-11"}
        ).status_code
        == 404
    )
    assert appeal.body not in client.get(reverse("appeals:list")).content.decode()
    client.force_login(staff["reviewer"])
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 200
    assert (
        client.post(
            reverse("appeals:detail", args=[appeal.pk]), {"result": "upheld", "decided_on": "2026-05-11"}
        ).status_code
        == 403
    )


appeal_strategy = st.tuples(
    st.sampled_from(["RV", "LD", "LR"]),
    st.dates(D(2025, 1, 1), D(2026, 12, 31)),
    st.one_of(st.none(), st.integers(0, 400)),
    st.sampled_from(["upheld", "corrected", "other"]),
)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(appeals=st.lists(appeal_strategy, max_size=40), year=st.integers(2025, 2026))
def test_s4_sum_holds_on_any_generated_data(closed_case, appeals, year):
    Appeal.objects.all().delete()
    Appeal.objects.bulk_create(
        Appeal(
            agency=closed_case.agency,
            application=closed_case,
            kind=kind,
            body="机关",
            filed_on=filed,
            decided_on=None if days is None else filed + timedelta(days=days),
            result="pending" if days is None else result,
        )
        for kind, filed, days, result in appeals
    )
    s4 = section4(closed_case.agency, year)
    assert list(s4) == ["RV", "LD", "LR"]
    for code, row in s4.items():
        assert row[4] == sum(row[:4]), code  # S4-SUM
        assert row[4] == sum(1 for kind, filed, *_ in appeals if kind == code and filed.year == year)
