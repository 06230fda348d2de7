"""Courses: enrolment, progress, the quiz with limited attempts, the signed certificate checked
on the public verification page, the offline package, mandatory courses and lesson hours."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in
from satupintu.applications.models import Output
from satupintu.core.errors import Conflict, ServiceError
from satupintu.learning import selectors, services
from satupintu.learning.models import Enrolment, ExternalTraining, MandatoryCourse
from satupintu.learning.tests.conftest import answers, make_course
from satupintu.notifications.models import Message

pytestmark = pytest.mark.django_db


def _fail_then_pass(team: Any) -> Enrolment:
    enrolment = services.enrolment_create(actor=team.member, course=team.course)
    first = services.attempt_start(actor=team.member, enrolment=enrolment)
    result = services.attempt_submit(
        actor=team.member, attempt=first, answers=answers(first, right=False)
    )
    assert (result.score, result.passed) == (0, False)
    second = services.attempt_start(actor=team.member, enrolment=enrolment)
    result = services.attempt_submit(actor=team.member, attempt=second, answers=answers(second))
    assert (result.score, result.passed) == (100, True)
    enrolment.refresh_from_db()
    return enrolment


def test_passing_on_the_second_attempt_issues_a_certificate_the_public_page_accepts(
    team: Any,
) -> None:
    enrolment = _fail_then_pass(team)
    certificate = enrolment.certificate
    assert certificate is not None
    assert certificate.kind == Output.Kind.CERTIFICATE
    assert certificate.holder == team.member
    assert certificate.application is None
    pdf = signed_in(team.member).get(reverse("learning:certificate", args=[enrolment.public_id]))
    assert pdf.status_code == 200
    data = b"".join(pdf.streaming_content)
    assert data.startswith(b"%PDF-")
    public = signed_in(team.member).__class__()
    page = public.get(reverse("outputs:verify"), {"nomor": certificate.number})
    assert page.status_code == 200
    assert "Sertifikat Penyelesaian Kursus" in page.content.decode()
    upload = SimpleUploadedFile("s.pdf", data, content_type="application/pdf")
    verdict = public.post(
        reverse("outputs:verify"), {"nomor": certificate.number, "berkas": upload}
    )
    assert verdict.status_code == 200
    assert "Asli dan utuh." in verdict.content.decode()
    # The gap closes: the course's level counts as held.
    assert selectors.held_levels(team.member)[team.dimension.pk] == 3


def test_the_supervisor_may_download_it_and_others_may_not(world: Any, team: Any) -> None:
    enrolment = _fail_then_pass(team)
    url = reverse("learning:certificate", args=[enrolment.public_id])
    assert signed_in(team.supervisor).get(url).status_code == 200
    assert signed_in(world.reviewer).get(url).status_code == 404


def test_attempts_run_out(team: Any) -> None:
    enrolment = services.enrolment_create(actor=team.member, course=team.course)
    for _n in range(team.course.max_attempts):
        attempt = services.attempt_start(actor=team.member, enrolment=enrolment)
        services.attempt_submit(
            actor=team.member, attempt=attempt, answers=answers(attempt, right=False)
        )
    with pytest.raises(Conflict):
        services.attempt_start(actor=team.member, enrolment=enrolment)
    assert not services.may_take_quiz(enrolment)


def test_an_unanswered_question_scores_nothing(team: Any) -> None:
    enrolment = services.enrolment_create(actor=team.member, course=team.course)
    attempt = services.attempt_start(actor=team.member, enrolment=enrolment)
    partial = dict(list(answers(attempt).items())[:1])
    with pytest.raises(ServiceError):
        services.attempt_submit(actor=team.member, attempt=attempt, answers=partial)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_quiz_pages_without_javascript(team: Any) -> None:
    client = signed_in(team.member)
    course_url = reverse("learning:course", args=[team.course.slug])
    assert client.post(course_url, {"enrol": "1"}).status_code == 302
    module = team.course.modules.first()
    client.post(course_url, {"module": module.pk})
    assert "Kemajuan: 50%" in client.get(course_url).content.decode()
    quiz_url = reverse("learning:quiz", args=[team.course.slug])
    assert client.post(quiz_url, {"start": "1"}).status_code == 302
    page = client.get(quiz_url).content.decode()
    assert page.count('type="radio"') == 6
    enrolment = Enrolment.objects.get(user=team.member)
    attempt = enrolment.attempts.get()
    body = {f"q{k}": v for k, v in answers(attempt).items()}
    done = client.post(quiz_url, body)
    assert done.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.certificate is not None


def test_the_package_holds_every_module(team: Any) -> None:
    response = signed_in(team.member).get(reverse("learning:package", args=[team.course.slug]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    index = archive.read("index.html").decode()
    assert "Dasar hukum" in index
    assert "https://example.id/pdp" in index


def test_lesson_hours_add_internal_and_external_per_year(team: Any) -> None:
    other = make_course(team.dimension, slug="data-dasar", level=2, jp=6)
    with time_machine.travel(dt.datetime(2025, 12, 30, 3, tzinfo=dt.UTC), tick=False):
        _fail_then_pass(team)  # 4 JP in 2025
    with time_machine.travel(dt.datetime(2026, 3, 2, 3, tzinfo=dt.UTC), tick=False):
        enrolment = services.enrolment_create(actor=team.member, course=other)
        attempt = services.attempt_start(actor=team.member, enrolment=enrolment)
        services.attempt_submit(actor=team.member, attempt=attempt, answers=answers(attempt))
        services.external_training_record(
            actor=team.member,
            title="Pelatihan Analisis Data",
            organiser="BPSDM Provinsi",
            finished_on=dt.date(2026, 2, 20),
            jp=12,
        )
        services.external_training_record(
            actor=team.member,
            title="Webinar SPBE",
            organiser="KemenPANRB",
            finished_on=dt.date(2025, 11, 1),
            jp=3,
        )
    y2025 = selectors.lesson_hours(team.member, 2025)
    y2026 = selectors.lesson_hours(team.member, 2026)
    assert (y2025.internal, y2025.external, y2025.total) == (4, 3, 7)
    assert (y2026.internal, y2026.external, y2026.total) == (6, 12, 18)
    assert y2026.target == 20 and not y2026.reached
    assert ExternalTraining.objects.count() == 2


def test_the_yearly_target_is_a_setting(team: Any, settings: Any) -> None:
    settings.LEARNING_JP_TARGET = 10
    services.external_training_record(
        actor=team.member,
        title="Pelatihan",
        organiser="BPSDM",
        finished_on=timezone.localdate(),
        jp=10,
    )
    assert selectors.lesson_hours(team.member).reached


def test_external_training_form_refuses_bad_input(team: Any) -> None:
    client = signed_in(team.member)
    response = client.post(
        reverse("learning:training"),
        {"title": "X", "organiser": "Y", "finished_on": "2999-01-01", "jp": "0"},
    )
    assert response.status_code == 400
    assert not ExternalTraining.objects.exists()


def test_mandatory_course_reminder_goes_through_the_outbox_once_a_month(team: Any) -> None:
    MandatoryCourse.objects.create(course=team.course, role="verifier")
    assert selectors.mandatory_missing(team.member) == [team.course]
    assert services.mandatory_reminders_send() >= 1
    assert services.mandatory_reminders_send() == 0
    message = Message.objects.get(user=team.member, template="learning_mandatory")
    assert message.channel == "inapp"
    _fail_then_pass(team)
    assert selectors.mandatory_missing(team.member) == []
