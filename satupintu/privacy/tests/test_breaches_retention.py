from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from satupintu.core.errors import PermissionDenied
from satupintu.ledger.models import Entry
from satupintu.privacy import services, tasks
from satupintu.privacy.models import DataSubjectRequest, RetentionRule
from satupintu.privacy.tests.conftest import citizen_client, give_consent, office_client


def _breach(dpo, **overrides):
    data = {
        "actor": dpo,
        "title": "Berkas ekspor terbuka di server berkas",
        "description": "Tautan berkas ekspor dapat diakses tanpa masuk selama dua hari.",
        "data_categories": "Nama lengkap, NIK, nomor ponsel",
        "affected_subjects_estimate": 120,
        "discovered_at": timezone.now() - dt.timedelta(hours=5),
        "occurred_at": timezone.now() - dt.timedelta(days=2),
        "remediation": "Tautan dicabut, kata sandi diganti, akses log diperiksa.",
        **overrides,
    }
    return services.breach_record(**data)


def test_breach_notice_is_due_72_hours_after_discovery(world, dpo):
    breach = _breach(dpo)
    assert breach.notify_due_at - breach.discovered_at == dt.timedelta(hours=72)
    assert Entry.objects.filter(action="privacy.breach.record").exists()


def test_breach_notice_names_the_data_when_how_and_remediation(world, dpo):
    notice = _breach(dpo).notice_text()
    assert "Data pribadi yang terungkap" in notice
    assert "Nama lengkap, NIK, nomor ponsel" in notice
    assert "Kapan dan bagaimana" in notice
    assert "dua hari" in notice
    assert "WIB" in notice
    assert "Upaya penanganan dan pemulihan" in notice
    assert "Tautan dicabut" in notice
    assert "Pasal 46" in notice


def test_breach_is_notified_once_both_are_told(world, dpo):
    breach = _breach(dpo)
    breach = services.breach_mark_notified(actor=dpo, breach=breach, subjects=True)
    assert breach.status == "open"
    breach = services.breach_mark_notified(actor=dpo, breach=breach, authority=True)
    assert breach.status == "notified"


def test_only_the_dpo_records_breaches(world):
    with pytest.raises(PermissionDenied):
        _breach(world.admin_a)


def test_breach_register_page_creates_and_shows_the_notice(world, dpo):
    client = office_client(dpo)
    bad = client.post(
        reverse("privacy_office:breaches"),
        {"title": "", "affected_subjects_estimate": "banyak", "discovered_at": "kemarin"},
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "wajib diisi" in body and "bilangan bulat" in body and "tanggal dan jam" in body

    discovered = timezone.localtime(timezone.now() - dt.timedelta(hours=1))
    ok = client.post(
        reverse("privacy_office:breaches"),
        {
            "title": "Surel salah kirim",
            "data_categories": "Nama dan alamat surel",
            "description": "Daftar pemohon terkirim ke penerima yang salah.",
            "remediation": "Penerima diminta menghapus surel.",
            "affected_subjects_estimate": "15",
            "discovered_at": discovered.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert ok.status_code == 302, ok.content.decode()[:2000]
    page = client.get(ok["Location"])
    assert page.status_code == 200
    assert "Daftar pemohon terkirim ke penerima yang salah." in page.content.decode()
    assert client.get(reverse("privacy_office:breaches")).status_code == 200


def test_retention_rules_are_seeded(db):
    assert set(RetentionRule.objects.values_list("data_type", flat=True)) >= {
        "unconfirmed_accounts",
        "sessions",
        "closed_privacy_requests",
        "contact_codes",
    }


def test_retention_job_applies_rules_once(world, dpo):
    long_ago = timezone.now() - dt.timedelta(days=6 * 365)
    stale = make_user("lama@example.id")
    stale.is_active = False
    stale.save(update_fields=["is_active"])
    type(stale).objects.filter(pk=stale.pk).update(date_joined=long_ago)
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=long_ago)
    old = services.dsr_submit(actor=world.siti, kind="restriction", details="alasan pribadi")
    services.dsr_complete(actor=dpo, request=old)
    DataSubjectRequest.objects.filter(pk=old.pk).update(completed_at=long_ago)
    give_consent(world.budi)

    first = services.retention_apply()
    assert first == {
        "closed_breaches": 0,
        "decided_applications": 0,
        "draft_documents": 0,
        "notifications": 0,
        "closed_privacy_requests": 1,
        "contact_codes": 0,
        "sessions": 1,
        "unconfirmed_accounts": 1,
    }
    assert not type(stale).objects.filter(pk=stale.pk).exists()
    old.refresh_from_db()
    assert old.details is None and old.redacted_at is not None
    assert old.status == "completed"  # the record itself stays (Pasal 14)
    entries = Entry.objects.filter(action="privacy.retention.apply").count()

    second = services.retention_apply()
    assert second == {
        "closed_breaches": 0,
        "decided_applications": 0,
        "draft_documents": 0,
        "notifications": 0,
        "closed_privacy_requests": 0,
        "contact_codes": 0,
        "sessions": 0,
        "unconfirmed_accounts": 0,
    }
    assert Entry.objects.filter(action="privacy.retention.apply").count() == entries
    # Active citizens and the anonymised are untouched.
    assert type(world.budi).objects.filter(pk=world.budi.pk).exists()


def test_retention_task_and_command_run_the_same_job(world, capsys):
    result = tasks.apply_retention.enqueue()
    assert result.return_value == {
        "closed_breaches": 0,
        "decided_applications": 0,
        "draft_documents": 0,
        "notifications": 0,
        "closed_privacy_requests": 0,
        "contact_codes": 0,
        "sessions": 0,
        "unconfirmed_accounts": 0,
    }
    call_command("apply_retention")
    assert '"sessions": 0' in capsys.readouterr().out


def test_every_seeded_rule_has_a_handler_and_a_rule_without_one_is_an_error(world):
    from satupintu.privacy.models import RetentionRule

    known = set(services.retention_handlers())
    seeded = set(RetentionRule.objects.values_list("data_type", flat=True))
    assert {
        "decided_applications",
        "draft_documents",
        "notifications",
        "closed_breaches",
        "closed_privacy_requests",
    } <= seeded
    assert seeded <= known
    RetentionRule.objects.create(
        data_type="faks_lama", label="Faks", retention_days=1, action="delete"
    )
    with pytest.raises(services.RetentionRuleWithoutHandler, match="faks_lama"):
        services.retention_apply()


def test_the_back_office_refuses_a_rule_without_a_handler(world):
    from satupintu.privacy.admin import RetentionRuleForm

    form = RetentionRuleForm(
        {"data_type": "faks_lama", "label": "Faks", "retention_days": 1, "action": "delete"}
    )
    assert not form.is_valid()
    assert "Tidak ada penangan" in str(form.errors["data_type"])


def test_old_notifications_are_anonymised(world):
    from satupintu.notifications.models import Message
    from satupintu.notifications.services import notify

    row = notify(
        user=world.siti, channel="inapp", template="application_status", context={"reference": "A"}
    )
    Message.objects.filter(pk=row.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    counts = services.retention_apply()
    assert counts["notifications"] == 1
    row.refresh_from_db()
    assert row.context == {}
    assert services.retention_apply()["notifications"] == 0


def test_separate_notices_name_the_controller_and_dpo(world, dpo):
    breach = _breach(dpo, controller="Disdukcapil Kabupaten Contoh", dpo_contact="ppdp@a.go.id")
    subjects = breach.notice_text("subjects")
    authority = breach.notice_text("authority")
    assert subjects != authority
    for text in (subjects, authority):
        assert "Disdukcapil Kabupaten Contoh" in text
        assert "ppdp@a.go.id" in text
    assert "subjek data pribadi yang terdampak" in subjects
    assert "Lembaga penyelenggara pelindungan data pribadi" in authority
    assert "120 orang" in authority


def test_subjects_are_notified_through_the_outbox_then_announced_updated_closed(world, dpo):
    from satupintu.notifications.models import Message

    breach = _breach(dpo, controller="Disdukcapil", dpo_contact="ppdp@a.go.id")
    assert services.breach_notify_subjects(actor=dpo, breach=breach, users=[world.siti]) == 1
    row = Message.objects.get(template="privacy_breach_notice")
    assert row.user_id == world.siti.pk
    breach.refresh_from_db()
    assert breach.subjects_notified_at is not None
    with pytest.raises(services.Conflict):
        services.breach_close(actor=dpo, breach=breach)  # the authority is not told yet
    services.breach_mark_notified(actor=dpo, breach=breach, authority=True)
    services.breach_announce(actor=dpo, breach=breach, text="Tautan ekspor sempat terbuka.")
    services.breach_update(actor=dpo, breach=breach, text="Semua kata sandi diganti.")
    page = citizen_client(world.budi).get(reverse("privacy:breaches")).content.decode()
    assert "Tautan ekspor sempat terbuka." in page
    assert "Semua kata sandi diganti." in page
    assert "ppdp@a.go.id" in page
    services.breach_close(actor=dpo, breach=breach, text="Selesai ditangani.")
    breach.refresh_from_db()
    assert breach.status == "closed" and breach.closed_at is not None
    with pytest.raises(services.Conflict):
        services.breach_update(actor=dpo, breach=breach, text="Lagi.")
