"""Who may use what: every URL pattern and every API operation, walked with every persona.

Deny by default means a route nobody has thought about is a bug. This test collects every route
the project serves (Django URL patterns and the OpenAPI document) and requires each one to be
declared in `EXPECTED` with the status each persona gets. A new route fails here until its author
declares who may use it; a changed permission fails until the table says so.

Officers here have passed two-factor, except the `*_password_only` personas: officers (one
enrolled, one never enrolled) and the superuser signed in with the password alone, as with a
stolen password. They get nothing a stranger does not (the gate is
satupintu.core.middleware.SecondFactorMiddleware).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import make_officer, make_user, signed_in

PERSONAS = (
    "anonymous",
    "siti",
    "budi",
    "front_desk",
    "verifier",
    "reviewer",
    "approver",
    "liaison",
    "admin_a",
    "admin_b",
    "auditor",
    "dpo",
    "operator",
    "verifier_password_only",
    "newcomer_password_only",
    "operator_password_only",
)
# Officers whose session has the password but not the second factor: a stolen password. They get
# no 200 from anything that is not public (the gate is satupintu.core.middleware).
PASSWORD_ONLY = ("verifier_password_only", "newcomer_password_only", "operator_password_only")
CITIZENS = ("siti", "budi")
OFFICERS_A = ("front_desk", "verifier", "reviewer", "approver", "liaison", "admin_a", "auditor")
OFFICERS = (*OFFICERS_A, "admin_b", "dpo", "operator")

# Admin pages are one family: the index and a changelist stand for the rest (every admin page
# goes through the same AdminSite.admin_view gate, tested in accounts/tests/test_office_access).
ADMIN_SAMPLES = ("kantor/sistem/", "kantor/sistem/core/calendarentry/")


@dataclass(frozen=True)
class Route:
    key: str  # "GET name" for pages, "GET /api/v1/path" for API operations
    method: str
    pattern: str  # the route with <converters> or {params}


def _walk(patterns: Any, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            if ns in ("admin", "api"):
                continue
            found += _walk(p.url_patterns, prefix + str(p.pattern), full_ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace else (p.name or "")
            found.append((prefix + str(p.pattern), name))
    return found


def all_routes() -> list[Route]:
    from config.api import api

    routes = [
        Route(f"GET {name}", "GET", pattern) for pattern, name in _walk(get_resolver().url_patterns)
    ]
    routes += [Route(f"GET admin {path}", "GET", path) for path in ADMIN_SAMPLES]
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method in operations:
            routes.append(Route(f"{method.upper()} {path}", method.upper(), path))
    routes.append(Route("GET /api/v1/openapi.json", "GET", "/api/v1/openapi.json"))
    routes.append(Route("GET /api/v1/docs", "GET", "/api/v1/docs"))
    return routes


def build_context(world: Any, submitted: Any, pdf: bytes) -> dict[str, Any]:
    """Objects the routes point at: everything belongs to Siti and agency A."""
    from satupintu.catalog.models import Category, LifeEvent
    from satupintu.ledger.models import Entry
    from satupintu.privacy import services as privacy
    from satupintu.privacy.models import Consent, DataSubjectRequest
    from satupintu.regions.models import Region

    application = submitted.application
    service = application.service
    category = Category.objects.first()
    life_event, _ = LifeEvent.objects.get_or_create(
        slug="kelahiran", defaults={"name": "Kelahiran"}
    )
    service.life_events.add(life_event)
    Region.objects.get_or_create(
        code="32",
        defaults={
            "name": "Jawa Barat",
            "level": 1,
            "kind": "provinsi",
            "search_name": "jawa barat",
            "path": "Jawa Barat",
        },
    )
    consent = privacy.consent_grant(
        actor=world.siti,
        user=world.siti,
        purpose="notifikasi-sms",
        purpose_label="Notifikasi SMS",
        legal_basis="persetujuan",
        notice_text="Kami mengirim kabar status permohonan melalui SMS.",
        notice_version="1",
    )
    request = privacy.dsr_submit(
        actor=world.siti, kind="restriction", details="Mohon batasi pemrosesan."
    )
    breach = privacy.breach_record(
        actor=_dpo(world),
        title="Uji",
        description="Uji register insiden.",
        data_categories="email",
        affected_subjects_estimate=1,
        discovered_at=application.submitted_at,
        remediation="Kata sandi diganti.",
    )
    from satupintu.applications import outputs
    from satupintu.applications.models import Application, Status
    from satupintu.catalog import formdef

    # A signed output of Siti's case, issued as on completion (the case itself stays open, so
    # every other row keeps its meaning).
    completed = Application.objects.get(pk=application.pk)
    completed.status = Status.COMPLETED
    output = outputs.issue_for(completed, world.approver)

    complaint = _complaint(world, service, pdf)
    # An officer of agency A for the officer-management routes to point at.
    target = make_officer("sasaran@a.go.id", world.agency_a, "verifier", "199306212018011003")

    return {
        **_learning_context(world),
        "complaint": complaint,
        "output": output,
        "target": target,
        "target_membership": target.memberships.get(),
        "world": world,
        "application": application,
        "document": application.documents.first(),
        "service": service,
        "category": category,
        "life_event": life_event,
        "group_key": formdef.form_groups(service)[0].key,
        "consent": consent
        if isinstance(consent, Consent)
        else Consent.objects.get(user=world.siti),
        "request": request
        if isinstance(request, DataSubjectRequest)
        else DataSubjectRequest.objects.filter(user=world.siti).first(),
        "breach": breach,
        "entry": Entry.objects.order_by("id").first(),
        "tree_size": _sealed_tree_size(),
        "secret": submitted.status_secret,
        "pdf": pdf,
    }


def _learning_context(world: Any) -> dict[str, Any]:
    """The approver supervises agency A; the verifier passed a course with a file module,
    holds its certificate and proposed an innovation."""
    from django.core.files.base import ContentFile

    from satupintu.learning import services as learning
    from satupintu.learning.models import Dimension, Module, OnboardingItem
    from satupintu.learning.tests.conftest import answers, make_course
    from satupintu.organizations.models import Membership, Role

    Membership.objects.create(user=world.approver, agency=world.agency_a, role=Role.SUPERVISOR)
    course = make_course(Dimension.objects.get(code="keamanan-pdp"))
    module = Module(course=course, order=3, title="Poster", kind="image")
    module.file.save("poster.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    enrolment = learning.enrolment_create(actor=world.verifier, course=course)
    attempt = learning.attempt_start(actor=world.verifier, enrolment=enrolment)
    learning.attempt_submit(actor=world.verifier, attempt=attempt, answers=answers(attempt))
    proposal = learning.proposal_submit(
        actor=world.verifier,
        agency_id=world.agency_a.pk,
        service=None,
        title="Uji",
        problem="Masalah uji.",
        idea="Gagasan uji.",
        metric="applications_30d",
    )
    return {
        "course": course,
        "module": module,
        "enrolment": enrolment,
        "proposal": proposal,
        "onboarding_item": OnboardingItem.objects.first(),
    }


def _complaint(world: Any, service: Any, pdf: bytes) -> Any:
    """Siti's complaint about agency A's service (so it is A's), published on the board."""
    from satupintu.complaints import services as complaints

    filed = complaints.complaint_file(
        actor=world.siti,
        filing=complaints.Filing(
            kind="pengaduan",
            privacy="anonim",
            subject="Antrean akta kelahiran lama",
            description="Sudah dua minggu belum ada kabar tentang akta anak saya.",
            service=service,
            uploads=[SimpleUploadedFile("bukti.pdf", pdf, content_type="application/pdf")],
        ),
    )
    complaints.complaint_publish(
        actor=world.liaison,
        complaint=filed.complaint,
        subject="Antrean akta kelahiran lama",
        description="Sudah dua minggu belum ada kabar.",
    )
    return filed.complaint


def _sealed_tree_size() -> int:
    """Seal what can be sealed (on PostgreSQL a test's own transaction holds it back)."""
    from satupintu.ledger import services as ledger_services
    from satupintu.ledger import tree

    ledger_services.seal_pending()
    return tree.size() or 1


def _dpo(world: Any) -> Any:
    from satupintu.accounts.models import User

    user = User.objects.filter(username="ppdp@a.go.id").first()
    if user is None:
        user = make_user("ppdp@a.go.id", kind="officer", nip="198804122014022009")
        user.user_permissions.add(Permission.objects.get(codename="handle_requests"))
        user = User.objects.get(pk=user.pk)
    return user


def _operator() -> Any:
    from satupintu.accounts.models import User

    user = User.objects.filter(username="operator@satupintu.go.id").first()
    if user is None:
        user = make_user("operator@satupintu.go.id", kind="officer")
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


def _password_only(user: Any, *, enrolled: bool) -> Client:
    """Signed in with the password alone; `enrolled` officers have a confirmed device."""
    from django_otp.plugins.otp_static.models import StaticDevice

    if enrolled:
        StaticDevice.objects.get_or_create(user=user, name="uji", defaults={"confirmed": True})
    client = Client()
    client.force_login(user)
    return client


def _newcomer(world: Any) -> Any:
    from satupintu.accounts.models import User
    from satupintu.organizations.models import Role

    user = User.objects.filter(username="baru@a.go.id").first()
    return user or make_officer("baru@a.go.id", world.agency_a, Role.VERIFIER, "199105052016011011")


def client_for(ctx: dict[str, Any], persona: str) -> Client:
    world = ctx["world"]
    if persona == "anonymous":
        return Client()
    if persona == "verifier_password_only":
        return _password_only(world.verifier, enrolled=True)
    if persona == "newcomer_password_only":
        return _password_only(_newcomer(world), enrolled=False)
    if persona == "operator_password_only":
        return _password_only(_operator(), enrolled=True)
    if persona == "dpo":
        return signed_in(_dpo(world))
    if persona == "operator":
        return signed_in(_operator())
    return signed_in(world.persona(persona))


def _fill(route: Route, ctx: dict[str, Any]) -> str:
    name = route.key.split(" ", 1)[1]
    application, service = ctx["application"], ctx["service"]
    values = {
        "public_id": str(application.public_id),
        "doc_id": str(ctx["document"].public_id),
        "service_id": str(service.pk),
        "service_slug": service.slug,
        "group_key": ctx["group_key"],
        "request_id": str(ctx["request"].pk),
        "consent_id": str(ctx["consent"].pk),
        "breach_id": str(ctx["breach"].pk),
        "entry_id": str(ctx["entry"].pk),
        "checkpoint_id": "1",
        "tree_size": str(ctx["tree_size"]),
        "code": "32",
        "uidb64": "MQ",
        "token": "set-password",
        "kind_slug": "perbaikan",
        "output_id": str(ctx["output"].public_id),
        "officer_id": str(ctx["world"].verifier.pk),
        "module_id": str(ctx["module"].pk),
        "enrolment_id": str(ctx["enrolment"].public_id),
        "proposal_id": str(ctx["proposal"].public_id),
        "item_id": str(ctx["onboarding_item"].pk),
        "key": "applications_office:inbox",
        "attachment_id": str(ctx["complaint"].attachments.first().public_id),
        "fmt": "json",
        "document_id": str(ctx["document"].public_id),
        "number": "1",
        "agency_id": str(ctx["world"].agency_a.pk),
        "membership_id": str(ctx["target_membership"].pk),
    }
    if name.startswith("officers:") or "/officers" in name:
        values["officer_id"] = str(ctx["target"].pk)  # the officer an admin manages
    if name.startswith("open311:"):
        values["code"] = ctx["category"].slug if ctx["category"] else "kependudukan"
        values["request_id"] = ctx["complaint"].tracking_code
    if "complaints" in name and "public_id" in route.pattern:
        values["public_id"] = str(ctx["complaint"].public_id)
    slug_for = {
        "portal:service": service.slug,
        "portal:category": ctx["category"].slug,
        "portal:life_event": ctx["life_event"].slug,
        "organizations:detail": ctx["world"].agency_a.slug,
        "/api/v1/services/{slug}": service.slug,
        "/api/v1/services/{slug}/workflow": service.slug,
        "/api/v1/agencies/{slug}": ctx["world"].agency_a.slug,
        "learning:course": ctx["course"].slug,
        "learning:package": ctx["course"].slug,
        "learning:module_file": ctx["course"].slug,
        "learning:quiz": ctx["course"].slug,
        "/api/v1/agencies/{slug}/officers": ctx["world"].agency_a.slug,
        "/api/v1/agencies/{slug}/officers/{officer_id}/roles": ctx["world"].agency_a.slug,
        "/api/v1/agencies/{slug}/officers/{officer_id}/status": ctx["world"].agency_a.slug,
    }
    path = route.pattern
    if not path.startswith("/"):
        path = "/" + path

    def sub(match: re.Match[str]) -> str:
        param = match.group(2) or match.group(3)
        if param == "slug":
            return slug_for[name]
        return values[param]

    return re.sub(r"<(?:(\w+):)?(\w+)>|\{(\w+)\}", sub, path)


def request_route(client: Client, route: Route, ctx: dict[str, Any]) -> int:
    """The status `client` gets; writes carry a valid body so that access, not validation,
    decides the answer."""
    path = _fill(route, ctx)
    key = route.key
    if route.method == "GET":
        if key == "GET /api/v1/status":
            path += f"?code={ctx['application'].tracking_code}"
            return client.get(path, HTTP_X_STATUS_SECRET=ctx["secret"]).status_code
        if key == "GET /api/v1/verification":
            return client.get(path, {"number": ctx["output"].number}).status_code
        if key == "GET /api/v1/ledger/consistency":
            path += f"?first=1&second={ctx['tree_size']}"
        if key == "GET /api/v1/ledger/tree/entries":
            path += "?start=0&end=10"
        if key == "GET /api/v1/complaints/export.csv":
            path += f"?agency={ctx['complaint'].agency.slug}"
        return client.get(path).status_code
    body: dict[str, Any]
    if key == "POST /api/v1/status":
        body = {"code": ctx["application"].tracking_code, "secret": ctx["secret"]}
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/ledger/cosignatures":
        # From a key nobody registered: refused whoever sends it (a session proves nothing).
        body = {"tree_size": ctx["tree_size"], "key_id": "0" * 16, "time": 1, "signature": "AA=="}
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/me/privacy/requests":
        body = {"kind": "objection", "details": "Uji akses."}
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/agencies/{slug}/officers":
        body = {
            "full_name": "Uji Matriks",
            "nip": "199107072019022004",
            "contact": "matriks@a.go.id",
            "roles": ["verifier"],
        }
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/agencies/{slug}/officers/{officer_id}/roles":
        body = {"role": "reviewer"}
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/agencies/{slug}/officers/{officer_id}/status":
        # Reactivation of an active officer: changes nothing, so later probes see the same world.
        body = {"active": True}
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/applications":
        body = {"service": ctx["service"].slug}
        return client.post(path, body, content_type="application/json").status_code
    if key == "PATCH /api/v1/applications/{public_id}/answers":
        body = {"answers": {"child_name": "Uji"}}
        return client.patch(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/applications/{public_id}/submit":
        return client.post(
            path,
            {"declaration": True},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="uji-matriks",
        ).status_code
    if key == "POST /api/v1/applications/{public_id}/withdraw":
        # Unconfirmed, so the probe itself never withdraws the shared application.
        body = {"confirm": False}
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/applications/{public_id}/documents":
        upload = SimpleUploadedFile("uji.pdf", ctx["pdf"], content_type="application/pdf")
        return client.post(path, {"file": upload}).status_code
    if key == "POST /api/v1/applications/{public_id}/messages":
        return client.post(path, {"body": "Uji akses pesan."}).status_code
    if key == "POST /api/v1/learning/enrolments":
        body = {"course": ctx["course"].slug}
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/learning/assessments":
        body = {"dimension": "data", "level": 2, "justification": "Uji akses."}
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/learning/proposals":
        body = {"title": "Uji", "problem": "M.", "idea": "G.", "metric": "applications_30d"}
        return client.post(path, body, content_type="application/json").status_code
    if key.startswith("POST /api/v1/office/applications/"):
        body = {"officer": ctx["world"].verifier.pk} if key.endswith("/assign") else {}
        return client.post(path, body, content_type="application/json").status_code
    complaint = ctx["complaint"]
    if key == "POST /api/v1/complaints":
        body = {
            "kind": "aspirasi",
            "privacy": "rahasia",
            "subject": "Uji akses",
            "description": "Uji akses laporan.",
        }
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/complaints/{public_id}/responses":
        body = {"kind": "note", "body": "Uji akses catatan."}
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/complaints/{public_id}/forward":
        # To the agency it is already in: refused by the handlers (400), unknown to the rest.
        body = {"agency": complaint.agency.slug, "reason": "Uji akses."}
        return client.post(path, body, content_type="application/json").status_code
    if key in (
        "POST /api/v1/complaints/{public_id}/claim",
        "POST /api/v1/complaints/{public_id}/confirm",
    ):
        return client.post(path, {}, content_type="application/json").status_code
    if key == "POST /api/v1/complaints/{public_id}/reopen":
        return client.post(path, {"reason": "Uji."}, content_type="application/json").status_code
    if key == "POST /api/v1/complaints/{public_id}/rating":
        return client.post(path, {"rating": 5}, content_type="application/json").status_code
    if key == "POST /api/v1/office/cases/{public_id}/actions":
        # From a step the case is not on: past the access check it is a 409, and nothing moves.
        body = {"action": "start_review", "seen_step": "elsewhere"}
        return client.post(path, body, content_type="application/json").status_code
    if key == "POST /api/v1/office/cases/{public_id}/documents/{document_id}/review":
        body = {"decision": "?"}  # past the access check an unknown decision is a 400
        return client.post(path, body, content_type="application/json").status_code
    if key == "PUT /api/v1/office/services/{service_id}/workflows/draft":
        # An empty draft: saved (drafts may be invalid), never publishable.
        return client.put(path, {"spec": {}}, content_type="application/json").status_code
    if key == "POST /api/v1/office/services/{service_id}/workflows/draft/publish":
        return client.post(path).status_code
    raise AssertionError(f"{key}: no probe body declared for this write operation")


# The specification: one row per route, one column per persona (in PERSONAS order). "same" means
# the route is public and every persona must get the same answer (a ledger proof is 200 once the
# entry is sealed and 409 before, and a checkpoint 404 before the first seal, which depends on
# the database's transaction horizon).
# 302 for anonymous = sent to sign in; 404 = not yours (existence is not revealed); 405 = the
# route only accepts POST; 401 = the API wants a session.
EXPECTED_TABLE = """
#                                                 anony  siti  budi front verif revie appro liais admin admin audit   dpo opera  vf-pw new-pw op-pw
GET healthz                                         200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET set_language                                    302   302   302   302   302   302   302   302   302   302   302   302   302   302   302   302
GET accounts:login                                  200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET accounts:logout                                 405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
GET accounts:register                               200   302   302   302   302   302   302   302   302   302   302   302   302   302   302   302
GET accounts:confirm                                302   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET accounts:profile                                302   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET accounts:otp_enrol                              302   302   302   302   302   302   302   302   302   302   302   302   302   302   200   302
GET accounts:otp_verify                             302   302   302   302   302   302   302   302   302   302   302   302   302   200   302   200
GET accounts:recovery_codes                         302   302   302   200   200   200   200   200   200   200   200   200   200   302   302   302
GET accounts:password_reset                         200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET accounts:password_reset_done                    200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET accounts:password_reset_complete                200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET accounts:password_reset_confirm                 200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET accounts:password_reset_code                    302   302   302   302   302   302   302   302   302   302   302   302   302   302   302   302
GET regions:search                                  200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET regions:detail                                  200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET regions:village_pick                            200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET organizations:list                              200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET organizations:detail                            200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET applications_office:inbox                       302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET applications_office:loket                       302   403   403   200   403   403   403   403   403   403   403   403   403   302   302   302
GET applications_office:loket_service               302   403   403   302   403   403   403   403   403   403   403   403   403   302   302   302
GET applications_office:loket_privacy               302   403   403   302   403   403   403   403   403   403   403   403   403   302   302   302
GET applications_office:loket_fill                  302   403   403   404   403   403   403   403   403   403   403   403   403   302   302   302
GET applications_office:loket_documents             302   403   403   404   403   403   403   403   403   403   403   403   403   302   302   302
GET applications_office:loket_document_remove       302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET applications_office:loket_review                302   403   403   404   403   403   403   403   403   403   403   403   403   302   302   302
GET applications_office:loket_receipt               302   403   403   404   403   403   403   403   403   403   403   403   403   302   302   302
GET applications_office:loket_receipt_pdf           302   403   403   404   403   403   403   403   403   403   403   403   403   302   302   302
GET applications_office:document                    302   403   403   200   200   200   200   200   200   404   200   404   404   302   302   302
GET applications_office:document_inline             302   403   403   200   200   200   200   200   200   404   200   404   404   302   302   302
GET applications_office:detail                      302   403   403   200   200   200   200   200   200   404   200   404   404   302   302   302
GET applications_office:answers_correct             302   403   403   403   200   200   200   403   403   404   403   404   404   302   302   302
GET applications_office:reveal                      302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET applications_office:bulk                        302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET applications_office:claim                       302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET applications_office:release                     302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET applications_office:assign                      302   403   403   403   403   403   200   403   403   404   403   404   404   302   302   302
GET privacy_office:queue                            302   403   403   403   403   403   403   403   403   403   403   200   403   302   302   302
GET privacy_office:request                          302   403   403   403   403   403   403   403   403   403   403   200   403   302   302   302
GET privacy_office:request_start                    302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET privacy_office:request_complete                 302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET privacy_office:request_reject                   302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET privacy_office:restriction_lift                 302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET privacy_office:breaches                         302   403   403   403   403   403   403   403   403   403   403   200   403   302   302   302
GET privacy_office:breach                           302   403   403   403   403   403   403   403   403   403   403   200   403   302   302   302
GET privacy_office:breach_notified                  302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET privacy_office:breach_notify_subjects           302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET privacy_office:breach_announce                  302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET privacy_office:breach_update                    302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET privacy_office:breach_close                     302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET privacy:overview                                302   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET privacy:export_json                             302   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET privacy:export_pdf                              302   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET privacy:request_new                             302   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET privacy:request                                 302   200   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET privacy:consent_withdraw                        302   200   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET ledger:checkpoint                               200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET ledger:verifier                                 200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET privacy:policy                                  200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET privacy:breaches                                200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET office:home                                     302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET office:services                                 302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET office:service_create                           302   403   403   403   403   403   403   403   200   200   403   403   403   302   302   302
GET office:service_edit                             302   403   403   403   403   403   403   403   200   403   403   403   200   302   302   302
GET office:service_status                           302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET office:form_edit                                302   403   403   403   403   403   403   403   200   403   403   403   200   302   302   302
GET office:form_preview                             302   403   403   403   403   403   403   403   200   403   403   403   200   302   302   302
GET office:workflow_edit                            302   403   403   403   403   403   403   403   200   403   403   403   200   302   302   302
GET office:workflow_dry_run                         302   403   403   403   403   403   403   403   200   403   403   403   200   302   302   302
GET office:synonyms                                 302   403   403   403   403   403   403   403   200   200   403   403   200   302   302   302
GET office:synonym_remove                           302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET officers:list                                   302   403   403   403   403   403   403   403   200   200   403   403   200   302   302   302
GET officers:add                                    302   403   403   403   403   403   403   403   200   200   403   403   200   302   302   302
GET officers:detail                                 302   403   403   403   403   403   403   403   200   404   403   403   200   302   302   302
GET officers:role_grant                             302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET officers:role_revoke                            302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET officers:status                                 302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET /api/v1/agencies/{slug}/officers                401   403   403   403   403   403   403   403   200   404   403   403   200   401   401   401
POST /api/v1/agencies/{slug}/officers               401   403   403   403   403   403   403   403   201   404   403   403   201   401   401   401
POST /api/v1/agencies/{slug}/officers/{officer_id}/roles  401   403   403   403   403   403   403   403   200   404   403   403   200   401   401   401
POST /api/v1/agencies/{slug}/officers/{officer_id}/status 401   403   403   403   403   403   403   403   200   404   403   403   200   401   401   401
GET applications:list                               302   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET applications:start                              302   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET applications:document                           302   200   404   200   200   200   200   200   200   404   200   404   404   302   302   302
GET applications:detail                             302   200   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET applications:resume                             302   302   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET applications:fill                               302   302   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET applications:documents                          302   302   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET applications:document_remove                    302   405   405   405   405   405   405   405   405   405   405   405   405   302   302   302
GET applications:review                             302   302   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET applications:withdraw                           302   200   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET applications:receipt                            302   200   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET applications:receipt_pdf                        302   200   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET applications:status_check                       200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET portal:home                                     200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET portal:services                                 200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET portal:category                                 200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET portal:life_event                               200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET portal:service                                  200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET admin kantor/sistem/                            302   302   302   302   302   302   302   302   302   302   302   302   200   302   302   302
GET admin kantor/sistem/core/calendarentry/         302   302   302   302   302   302   302   302   302   302   302   302   200   302   302   302
GET /api/v1/agencies                                200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/agencies/{slug}                         200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/services                                200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/services/{slug}                         200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/services/{slug}/workflow                200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/regions                                 200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/regions/{code}                          200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/ledger/checkpoint                       200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/ledger/public-key                       200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/ledger/entries/{entry_id}/proof        same  same  same  same  same  same  same  same  same  same  same  same  same  same  same  same
GET /api/v1/ledger/entries/{entry_id}/tree-proof   same  same  same  same  same  same  same  same  same  same  same  same  same  same  same  same
GET /api/v1/ledger/checkpoints/latest               same  same  same  same  same  same  same  same  same  same  same  same  same  same  same  same
GET /api/v1/ledger/checkpoints/{checkpoint_id}      same  same  same  same  same  same  same  same  same  same  same  same  same  same  same  same
GET /api/v1/ledger/tree/{tree_size}/checkpoint      same  same  same  same  same  same  same  same  same  same  same  same  same  same  same  same
GET /api/v1/ledger/consistency                      same  same  same  same  same  same  same  same  same  same  same  same  same  same  same  same
GET /api/v1/ledger/tree/entries                     200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/ledger/witnesses                        200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
POST /api/v1/ledger/cosignatures                    403   403   403   403   403   403   403   403   403   403   403   403   403   403   403   403
GET /api/v1/ledger/cases/{public_id}/entries        401   200   404   200   200   200   200   200   200   404   200   404   404   401   401   401
GET /api/v1/me/privacy/export                       401   200   200   200   200   200   200   200   200   200   200   200   200   401   401   401
GET /api/v1/me/privacy/requests                     401   200   200   200   200   200   200   200   200   200   200   200   200   401   401   401
POST /api/v1/me/privacy/requests                    401   201   201   201   201   201   201   201   201   201   201   201   201   401   401   401
GET /api/v1/applications                            401   200   200   200   200   200   200   200   200   200   200   200   200   401   401   401
POST /api/v1/applications                           401   201   201   400   400   400   400   400   400   400   400   400   400   401   401   401
GET /api/v1/applications/{public_id}                401   200   404   404   404   404   404   404   404   404   404   404   404   401   401   401
PATCH /api/v1/applications/{public_id}/answers      401   409   404   404   404   404   404   404   404   404   404   404   404   401   401   401
POST /api/v1/applications/{public_id}/documents     401   409   404   404   404   404   404   404   404   404   404   404   404   401   401   401
POST /api/v1/applications/{public_id}/submit        401   409   404   404   404   404   404   404   404   404   404   404   404   401   401   401
POST /api/v1/applications/{public_id}/withdraw      401   400   404   404   404   404   404   404   404   404   404   404   404   401   401   401
GET /api/v1/applications/{public_id}/receipt.pdf    401   200   404   404   404   404   404   404   404   404   404   404   404   401   401   401
GET /api/v1/applications/{public_id}/messages       401   200   404   404   404   404   404   404   404   404   404   404   404   401   401   401
POST /api/v1/applications/{public_id}/messages      401   201   404   404   404   404   404   404   404   404   404   404   404   401   401   401
GET /api/v1/status                                  200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
POST /api/v1/status                                 200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET applications:output_pdf                         302   200   404   200   200   200   200   200   200   404   200   404   404   302   302   302
GET applications_office:output_pdf                  302   403   403   200   200   200   200   200   200   404   200   404   404   302   302   302
GET applications_office:output_revoke               302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET outputs:verify                                  200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET /api/v1/outputs                                 401   200   200   200   200   200   200   200   200   200   200   200   200   401   401   401
GET /api/v1/outputs/{output_id}/file.pdf            401   200   404   200   200   200   200   200   200   404   200   404   404   401   401   401
GET /api/v1/verification                            200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET learning:home                                   302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning:assess                                 302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning:officer                                302   403   403   404   200   404   200   404   404   404   404   404   404   302   302   302
GET learning:team                                   302   403   403   404   404   404   200   404   404   404   404   404   404   302   302   302
GET learning:courses                                302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning:course                                 302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning:package                                302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning:module_file                            302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning:quiz                                   302   403   403   302   200   302   302   302   302   302   302   302   302   302   302   302
GET learning:certificate                            302   403   403   404   200   404   200   404   404   404   404   404   404   302   302   302
GET learning:training                               302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning:help                                   302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning:onboarding_done                        302   403   403   405   405   405   405   405   405   405   405   405   405   302   302   302
GET learning:proposals                              302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning:proposal_new                           302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning:proposal                               302   403   403   200   200   200   200   200   200   404   200   404   404   302   302   302
GET learning:appreciate                             302   403   403   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning_public:board                           200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET learning_public:thanks                          302   200   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET /api/v1/learning/courses                        401   403   403   200   200   200   200   200   200   200   200   200   200   401   401   401
GET /api/v1/learning/enrolments                     401   403   403   200   200   200   200   200   200   200   200   200   200   401   401   401
POST /api/v1/learning/enrolments                    401   403   403   201   201   201   201   201   201   201   201   201   201   401   401   401
GET /api/v1/learning/assessments                    401   403   403   200   200   200   200   200   200   200   200   200   200   401   401   401
POST /api/v1/learning/assessments                   401   403   403   201   201   201   201   201   201   201   201   201   201   401   401   401
GET /api/v1/learning/proposals                      401   403   403   200   200   200   200   200   200   200   200   200   200   401   401   401
POST /api/v1/learning/proposals                     401   403   403   201   201   201   201   201   201   201   201   404   404   401   401   401
# The claim probe runs before the release probe: the verifier takes the case, then gives it back
# (after which there is nothing to release: 409).
GET /api/v1/office/inbox                            401   403   403   200   200   200   200   200   200   200   200   200   200   401   401   401
POST /api/v1/office/applications/{public_id}/claim  401   403   403   403   200   403   403   403   403   404   403   404   404   401   401   401
POST /api/v1/office/applications/{public_id}/release 401   403   403   403   200   409   409   409   409   404   409   404   404   401   401   401
POST /api/v1/office/applications/{public_id}/assign 401   403   403   403   403   403   200   403   403   404   403   404   404   401   401   401
GET complaints_office:queue                          302   403   403   403   403   403   200   200   200   200   200   403   200   302   302   302
GET complaints_office:export                         302   403   403   403   403   403   200   200   200   200   200   403   403   302   302   302
GET complaints_office:detail                         302   403   403   404   404   404   200   200   200   404   200   404   404   302   302   302
GET complaints:board                                 200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET complaints:file                                  200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET complaints:confirm                               404   404   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET complaints:status                                200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET complaints:mine                                  302   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET complaints:inbound                               405   405   405   405   405   405   405   405   405   405   405   405   405   302   302   302
GET complaints:attachment                            404   200   404   404   404   404   200   200   200   404   200   404   404   302   302   302
GET complaints:board_detail                          200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET complaints:detail                                404   200   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET complaints:receipt                               404   200   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET complaints:receipt_pdf                           404   200   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET complaints:letter                               302   404   404   404   404   404   404   404   404   404   404   404   404   302   302   302
GET open311:discovery                                200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET open311:services                                 200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET open311:service                                  200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET open311:requests                                 200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET open311:request                                  200   200   200   200   200   200   200   200   200   200   200   200   200   302   302   302
GET /api/v1/complaints/board                         200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/complaints                               401   200   200   200   200   200   200   200   200   200   200   200   200   401   401   401
POST /api/v1/complaints                              401   201   201   201   201   201   201   201   201   201   201   201   201   401   401   401
GET /api/v1/complaints/export.csv                    401   403   403   403   403   403   200   200   200   403   200   403   403   401   401   401
GET /api/v1/complaints/{public_id}                   401   200   404   404   404   404   200   200   200   404   200   404   404   401   401   401
POST /api/v1/complaints/{public_id}/responses        401   404   404   404   404   404   201   201   201   404   404   404   404   401   401   401
POST /api/v1/complaints/{public_id}/forward          401   404   404   404   404   404   400   400   400   404   404   404   404   401   401   401
POST /api/v1/complaints/{public_id}/claim            401   404   404   404   404   404   200   409   409   404   404   404   404   401   401   401
POST /api/v1/complaints/{public_id}/confirm          401   409   404   404   404   404   404   404   404   404   404   404   404   401   401   401
POST /api/v1/complaints/{public_id}/reopen           401   409   404   404   404   404   404   404   404   404   404   404   404   401   401   401
POST /api/v1/complaints/{public_id}/rating           401   409   404   404   404   404   404   404   404   404   404   404   404   401   401   401
GET /api/v1/office/cases/{public_id}                                401   404   404   200   200   200   200   200   200   404   200   404   404   401   401   401
POST /api/v1/office/cases/{public_id}/actions                       401   404   404   409   409   409   409   409   409   404   409   404   404   401   401   401
POST /api/v1/office/cases/{public_id}/documents/{document_id}/review 401  404   404   403   400   400   400   403   403   404   403   404   404   401   401   401
GET /api/v1/office/services/{service_id}/workflows                  401   404   404   200   200   200   200   200   200   404   200   404   200   401   401   401
GET /api/v1/office/services/{service_id}/workflows/{number}         401   404   404   200   200   200   200   200   200   404   200   404   200   401   401   401
PUT /api/v1/office/services/{service_id}/workflows/draft            401   404   404   403   403   403   403   403   200   404   403   404   200   401   401   401
POST /api/v1/office/services/{service_id}/workflows/draft/publish   401   404   404   403   403   403   403   403   400   404   403   404   400   401   401   401
GET /api/v1/openapi.json                            200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET /api/v1/docs                                    200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
"""


def _expected() -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in EXPECTED_TABLE.strip().splitlines():
        if line.startswith("#"):
            continue
        key_parts = line.split()
        statuses = key_parts[-len(PERSONAS) :]
        key = " ".join(key_parts[: -len(PERSONAS)])
        rows[key] = statuses
    return rows


def test_every_route_is_declared_in_the_matrix() -> None:
    declared = set(_expected())
    served = {route.key for route in all_routes()}
    assert sorted(served - declared) == [], (
        "routes nobody declared access for (add them to EXPECTED_TABLE)"
    )
    assert sorted(declared - served) == [], "declared routes that no longer exist"


@pytest.mark.django_db
def test_each_persona_gets_exactly_the_declared_status(
    world: Any, submitted: Any, pdf_bytes: bytes
) -> None:
    ctx = build_context(world, submitted, pdf_bytes)
    expected = _expected()
    mismatches = []
    for route in all_routes():
        want = expected.get(route.key)
        if want is None:
            continue  # reported by test_every_route_is_declared_in_the_matrix
        got = [str(request_route(client_for(ctx, persona), route, ctx)) for persona in PERSONAS]
        if want[0] == "same":
            if len(set(got)) != 1 or got[0] not in ("200", "404", "409"):
                mismatches.append(f"{route.key}: expected one answer for all, got {got}")
            continue
        for persona, w, g in zip(PERSONAS, want, got, strict=True):
            if w != g:
                mismatches.append(f"{route.key} as {persona}: expected {w}, got {g}")
    assert mismatches == []


def test_an_undeclared_route_fails_the_matrix(settings: Any) -> None:
    """The guard itself: a route added without a declaration is reported."""
    import types

    from django.http import HttpResponse
    from django.urls import clear_url_caches, include, path

    module = types.ModuleType("matrix_probe_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("rahasia/", lambda request: HttpResponse("terbuka"), name="undeclared_secret"),
        path("", include("config.urls")),
    ]
    import sys

    sys.modules["matrix_probe_urls"] = module
    settings.ROOT_URLCONF = "matrix_probe_urls"
    clear_url_caches()
    try:
        served = {route.key for route in all_routes()}
        assert "GET undeclared_secret" in served
        assert "GET undeclared_secret" not in _expected()
    finally:
        del sys.modules["matrix_probe_urls"]
        clear_url_caches()


def test_password_only_officers_get_nothing_an_anonymous_visitor_does_not() -> None:
    """The table itself may not grant a password-only officer more than the public gets."""
    anonymous = PERSONAS.index("anonymous")
    second_factor_pages = ("GET accounts:otp_enrol", "GET accounts:otp_verify")
    for key, statuses in _expected().items():
        for persona in PASSWORD_ONLY:
            if statuses[PERSONAS.index(persona)] == "200":
                assert statuses[anonymous] == "200" or key in second_factor_pages, (
                    f"{key} serves {persona} without the second factor"
                )


@pytest.mark.django_db
def test_password_only_officer_is_sent_to_the_second_factor_not_the_document(
    world: Any, submitted: Any, pdf_bytes: bytes
) -> None:
    from django.urls import reverse

    ctx = build_context(world, submitted, pdf_bytes)
    document = ctx["document"].public_id
    url = reverse("applications:document", args=[document])
    enrolled = client_for(ctx, "verifier_password_only").get(url)
    assert enrolled.status_code == 302
    assert enrolled["Location"].startswith(reverse("accounts:otp_verify"))
    assert "next=" in enrolled["Location"]
    newcomer = client_for(ctx, "newcomer_password_only").get(url)
    assert newcomer["Location"].startswith(reverse("accounts:otp_enrol"))
    # The same officer after the second factor, and the citizen who owns it, get the file.
    assert client_for(ctx, "verifier").get(url).status_code == 200
    assert client_for(ctx, "siti").get(url).status_code == 200
