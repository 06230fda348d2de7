"""Timeline actors are role names, stored in Indonesian and shown in the reader's language."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation

from conftest import signed_in
from satupintu.applications import services
from satupintu.applications.models import Status


def _english(user: Any) -> Any:
    client = signed_in(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_a_role_is_stored_in_indonesian_whatever_language_the_officer_uses(
    world: Any, submitted: Any
) -> None:
    application = submitted.application
    with translation.override("en"):
        services.application_transition(
            actor=world.verifier, application=application, to_status=Status.IN_REVIEW
        )
    assert application.events.order_by("-id").first().actor_label == "Verifikator"


def test_the_english_timeline_names_roles_in_english(world: Any, submitted: Any) -> None:
    application = submitted.application
    services.application_transition(
        actor=world.verifier, application=application, to_status=Status.IN_REVIEW
    )
    url = reverse("applications:detail", args=[application.public_id])
    english = _english(world.siti).get(url).content.decode()
    assert "(Verifier)" in english and "(Applicant)" in english
    assert "(Verifikator)" not in english and "(Pemohon)" not in english
    indonesian = signed_in(world.siti).get(url).content.decode()
    assert "(Verifikator)" in indonesian and "(Pemohon)" in indonesian
