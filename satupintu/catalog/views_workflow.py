"""Back office: agency admins shape a service's workflow, see it drawn, and try it out.

The editor keeps one draft version per service (catalog.services.workflow_draft_save); the
draft is drawn as SVG (catalog.diagram) with every problem that stops it from being published
listed in words, and publishing makes it the next version. The dry run walks a version step by
step, with the deadlines the calendar would give from today, and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.catalog import diagram, services, workflow
from satupintu.catalog.access import service_for_admin
from satupintu.catalog.models import Service, WorkflowVersion
from satupintu.core.calendar import WorkingCalendar
from satupintu.core.errors import ServiceError
from satupintu.core.security import office_required

STATUS_CHOICES = [
    ("submitted", gettext_lazy("Diterima")),
    ("in_review", gettext_lazy("Sedang diproses")),
    ("needs_correction", gettext_lazy("Perlu perbaikan")),
    ("approved", gettext_lazy("Disetujui")),
    ("completed", gettext_lazy("Selesai")),
    ("rejected", gettext_lazy("Ditolak")),
    ("withdrawn", gettext_lazy("Dibatalkan")),
]
OUTCOME_CHOICES = [
    ("", gettext_lazy("Bukan langkah akhir")),
    ("completed", gettext_lazy("Selesai (produk diterbitkan)")),
    ("rejected", gettext_lazy("Ditolak")),
    ("withdrawn", gettext_lazy("Dibatalkan pemohon")),
]


def _role_choices() -> list[tuple[str, str]]:
    return [(role, workflow.role_name(role)) for role in workflow.ROLES]


class StepRowForm(forms.Form):
    key = forms.CharField(label=gettext_lazy("Kunci"), max_length=40)
    label = forms.CharField(label=gettext_lazy("Label untuk warga"), max_length=120)
    label_internal = forms.CharField(
        label=gettext_lazy("Label untuk petugas"), max_length=120, required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status yang dilihat warga"), choices=STATUS_CHOICES
    )
    sla_days = forms.IntegerField(
        label=gettext_lazy("Batas waktu (hari kerja)"),
        min_value=0,
        max_value=workflow.MAX_SLA_DAYS,
        initial=1,
    )
    waits_on_citizen = forms.BooleanField(
        label=gettext_lazy("Menunggu pemohon (jam berhenti)"), required=False
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Hasil akhir"), choices=OUTCOME_CHOICES, required=False
    )
    auto_assign = forms.BooleanField(
        label=gettext_lazy("Bagikan otomatis ke petugas dengan beban paling ringan"),
        required=False,
    )

    DEFAULTED = frozenset({"status", "sla_days", "outcome", "DELETE"})

    def has_changed(self) -> bool:
        if self.initial:
            return super().has_changed()
        return any(name not in self.DEFAULTED for name in self.changed_data)


class ActionRowForm(forms.Form):
    key = forms.CharField(label=gettext_lazy("Kunci"), max_length=40)
    label = forms.CharField(label=gettext_lazy("Label tombol"), max_length=120)
    source = forms.CharField(label=gettext_lazy("Dari langkah (kunci)"), max_length=40)
    target = forms.CharField(label=gettext_lazy("Ke langkah (kunci)"), max_length=40)
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Peran yang boleh"),
        choices=_role_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason_required = forms.BooleanField(label=gettext_lazy("Alasan wajib"), required=False)
    returns_for_correction = forms.BooleanField(
        label=gettext_lazy("Mengembalikan ke pemohon untuk perbaikan"), required=False
    )
    bulk = forms.BooleanField(
        label=gettext_lazy("Boleh dilakukan massal dari kotak masuk"), required=False
    )
    checklist = forms.CharField(
        label=gettext_lazy("Daftar periksa"),
        help_text=gettext_lazy("Satu butir per baris; petugas mencentang semuanya."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    DEFAULTED = frozenset({"DELETE"})

    def has_changed(self) -> bool:
        if self.initial:
            return super().has_changed()
        return any(name not in self.DEFAULTED for name in self.changed_data)


StepFormSet = forms.formset_factory(
    StepRowForm, extra=1, can_delete=True, max_num=workflow.MAX_STEPS, validate_max=True,
    absolute_max=workflow.MAX_STEPS + 10,
)  # fmt: skip
ActionFormSet = forms.formset_factory(
    ActionRowForm, extra=1, can_delete=True, max_num=workflow.MAX_ACTIONS, validate_max=True,
    absolute_max=workflow.MAX_ACTIONS + 10,
)  # fmt: skip


class StartForm(forms.Form):
    start = forms.CharField(label=gettext_lazy("Langkah awal (kunci)"), max_length=40)
    note = forms.CharField(label=gettext_lazy("Catatan perubahan"), max_length=300, required=False)


def _initial(spec: dict[str, Any]) -> tuple[dict[str, Any], list[Any], list[Any]]:
    steps = list(spec.get("steps") or [])
    actions = [
        {
            **a,
            "source": a.get("from", ""),
            "target": a.get("to", ""),
            "checklist": "\n".join(a.get("checklist") or []),
        }
        for a in spec.get("actions") or []
    ]
    return {"start": spec.get("start", "")}, steps, actions


def _kept(formset: Any) -> list[dict[str, Any]]:
    """The rows the admin filled in and did not delete, in page order."""
    return [
        f.cleaned_data
        for f in formset.forms
        if (f.initial or f.has_changed()) and f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def _spec_from(start: StartForm, steps: Any, actions: Any) -> dict[str, Any]:
    return {
        "start": start.cleaned_data["start"].strip().lower(),
        "steps": [{**row, "key": row["key"].strip().lower()} for row in _kept(steps)],
        "actions": [
            {
                "key": row["key"].strip().lower(),
                "label": row["label"],
                "from": row["source"].strip().lower(),
                "to": row["target"].strip().lower(),
                "roles": list(row.get("roles") or []),
                "reason_required": bool(row.get("reason_required")),
                "returns_for_correction": bool(row.get("returns_for_correction")),
                "bulk": bool(row.get("bulk")),
                "checklist": [
                    line.strip()
                    for line in (row.get("checklist") or "").splitlines()
                    if line.strip()
                ],
            }
            for row in _kept(actions)
        ],
    }


def _versions(service: Service) -> list[WorkflowVersion]:
    return list(WorkflowVersion.objects.filter(service=service).order_by("-number"))


def _draft(service: Service) -> WorkflowVersion | None:
    return WorkflowVersion.objects.filter(
        service=service, state=WorkflowVersion.State.DRAFT
    ).first()


@office_required
def workflow_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    """The service's workflow: the draft (or the current version) as forms, its diagram and
    problems; buttons save the draft, publish it, start it from a template, or discard it."""
    service = service_for_admin(request.user, service_id)
    current = services.workflow_current(service)
    draft = _draft(service)
    shown = draft or current
    spec: dict[str, Any] = (
        dict(shown.spec) if shown else workflow.template_standard(service.sla_working_days)
    )
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        do = request.POST.get("do", "")
        if do == "template":
            chosen = workflow.TEMPLATES.get(request.POST.get("template", ""))
            if chosen is None:
                messages.error(request, _("Pilih templat yang tersedia."))
                return redirect("office:workflow_edit", service_id=service.pk)
            services.workflow_draft_save(
                actor=request.user, service=service, spec=chosen[1](service.sla_working_days),
                note=str(chosen[0]),
            )  # fmt: skip
            messages.success(request, _("Draf dibuat dari templat. Periksa lalu terbitkan."))
            return redirect("office:workflow_edit", service_id=service.pk)
        if do == "discard":
            services.workflow_draft_discard(actor=request.user, service=service)
            messages.success(request, _("Draf alur dibuang."))
            return redirect("office:workflow_edit", service_id=service.pk)
        start_form = StartForm(request.POST, prefix="alur")
        steps = StepFormSet(request.POST, prefix="langkah")
        actions = ActionFormSet(request.POST, prefix="tindakan")
        if start_form.is_valid() and steps.is_valid() and actions.is_valid():
            spec = _spec_from(start_form, steps, actions)
            services.workflow_draft_save(
                actor=request.user, service=service, spec=spec,
                note=start_form.cleaned_data.get("note", ""),
            )  # fmt: skip
            if do == "publish":
                try:
                    version = services.workflow_publish(actor=request.user, service=service)
                except ServiceError as exc:
                    problems = list(getattr(exc, "problems", [exc.message]))
                    messages.error(request, _("Alur belum diterbitkan."))
                    status = 400
                else:
                    messages.success(
                        request,
                        _(
                            "Versi %(n)d diterbitkan. Permohonan baru memakai versi ini; "
                            "permohonan yang berjalan tetap pada versinya."
                        )
                        % {"n": version.number},
                    )
                    return redirect("office:workflow_edit", service_id=service.pk)
            else:
                messages.success(request, _("Draf alur disimpan."))
                return redirect("office:workflow_edit", service_id=service.pk)
        else:
            messages.error(request, _("Periksa kembali isian yang ditandai."))
            status = 400
        draft = _draft(service)
    else:
        start_initial, step_rows, action_rows = _initial(spec)
        start_form = StartForm(initial=start_initial, prefix="alur")
        steps = StepFormSet(initial=step_rows, prefix="langkah")
        actions = ActionFormSet(initial=action_rows, prefix="tindakan")
    definition = workflow.parse(spec)
    if not problems:
        problems = services.workflow_problems(service, spec)
    return TemplateResponse(
        request,
        "catalog/workflow_edit.html",
        {
            "service": service,
            "current": current,
            "draft": draft,
            "versions": _versions(service),
            "definition": definition,
            "diagram": diagram.render(definition),
            "problems": problems,
            "start_form": start_form,
            "steps": steps,
            "actions": actions,
            "templates": [(key, label) for key, (label, _make) in workflow.TEMPLATES.items()],
            "role_names": {role: workflow.role_name(role) for role in workflow.ROLES},
        },
        status=status,
    )


# --- dry run ---------------------------------------------------------------------------------

RESUBMIT = "_kirim_ulang"
MAX_PATH = 60


def dry_run(
    definition: workflow.Definition, path: list[str], *, start: dt.datetime, calendar: Any
) -> dict[str, Any]:
    """Walk `definition` along the action keys in `path` from `start`; stops at the first key
    that does not apply. Returns the visited rows, the step reached and what may come next."""
    step = definition.step(definition.start)
    rows: list[dict[str, Any]] = []
    at = start
    asked_from: str = ""
    if step is None:
        return {"rows": rows, "step": None, "next": [], "stopped": ""}
    due = calendar.add_working_days(at, step.sla_days)
    rows.append({"step": step, "action": None, "due": due})
    stopped = ""
    for key in path[:MAX_PATH]:
        if key == RESUBMIT and step.waits_on_citizen:
            target = definition.step(asked_from)
            action = None
        else:
            action = definition.action(key)
            if action is None or action.source != step.key:
                stopped = key
                break
            target = definition.step(action.target)
        if target is None:
            stopped = key
            break
        if action is not None and action.returns_for_correction:
            asked_from = step.key
        # Each simulated move happens one working day after the previous one.
        at = calendar.add_working_days(at, 1) - dt.timedelta(hours=12)
        step = target
        due = (
            None if step.is_terminal or step.waits_on_citizen
            else calendar.add_working_days(at, step.sla_days)
        )  # fmt: skip
        rows.append({"step": step, "action": action, "due": due, "resubmit": action is None})
    options: list[dict[str, Any]] = []
    if step.waits_on_citizen and asked_from:
        options.append({"key": RESUBMIT, "label": _("Pemohon mengirim ulang"), "roles": []})
    elif not step.is_terminal:
        options = [
            {"key": a.key, "label": a.label, "roles": [workflow.role_name(r) for r in a.roles],
             "action": a}
            for a in definition.actions_from(step.key)
        ]  # fmt: skip
    return {"rows": rows, "step": step, "next": options, "stopped": stopped}


@office_required
def workflow_dry_run(request: HttpRequest, service_id: int) -> HttpResponse:
    """Try a version (the draft by default) step by step: who acts, what they must give, and
    the deadlines from today. Reads only; every choice is a link (works without JavaScript)."""
    service = service_for_admin(request.user, service_id)
    versions = _versions(service)
    wanted = request.GET.get("versi", "")
    version = next((v for v in versions if str(v.number) == wanted), None)
    if version is None:
        version = _draft(service) or services.workflow_current(service)
    definition = version.definition if version else workflow.parse(
        workflow.template_standard(service.sla_working_days)
    )  # fmt: skip
    raw = request.GET.get("jalur", "")
    path = [p for p in raw.split(",") if p][:MAX_PATH]
    result = dry_run(
        definition,
        path,
        start=timezone.now(),
        calendar=WorkingCalendar(agency=service.agency),
    )
    walked = path if not result["stopped"] else path[: path.index(result["stopped"])]
    for option in result["next"]:
        option["path"] = ",".join([*walked, option["key"]])
    back = ",".join(walked[:-1]) if walked else None
    return TemplateResponse(
        request,
        "catalog/workflow_dry_run.html",
        {
            "service": service,
            "version": version,
            "versions": versions,
            "result": result,
            "back": back,
            "problems": workflow.validate(definition),
        },
        status=400 if result["stopped"] else 200,
    )
