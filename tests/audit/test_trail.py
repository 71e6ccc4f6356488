import threading
from itertools import pairwise

import pytest
from django.db import connection, transaction
from django.urls import reverse

from gongkai.audit import trail
from gongkai.audit.models import AuditEvent, ChainAnchor


def _record(n: int, **kwargs) -> None:
    for i in range(n):
        with transaction.atomic():
            trail.record("test.event", actor_name="tester", detail={"i": i, **kwargs})


def test_chain_links_every_event(db):
    _record(5)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == trail.GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in pairwise(events))
    result = trail.verify()
    assert result.ok and result.checked == 5 and result.head_hash == events[-1].hash


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(trail.AuditError):
        trail.record("test.event")
    assert not AuditEvent.objects.exists()


def test_secrets_and_id_numbers_never_reach_the_trail(db):
    with transaction.atomic(), pytest.raises(trail.AuditError):
        trail.record("test.event", detail={"password": "x"})
    with transaction.atomic():
        event = trail.record("test.event", detail={"note": "申请人 11010519491231002X 来电"})
    assert event.detail["note"] == "申请人 110105********002X 来电"


@pytest.mark.parametrize(
    ("tamper", "problem", "bad_seq"),
    [
        ("UPDATE audit_auditevent SET detail = '{\"i\": 99}' WHERE seq = 3", "篡改", 3),
        ("UPDATE audit_auditevent SET action = 'forged' WHERE seq = 2", "篡改", 2),
        ("DELETE FROM audit_auditevent WHERE seq = 3", "缺失", 4),
        ("UPDATE audit_auditevent SET seq = 9 WHERE seq = 5", "缺失", 9),
    ],
)
def test_verify_names_the_first_bad_event(db, tamper, problem, bad_seq):
    _record(5)
    with connection.cursor() as cursor:
        cursor.execute(tamper)
    result = trail.verify()
    assert not result.ok
    assert problem in result.problem
    assert result.bad_seq == bad_seq


def test_inserted_event_is_found(db):
    _record(3)
    forged = AuditEvent(
        seq=4,
        created_at=AuditEvent.objects.get(seq=3).created_at,
        action="forged",
        prev_hash="f" * 64,
        detail={},
    )
    forged.hash = trail.compute_hash(forged)
    forged.save()
    result = trail.verify()
    assert not result.ok and result.bad_seq == 4 and "前一哈希" in result.problem


def test_inserted_event_with_recomputed_hash_breaks_the_next_link(db):
    _record(3)
    second = AuditEvent.objects.get(seq=2)
    second.detail = {"i": "forged"}
    second.hash = trail.compute_hash(second)  # an attacker who knows the algorithm
    AuditEvent.objects.filter(pk=second.pk).update(detail=second.detail, hash=second.hash)
    result = trail.verify()
    assert not result.ok and result.bad_seq == 3


def test_audit_verify_command_exit_codes(db, capsys):
    from django.core.management import call_command

    _record(3)
    call_command("audit", "verify")
    assert "已校验 3 条" in capsys.readouterr().out
    AuditEvent.objects.filter(seq=2).update(action="forged")
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "verify")
    assert exc.value.code == 1
    assert "#2" in capsys.readouterr().err


def test_purge_keeps_180_days_and_re_anchors(db, settings):
    from datetime import timedelta

    from django.utils import timezone

    _record(4)
    AuditEvent.objects.filter(seq__lte=2).update(created_at=timezone.now() - timedelta(days=400))
    # created_at is hashed: re-hash the aged events as if they had been written then.
    prev = trail.GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq"):
        event.prev_hash = prev
        event.hash = trail.compute_hash(event)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    with pytest.raises(trail.AuditError):
        trail.purge_older_than(90)
    assert trail.purge_older_than(365) == 2
    assert ChainAnchor.objects.get().base_seq == 2
    result = trail.verify()
    assert result.ok and result.checked == 3  # two kept plus the purge's own event


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    """Four threads, each with its own connection, append at once: no lost or forked events."""
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            _record(15, worker=k)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.count() == 60
    assert trail.verify().ok


def test_auditor_browses_filters_and_exports(client, make_staff):
    auditor = make_staff("aud", "top", "auditor")
    clerk = make_staff("clerk", "a", "clerk")
    client.force_login(clerk)
    assert client.get(reverse("audit:list")).status_code == 403
    client.force_login(auditor)
    page = client.get(reverse("audit:list"), {"action": "orgs.create_staff"}).content.decode()
    assert "orgs.create_staff" in page and "auth.login" not in page.split("<tbody>")[1]
    response = client.get(reverse("audit:export"), {"actor": "aud"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Disposition"].startswith("attachment")
    assert body.startswith("\ufeff序号,时间,操作人")
    assert AuditEvent.objects.filter(action="audit.export", actor=auditor).exists()
    assert "审计链完整" in client.get(reverse("audit:verify")).content.decode()
