from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.core.models import CalendarYear


def test_sysadmin_enters_a_year_through_the_form(client, seeded_calendar, make_staff):
    client.force_login(make_staff("sys", "top", "sysadmin"))
    assert "2026" in client.get(reverse("core:calendar")).content.decode()
    response = client.post(
        reverse("core:calendar_new"),
        {
            "year": 2027,
            "source": "国办发明电〔2026〕9号",
            "holidays": "2027-01-01 元旦\n\n2027-02-06 春节",
            "makeup_workdays": "2027-02-14 春节",
        },
    )
    assert response.status_code == 302
    year = CalendarYear.objects.get(year=2027)
    assert year.days.count() == 3
    assert AuditEvent.objects.filter(action="core.set_calendar_year", object_id="2027").exists()
    edit = client.get(reverse("core:calendar_edit", args=[2027])).content.decode()
    assert "2027-02-14 春节" in edit


def test_bad_line_is_reported_with_its_number(client, seeded_calendar, make_staff):
    client.force_login(make_staff("sys", "top", "sysadmin"))
    response = client.post(
        reverse("core:calendar_new"),
        {"year": 2027, "source": "x", "holidays": "2027-01-01 元旦\n2027-13-01 春节", "makeup_workdays": ""},
    )
    assert "法定节假日第 2 行" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_only_the_sysadmin_edits_the_calendar(client, seeded_calendar, make_staff):
    client.force_login(make_staff("admin", "a", "agency_admin"))
    assert client.get(reverse("core:calendar")).status_code == 403
    assert client.post(reverse("core:calendar_new"), {"year": 2027, "source": "x"}).status_code == 403


def test_workday_calculator_explains_the_result(client, seeded_calendar, make_staff):
    client.force_login(make_staff("clerk", "a", "clerk"))
    page = client.get(reverse("core:workday_calc"), {"start": "2026-09-18", "days": 20}).content.decode()
    assert "2026年10月22日" in page and "国庆节" in page
    provisional = client.get(
        reverse("core:workday_calc"), {"start": "2026-12-30", "days": 5}
    ).content.decode()
    assert "暂定" in provisional
