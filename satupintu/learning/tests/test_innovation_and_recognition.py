"""Innovation proposals from idea to adoption with the before/after figure; recognition; help
and onboarding in the flow of work."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in
from satupintu.applications.models import Application, Status
from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ServiceError
from satupintu.learning import selectors, services
from satupintu.learning.models import Appreciation, OnboardingDone, Proposal
from satupintu.ledger.models import Entry

pytestmark = pytest.mark.django_db


def _proposal(world: Any, **fields: Any) -> Proposal:
    values = {
        "service": None,
        "title": "Ide",
        "problem": "Masalah.",
        "idea": "Gagasan.",
        "metric": "applications_30d",
        **fields,
    }
    return services.proposal_submit(actor=world.verifier, agency_id=world.agency_a.pk, **values)


def _complete(application: Any, *, days: int, late: bool) -> None:
    """Mark a submitted case completed `days` after submission, before or after its deadline."""
    submitted = application.submitted_at
    Application.objects.filter(pk=application.pk).update(
        status=Status.COMPLETED,
        completed_at=submitted + dt.timedelta(days=days),
        due_at=submitted + dt.timedelta(days=days + (-1 if late else 1)),
    )


def test_proposal_lifecycle_from_idea_to_adoption_with_before_and_after(
    world: Any, submitted: Any
) -> None:
    application = submitted.application
    service = application.service
    _complete(application, days=5, late=True)
    proposal = _proposal(
        world,
        service=service,
        title="Periksa dokumen sebelum antre",
        problem="Banyak permohonan terlambat karena dokumen kurang.",
        idea="Daftar periksa dokumen di halaman layanan.",
        metric="on_time_rate",
    )
    services.proposal_comment(actor=world.reviewer, proposal=proposal, body="Setuju, perlu.")
    assert services.proposal_support(actor=world.reviewer, proposal=proposal)
    assert not services.proposal_support(actor=world.reviewer, proposal=proposal)
    with pytest.raises(ServiceError):
        services.proposal_support(actor=world.verifier, proposal=proposal)
    with pytest.raises(PermissionDenied):
        services.proposal_review(actor=world.reviewer, proposal=proposal, adopt=True, reason="x")
    with pytest.raises(ServiceError):
        services.proposal_review(actor=world.admin_a, proposal=proposal, adopt=True, reason=" ")
    adopted = services.proposal_review(
        actor=world.admin_a, proposal=proposal, adopt=True, reason="Murah dan cepat diterapkan."
    )
    assert adopted.status == Proposal.Status.ADOPTED
    assert adopted.metric_before == 0.0  # the one completed case was late
    with pytest.raises(Conflict):
        services.proposal_review(actor=world.admin_a, proposal=proposal, adopt=False, reason="x")
    _complete(application, days=3, late=False)  # after the change, on time
    measured = services.proposal_measure(actor=world.verifier, proposal=proposal)
    assert measured.metric_after == 100.0
    actions = list(
        Entry.objects.filter(action__startswith="learning.proposal.").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "learning.proposal.create",
        "learning.proposal.comment",
        "learning.proposal.support",
        "learning.proposal.review",
        "learning.proposal.measure",
    ]
    board = Client().get(reverse("learning_public:board")).content.decode()
    assert "Periksa dokumen sebelum antre" in board
    assert 'class="metric-before">0,0<' in board
    assert 'class="metric-after">100,0<' in board
    assert world.verifier.full_name not in board  # ideas, not a ranking of people


def test_a_declined_proposal_keeps_its_reason_and_stays_off_the_board(world: Any) -> None:
    proposal = _proposal(world)
    services.proposal_review(
        actor=world.admin_a, proposal=proposal, adopt=False, reason="Sudah ada di rencana."
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == ("declined", "Sudah ada di rencana.")
    assert "Ide" not in Client().get(reverse("learning_public:board")).content.decode()


def test_other_agencies_do_not_see_a_proposal(world: Any) -> None:
    proposal = _proposal(world)
    url = reverse("learning:proposal", args=[proposal.public_id])
    assert signed_in(world.reviewer).get(url).status_code == 200
    assert signed_in(world.admin_b).get(url).status_code == 404
    with pytest.raises(NotFound):
        services.proposal_comment(actor=world.admin_b, proposal=proposal, body="Halo")


def test_an_unknown_metric_is_refused(world: Any) -> None:
    with pytest.raises(ServiceError):
        _proposal(world, metric="ranking_pegawai")


def test_colleagues_appreciate_each_other_and_the_supervisor_sees_a_monthly_summary(
    world: Any, team: Any
) -> None:
    with time_machine.travel(dt.datetime(2026, 4, 10, 3, tzinfo=dt.UTC), tick=False):
        services.appreciation_give(
            actor=world.reviewer,
            receiver=team.member,
            value="kolaboratif",
            message="Terima kasih sudah membantu antrean.",
        )
    with pytest.raises(NotFound):
        services.appreciation_give(
            actor=world.admin_b, receiver=team.member, value="loyal", message="Hai"
        )
    with pytest.raises(ServiceError):
        services.appreciation_give(
            actor=world.reviewer, receiver=team.member, value="tercepat", message="Hai"
        )
    april = selectors.monthly_summary(team.supervisor, 2026, 4)
    assert april == [{"officer": team.member, "values": [("Kolaboratif", 1)], "thanks": 0}]
    assert selectors.monthly_summary(team.supervisor, 2026, 5)[0]["values"] == []
    page = signed_in(team.supervisor).get(reverse("learning:team"), {"bulan": "2026-04"})
    assert "Kolaboratif ×1" in page.content.decode()


def test_citizen_thanks_reach_the_officer_as_their_role_without_the_citizen(
    world: Any, submitted: Any
) -> None:
    from satupintu.applications import services as application_services

    application = submitted.application
    application_services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )
    client = signed_in(world.siti)
    url = reverse("learning_public:thanks", args=[application.public_id])
    case_page = client.get(reverse("applications:detail", args=[application.public_id]))
    assert url in case_page.content.decode()
    assert signed_in(world.budi).get(url).status_code == 404
    response = client.post(url, {"message": "Cepat dan ramah, terima kasih."})
    assert response.status_code == 302
    thanks = Appreciation.objects.get()
    assert thanks.receiver == world.verifier
    assert thanks.giver is None
    assert thanks.role
    page = signed_in(world.verifier).get(reverse("learning:home")).content.decode()
    assert "Cepat dan ramah" in page
    assert "Siti" not in page
    again = client.post(url, {"message": "Lagi."})
    assert again.status_code == 400


def test_each_office_page_with_help_links_to_it(world: Any) -> None:
    client = signed_in(world.verifier)
    inbox = client.get(reverse("applications_office:inbox")).content.decode()
    help_url = reverse("learning:help", args=["applications_office:inbox"])
    assert help_url in inbox
    page = client.get(help_url)
    assert page.status_code == 200
    assert "kotak masuk" in page.content.decode().lower()
    assert client.get(reverse("learning:help", args=["tidak:ada"])).status_code == 404
    portal = signed_in(world.siti).get(reverse("portal:home")).content.decode()
    assert "/kantor/belajar/bantuan/" not in portal


def test_a_new_officer_ticks_off_the_onboarding_checklist_for_their_roles(world: Any) -> None:
    items = selectors.onboarding(world.front_desk)
    titles = [item.title for item, _done in items]
    assert "Coba alur loket untuk warga tanpa akses digital" in titles
    assert "Periksa standar pelayanan layanan instansi" not in titles
    first = items[0][0]
    client = signed_in(world.front_desk)
    response = client.post(reverse("learning:onboarding_done", args=[first.pk]))
    assert response.status_code == 302
    assert OnboardingDone.objects.filter(user=world.front_desk, item=first).exists()
    assert selectors.onboarding(world.front_desk)[0][1] is True
    admin_item = next(
        item for item, _d in selectors.onboarding(world.admin_a) if item.role == "agency_admin"
    )
    refused = client.post(reverse("learning:onboarding_done", args=[admin_item.pk]))
    assert refused.status_code == 404
    assert timezone.now()


# Back-office routes that are not pages a person reads: files, POST-only actions, the help page.
NOT_PAGES = {
    "applications_office:bulk",
    "applications_office:loket_document_remove",
    "applications_office:loket_receipt_pdf",
    "applications_office:document",
    "applications_office:document_inline",
    "applications_office:output_pdf",
    "applications_office:output_revoke",
    "applications_office:reveal",
    "applications_office:claim",
    "applications_office:release",
    "applications_office:assign",
    "privacy_office:request_start",
    "privacy_office:request_complete",
    "privacy_office:request_reject",
    "privacy_office:restriction_lift",
    "privacy_office:breach_notified",
    "privacy_office:breach_notify_subjects",
    "privacy_office:breach_announce",
    "privacy_office:breach_update",
    "privacy_office:breach_close",
    "complaints_office:export",
    "officers:role_grant",
    "officers:role_revoke",
    "officers:status",
    "learning:package",
    "learning:module_file",
    "learning:certificate",
    "learning:help",
    "learning:onboarding_done",
    "office:service_status",
    "office:synonym_remove",
}


def test_every_back_office_page_has_its_how_do_i_help() -> None:
    from django.urls import URLPattern, URLResolver, get_resolver

    from satupintu.learning import help as page_help

    def walk(resolver: Any, prefix: str = "", ns: str = "") -> Any:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(n for n in (ns, pattern.namespace) if n)
                yield from walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + str(pattern.pattern), f"{ns}:{pattern.name}" if ns else pattern.name

    pages = {
        name
        for path, name in walk(get_resolver())
        if path.startswith("kantor/") and not path.startswith("kantor/sistem")
    }
    assert len(pages) > 50
    missing = sorted(name for name in pages - NOT_PAGES if page_help.for_page(name) is None)
    assert missing == []
    # Every entry names a page that exists (a renamed route loses no help silently).
    assert set(page_help.PAGES) <= pages
