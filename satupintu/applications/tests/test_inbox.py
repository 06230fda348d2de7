"""The officer's inbox: scope by agency and role, order by step deadline, marks, filters, name
search through the blind index, claim/release/reassign, automatic assignment, bulk actions,
the deactivation receiver, the page's query count and the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import make_officer, signed_in
from satupintu.applications import assignment, inbox, name_index, services
from satupintu.applications.models import ApplicantNameToken, Application, Channel
from satupintu.applications.tests.conftest import fill_in
from satupintu.catalog import services as catalog_services
from satupintu.catalog import workflow
from satupintu.core.dates import zone_for_region, zone_label
from satupintu.core.errors import Conflict, PermissionDenied, ServiceError
from satupintu.ledger.models import Entry
from satupintu.organizations.models import Membership, Role
from satupintu.organizations.signals import officer_deactivated

INBOX = "applications_office:inbox"
CHECKS = ["Identitas pemohon sesuai dokumen", "Semua dokumen terbaca"]


@pytest.fixture(autouse=True)
def _indonesian() -> Any:
    from django.utils import translation

    with translation.override("id"):
        yield


def _publish(world: Any, service: Any, spec: dict[str, Any]) -> Any:
    catalog_services.workflow_draft_save(actor=world.admin_a, service=service, spec=spec)
    return catalog_services.workflow_publish(actor=world.admin_a, service=service)


def _full(*, auto: bool = False, bulk: bool = False) -> dict[str, Any]:
    spec = workflow.template_full(4)
    for step in spec["steps"]:
        if step["key"] == "review" and auto:
            step["auto_assign"] = True
    for action in spec["actions"]:
        if action["key"] == "review_ok" and bulk:
            action["bulk"] = True
    return spec


def _case(world: Any, service: Any, pdf: bytes, applicant: Any = None, key: str = "") -> Any:
    applicant = applicant or world.siti
    draft = services.application_start(actor=applicant, service=service)
    fill_in(applicant, draft, pdf)
    return services.application_submit(
        actor=applicant,
        application=draft,
        idempotency_key=key or f"k-{draft.pk}",
        declaration=True,
    ).application


def _codes(page: inbox.Page) -> list[str]:
    return [r.application.tracking_code or "" for r in page.rows]


def _entries(action: str) -> int:
    return Entry.objects.filter(action=action).count()


def _review(world: Any, application: Any) -> Any:
    """Verify the case, so it waits on the reviewer."""
    return services.application_act(
        actor=world.verifier, application=application, action="verify_ok", checklist=CHECKS
    )


# --- scope -------------------------------------------------------------------------------------


def test_officer_sees_only_steps_of_their_roles_in_their_agency(world: Any, submitted: Any) -> None:
    code = submitted.application.tracking_code
    # The standard workflow's first step waits on the verifier.
    assert _codes(inbox.inbox_for_officer(world.verifier)) == [code]
    assert _codes(inbox.inbox_for_officer(world.approver)) == []
    assert _codes(inbox.inbox_for_officer(world.admin_b)) == []
    assert _codes(inbox.inbox_for_officer(world.siti)) == []
    page = signed_in(world.admin_b).get(reverse(INBOX)).content.decode()
    assert code not in page
    services.application_transition(
        actor=world.verifier, application=submitted.application, to_status="in_review"
    )
    # Now the approver decides (and the verifier may ask for a correction).
    assert _codes(inbox.inbox_for_officer(world.approver)) == [code]


def test_order_by_step_deadline_with_overdue_and_due_soon_marked(
    world: Any, akta_service: Any, pdf_bytes: bytes, settings: Any
) -> None:
    settings.INBOX_DUE_SOON_HOURS = 24
    start = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        later, overdue, soon = (_case(world, akta_service, pdf_bytes) for _ in range(3))
        # Test set-up only: put the step deadlines where the order shows.
        for application, hours in ((later, 72), (overdue, -5), (soon, 6)):
            Application.objects.filter(pk=application.pk).update(
                step_due_at=start + dt.timedelta(hours=hours)
            )
        page = inbox.inbox_for_officer(world.verifier)
        assert _codes(page) == [overdue.tracking_code, soon.tracking_code, later.tracking_code]
        marks = [(r.is_overdue, r.is_due_soon) for r in page.rows]
        assert marks == [(True, False), (False, True), (False, False)]
        html = signed_in(world.verifier).get(reverse(INBOX)).content.decode()
    assert "lewat tenggat" in html and "segera jatuh tempo" in html
    assert html.index(overdue.tracking_code) < html.index(later.tracking_code)
    # An hour later than the frozen moment the "soon" one is still not overdue; a week later it is.
    with time_machine.travel(start + dt.timedelta(days=7), tick=False):
        assert all(r.is_overdue for r in inbox.inbox_for_officer(world.verifier).rows)


def test_deadline_is_shown_in_the_agency_local_zone(world: Any, submitted: Any) -> None:
    from satupintu.regions.models import Region

    Region.objects.create(
        code="73", name="Sulawesi Selatan", level=1, kind="provinsi", search_name="x", path="x"
    )
    world.agency_a.region_id = "73"
    world.agency_a.save(update_fields=["region"])
    due = dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.UTC)
    Application.objects.filter(pk=submitted.application.pk).update(step_due_at=due)
    html = signed_in(world.verifier).get(reverse(INBOX)).content.decode()
    assert "8 Des 2026, 17.30 WITA" in html
    assert zone_label(zone_for_region("94.01")) == "WIT"
    assert zone_label(zone_for_region("32.04")) == "WIB"
    assert zone_label(zone_for_region("")) == "WIB"


def test_pages_are_stable_keyset_pages(world: Any, akta_service: Any, pdf_bytes: bytes) -> None:
    cases = [_case(world, akta_service, pdf_bytes) for _ in range(5)]
    same = timezone.now() + dt.timedelta(days=1)
    Application.objects.filter(pk__in=[c.pk for c in cases]).update(step_due_at=same)
    first = inbox.inbox_for_officer(world.verifier, limit=2)
    second = inbox.inbox_for_officer(world.verifier, cursor=first.next_cursor or "", limit=2)
    # A new case arriving between the two pages moves nothing already listed.
    _case(world, akta_service, pdf_bytes)
    third = inbox.inbox_for_officer(world.verifier, cursor=second.next_cursor or "", limit=2)
    seen = _codes(first) + _codes(second) + _codes(third)
    assert seen[:5] == [c.tracking_code for c in sorted(cases, key=lambda c: c.pk)]
    with pytest.raises(ServiceError):
        inbox.inbox_for_officer(world.verifier, cursor="bm90LWEtY3Vyc29y")
    response = signed_in(world.verifier).get(reverse(INBOX), {"setelah": "%%%"})
    assert response.status_code == 400 and "Kursor" in response.content.decode()


def test_cases_of_several_steps_come_in_one_deadline_order_page_after_page(
    world: Any, akta_service: Any, pdf_bytes: bytes
) -> None:
    _publish(world, akta_service, _full())
    both = make_officer("dua@a.go.id", world.agency_a, Role.VERIFIER, "199001012015011002")
    Membership.objects.create(user=both, agency=world.agency_a, role=Role.REVIEWER)
    cases = [_case(world, akta_service, pdf_bytes) for _ in range(7)]
    for case in cases[::2]:
        _review(world, case)
    # Test set-up only: deadlines interleaved across the two steps, ties, and none at all.
    now = timezone.now()
    for case, hours in zip(cases, (5, 1, None, 3, 3, None, -2), strict=True):
        due = None if hours is None else now + dt.timedelta(hours=hours)
        Application.objects.filter(pk=case.pk).update(step_due_at=due)
    rows = Application.objects.filter(pk__in=[c.pk for c in cases])
    expected = [
        a.tracking_code
        for a in sorted(rows, key=lambda a: (a.step_due_at is None, a.step_due_at or now, a.pk))
    ]
    assert {a.workflow_step for a in rows} == {"verify", "review"}
    assert _codes(inbox.inbox_for_officer(both)) == expected
    seen: list[str] = []
    cursor = ""
    for _ in range(len(cases)):
        page = inbox.inbox_for_officer(both, cursor=cursor, limit=2)
        seen += _codes(page)
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == expected
    assert _codes(inbox.inbox_for_officer(both, inbox.Filters(step="review"))) == [
        code for code in expected if code in {c.tracking_code for c in cases[::2]}
    ]


def test_a_step_counts_only_on_the_versions_where_it_waits_on_my_role(
    world: Any, akta_service: Any, pdf_bytes: bytes
) -> None:
    on_v1 = _case(world, akta_service, pdf_bytes)
    spec = _full()
    for action in spec["actions"]:
        if action["from"] == "verify":
            action["roles"] = ["reviewer"]
    _publish(world, akta_service, spec)
    on_v2 = _case(world, akta_service, pdf_bytes)
    assert on_v1.workflow_version_id != on_v2.workflow_version_id
    # Verification waits on the verifier in version 1 and on the reviewer in version 2.
    assert _codes(inbox.inbox_for_officer(world.reviewer)) == [on_v2.tracking_code]
    assert _codes(inbox.inbox_for_officer(world.verifier)) == [on_v1.tracking_code]


def test_filters_service_step_channel_holder_and_dates(
    world: Any, akta_service: Any, pdf_bytes: bytes
) -> None:
    online = _case(world, akta_service, pdf_bytes)
    counter = _case(world, akta_service, pdf_bytes, applicant=world.budi)
    Application.objects.filter(pk=counter.pk).update(
        channel=Channel.COUNTER, submitted_at=timezone.now() - dt.timedelta(days=10)
    )
    assignment.application_claim(actor=world.verifier, application=online)
    v = world.verifier

    def codes(**kw: Any) -> list[str]:
        return _codes(inbox.inbox_for_officer(v, inbox.Filters(**kw)))

    assert codes(channel="counter") == [counter.tracking_code]
    assert codes(holder="mine") == [online.tracking_code]
    assert codes(holder="pool") == [counter.tracking_code]
    assert codes(step="in_review") == []
    assert set(codes(step="submitted", service=akta_service.pk)) == {
        online.tracking_code,
        counter.tracking_code,
    }
    today = timezone.localdate()
    assert codes(submitted_from=today - dt.timedelta(days=1)) == [online.tracking_code]
    assert codes(submitted_to=today - dt.timedelta(days=5)) == [counter.tracking_code]
    client = signed_in(v)
    page = client.get(reverse(INBOX), {"channel": "counter"}).content.decode()
    assert counter.tracking_code in page and online.tracking_code not in page
    # A value that is not one of the officer's own choices is refused by the form, not a 500.
    bad = client.get(reverse(INBOX), {"service": "999999", "submitted_from": "kemarin"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_region_filter_reads_the_applicant_village(
    world: Any, akta_service: Any, pdf_bytes: bytes
) -> None:
    from satupintu.regions.models import Region

    province = Region.objects.create(
        code="32", name="Jawa Barat", level=1, kind="provinsi", search_name="x", path="x"
    )
    regency = Region.objects.create(
        code="32.04", name="Bandung", level=2, kind="kabupaten", parent=province,
        search_name="x", path="x",
    )  # fmt: skip
    village = Region.objects.create(
        code="32.04.01.2001", name="Desa", level=4, kind="desa", parent=regency,
        search_name="x", path="x",
    )  # fmt: skip
    world.siti.address_region = village
    world.siti.save(update_fields=["address_region"])
    siti = _case(world, akta_service, pdf_bytes)
    _case(world, akta_service, pdf_bytes, applicant=world.budi)
    found = inbox.inbox_for_officer(world.verifier, inbox.Filters(region="32"))
    assert _codes(found) == [siti.tracking_code]


# --- name search through the blind index ---------------------------------------------------------


def test_search_by_name_words_or_tracking_code_through_the_blind_index(
    world: Any, akta_service: Any, pdf_bytes: bytes
) -> None:
    siti = _case(world, akta_service, pdf_bytes)  # "Siti Aminah"
    budi = _case(world, akta_service, pdf_bytes, applicant=world.budi)  # "Budi Santoso"

    def search(text: str) -> list[str]:
        return _codes(inbox.inbox_for_officer(world.verifier, inbox.Filters(q=text)))

    assert search("aminah") == [siti.tracking_code]
    assert search("  AMINAH   Sití ") == [siti.tracking_code]
    assert search("siti santoso") == []
    assert search(budi.tracking_code.lower()) == [budi.tracking_code]
    assert search(budi.tracking_code[:6]) == [budi.tracking_code] or budi.tracking_code in search(
        budi.tracking_code[:6]
    )
    # The table holds keyed hashes only: no word of the name, and not a plain hash of it.
    import hashlib

    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM applications_applicantnametoken")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all("siti" not in t.lower() and "aminah" not in t.lower() for t in stored)
    plain = {hashlib.sha256(w.encode()).hexdigest()[:32] for w in ("siti", "aminah")}
    assert not plain & set(stored)
    assert set(stored) >= set(name_index.tokens("Siti Aminah"))


def test_a_changed_name_is_found_by_its_new_words(
    world: Any, akta_service: Any, pdf_bytes: bytes
) -> None:
    siti = _case(world, akta_service, pdf_bytes)
    world.siti.full_name = "Siti Rahmawati"
    world.siti.save(update_fields=["full_name"])
    filters = inbox.Filters(q="rahmawati")
    assert _codes(inbox.inbox_for_officer(world.verifier, filters)) == [siti.tracking_code]
    assert _codes(inbox.inbox_for_officer(world.verifier, inbox.Filters(q="aminah"))) == []
    # A save that does not touch the name leaves the index alone.
    before = set(ApplicantNameToken.objects.values_list("pk", flat=True))
    world.siti.save(update_fields=["last_login"])
    assert set(ApplicantNameToken.objects.values_list("pk", flat=True)) == before


# --- assignment -----------------------------------------------------------------------------------


def test_claim_release_and_only_the_holder_acts(world: Any, submitted: Any) -> None:
    application = submitted.application
    second = make_officer("verif2@a.go.id", world.agency_a, Role.VERIFIER, "199001012015011001")
    assignment.application_claim(actor=world.verifier, application=application)
    application.refresh_from_db()
    assert application.assignee_id == world.verifier.pk
    assert _entries("applications.application.claim") == 1
    with pytest.raises(Conflict, match="sudah diambil"):
        assignment.application_claim(actor=second, application=application)
    # Others still see it, with who holds it, but their action is refused with a clear message.
    rows = inbox.inbox_for_officer(second).rows
    holder = rows[0].application.assignee
    assert holder is not None and holder.full_name == world.verifier.full_name
    with pytest.raises(Conflict, match="sedang ditangani oleh"):
        services.application_transition(
            actor=second, application=application, to_status="in_review"
        )
    with pytest.raises(PermissionDenied):
        assignment.application_release(actor=second, application=application)
    with pytest.raises(PermissionDenied):
        assignment.application_claim(
            actor=world.approver, application=Application.objects.get(pk=application.pk)
        )
    assignment.application_release(actor=world.verifier, application=application)
    application.refresh_from_db()
    assert application.assignee_id is None
    assert _entries("applications.application.release") == 1
    services.application_transition(actor=second, application=application, to_status="in_review")


def test_holder_keeps_a_case_only_while_holding_the_new_step_role(
    world: Any, submitted: Any
) -> None:
    application = submitted.application
    assignment.application_claim(actor=world.verifier, application=application)
    services.application_transition(
        actor=world.verifier, application=application, to_status="in_review"
    )
    application.refresh_from_db()
    # The verifier may still ask for a correction at "in review": they keep the case.
    assert application.assignee_id == world.verifier.pk
    services.application_transition(
        actor=world.verifier, application=application, to_status="needs_correction",
        note="Foto KK buram.",
    )  # fmt: skip
    application.refresh_from_db()
    assert application.assignee_id == world.verifier.pk  # it comes back to them


def test_supervisor_reassigns_to_an_officer_holding_the_step_role(
    world: Any, submitted: Any
) -> None:
    application = submitted.application
    boss = make_officer("kepala@a.go.id", world.agency_a, Role.SUPERVISOR, "197001012000011001")
    second = make_officer("verif2@a.go.id", world.agency_a, Role.VERIFIER, "199001012015011001")
    assignment.application_claim(actor=world.verifier, application=application)
    with pytest.raises(PermissionDenied):
        assignment.application_assign(
            actor=world.verifier, application=application, officer_id=second.pk
        )
    with pytest.raises(ServiceError, match="peran"):
        assignment.application_assign(
            actor=boss, application=application, officer_id=world.approver.pk
        )
    client = signed_in(boss)
    url = reverse("applications_office:assign", args=[application.public_id])
    page = client.get(url).content.decode()
    assert second.full_name in page and world.approver.full_name not in page
    response = client.post(url, {"officer": second.pk, "kembali": reverse(INBOX)})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.assignee_id == second.pk
    assert _entries("applications.application.assign") == 1
    assert signed_in(world.verifier).get(url).status_code == 403
    assert signed_in(world.admin_b).get(url).status_code == 404


def test_auto_assign_round_robins_by_open_workload(
    world: Any, akta_service: Any, pdf_bytes: bytes
) -> None:
    _publish(world, akta_service, _full(auto=True))
    second = make_officer("periksa2@a.go.id", world.agency_a, Role.REVIEWER, "199001012015011002")
    cases = [_case(world, akta_service, pdf_bytes) for _ in range(4)]
    holders: list[int] = []
    for application in cases:
        assert application.assignee_id is None  # verify has no rule
        _review(world, application)
        application.refresh_from_db()
        holders.append(application.assignee_id or 0)
    assert sorted(holders) == sorted([world.reviewer.pk, second.pk] * 2)
    assert holders[0] != holders[1] and holders[2] != holders[3]
    assert _entries("applications.application.assign") == 4
    # Closing a case frees the holder's slot: the next case goes to the lighter one.
    lighter = holders[0]
    done = cases[0]
    services.application_act(
        actor=Application.objects.get(pk=done.pk).assignee, application=done, action="review_ok"
    )
    extra = _case(world, akta_service, pdf_bytes)
    _review(world, extra)
    extra.refresh_from_db()
    assert extra.assignee_id == lighter


def test_definition_flags_are_validated(world: Any) -> None:
    spec = _full(auto=True, bulk=True)
    assert workflow.validate(workflow.parse(spec)) == []
    for action in spec["actions"]:
        if action["key"] == "reject":
            action["bulk"] = True
    for step in spec["steps"]:
        if step["key"] == "completed":
            step["auto_assign"] = True
    problems = " ".join(workflow.validate(workflow.parse(spec)))
    assert "tidak dapat dilakukan massal" in problems
    assert "tidak dapat dibagikan otomatis" in problems
    round_trip = workflow.to_spec(workflow.parse(_full(auto=True, bulk=True)))
    assert workflow.parse(round_trip).step("review").auto_assign  # type: ignore[union-attr]
    assert workflow.parse(round_trip).action("review_ok").bulk  # type: ignore[union-attr]


def test_deactivated_officer_cases_return_to_the_pool(
    world: Any, akta_service: Any, pdf_bytes: bytes
) -> None:
    first, second = (_case(world, akta_service, pdf_bytes) for _ in range(2))
    for application in (first, second):
        assignment.application_claim(actor=world.verifier, application=application)
    Membership.objects.filter(user=world.verifier).update(is_active=False)
    officer_deactivated.send(
        sender=Membership, user=world.verifier, agency_id=world.agency_a.pk, actor=world.admin_a
    )
    assert not Application.objects.filter(assignee=world.verifier).exists()
    entries = Entry.objects.filter(action="applications.application.release")
    assert entries.count() == 2
    assert {json.loads(json.dumps(e.data))["rule"] for e in entries} == {"deactivated"}


# --- bulk ------------------------------------------------------------------------------------------


def test_bulk_action_reports_done_and_refused_with_reasons(
    world: Any, akta_service: Any, pdf_bytes: bytes
) -> None:
    _publish(world, akta_service, _full(bulk=True))
    cases = [_case(world, akta_service, pdf_bytes) for _ in range(3)]
    for application in cases:
        _review(world, application)
    second = make_officer("periksa2@a.go.id", world.agency_a, Role.REVIEWER, "199001012015011002")
    assignment.application_claim(actor=second, application=cases[2])
    client = signed_in(world.reviewer)
    page = client.get(reverse(INBOX)).content.decode()
    assert 'name="kasus"' in page and 'value="review_ok"' in page
    response = client.post(
        reverse("applications_office:bulk"),
        {"kasus": [str(c.public_id) for c in cases], "tindakan": "review_ok"},
        follow=True,
    )
    text = response.content.decode()
    assert "2 permohonan diproses, 1 ditolak" in text
    assert cases[2].tracking_code in text and "sedang ditangani" in text
    steps = dict(Application.objects.values_list("pk", "workflow_step"))
    assert [steps[c.pk] for c in cases] == ["approve", "approve", "review"]
    # An action the definition does not mark bulk is refused for each case.
    result = assignment.application_bulk_act(
        actor=world.approver, public_ids=[cases[0].public_id], action="reject"
    )
    assert result.done == [] and "satu per satu" in result.refused[0][1]


# --- the page and the API ------------------------------------------------------------------------


def test_inbox_page_query_count_does_not_grow_with_rows(
    world: Any, akta_service: Any, pdf_bytes: bytes, django_assert_num_queries: Any
) -> None:
    client = signed_in(world.verifier)
    _case(world, akta_service, pdf_bytes)
    client.get(reverse(INBOX))
    # session, user, device; memberships, versions, regions, rows.
    with django_assert_num_queries(7):
        assert client.get(reverse(INBOX)).status_code == 200
    for _ in range(4):
        case = _case(world, akta_service, pdf_bytes, applicant=world.budi)
        assignment.application_claim(actor=world.verifier, application=case)
    with django_assert_num_queries(7):
        html = client.get(reverse(INBOX), {"q": "budi"}).content.decode()
    assert html.count('<tr class="') == 4


def test_claim_and_release_buttons_work_without_javascript(world: Any, submitted: Any) -> None:
    application = submitted.application
    client = signed_in(world.verifier)
    page = client.get(reverse(INBOX)).content.decode()
    claim = reverse("applications_office:claim", args=[application.public_id])
    assert f'formaction="{claim}"' in page
    response = client.post(claim, {"kembali": reverse(INBOX)}, follow=True)
    assert "sekarang Anda pegang" in response.content.decode()
    release = reverse("applications_office:release", args=[application.public_id])
    assert f'formaction="{release}"' in response.content.decode()
    assert client.post(release, {"kembali": "https://evil.example/"}).url == reverse(INBOX)
    assert signed_in(world.admin_b).post(claim).status_code == 404
    assert client.get(claim).status_code == 405


def test_api_inbox_and_assignment(world: Any, submitted: Any) -> None:
    application = submitted.application
    client = signed_in(world.verifier)
    body = client.get("/api/v1/office/inbox", {"q": "aminah"}).json()
    assert [i["tracking_code"] for i in body["items"]] == [application.tracking_code]
    item = body["items"][0]
    assert item["zone"] == "WIB" and item["step_due_local"].endswith("WIB")
    assert item["assignee"] is None
    url = f"/api/v1/office/applications/{application.public_id}"
    claimed = client.post(f"{url}/claim").json()
    assert claimed["assignee"]["id"] == world.verifier.pk
    other = signed_in(
        make_officer("verif2@a.go.id", world.agency_a, Role.VERIFIER, "199001012015011001")
    )
    conflict = other.post(f"{url}/claim")
    assert conflict.status_code == 409 and "sudah diambil" in conflict.json()["detail"]
    assert client.post(f"{url}/release").json()["assignee"] is None
    assert (
        client.post(f"{url}/assign", {"officer": 1}, content_type="application/json").status_code
        == 403
    )
    assert signed_in(world.siti).get("/api/v1/office/inbox").status_code == 403
    assert signed_in(world.admin_b).post(f"{url}/claim").status_code == 404
    assert client.get("/api/v1/office/inbox", {"cursor": "!!"}).status_code == 400
    assert client.get("/api/v1/office/inbox", {"region": "x" * 20}).status_code == 422
