"""Workflow definitions as data: the shape of a version's `spec`, its validation, the templates.

A definition version (catalog.WorkflowVersion) holds, as JSON:

    {"start": "verify",
     "escalate_after_days": 2,      (optional; else settings.WORKFLOW_ESCALATE_AFTER_DAYS)
     "steps": [{"key", "label", "label_internal", "status", "sla_days",
                "waits_on_citizen", "outcome", "auto_assign"?}, …],
     "actions": [{"key", "label", "from", "to", "roles", "reason_required",
                  "checklist", "returns_for_correction", "bulk"?}, …]}

`auto_assign` (optional) hands a case entering the step to the eligible officer with the
fewest open cases (applications.assignment); `bulk` (optional) lets the inbox take the action
on several selected cases at once, so it may not ask for a reason, a checklist or a correction.

`status` is the public phase the citizen's pages and the inbox already know
(applications.models.Status); several steps may share one (verify and review are both "Sedang
diproses"). A step with an `outcome` (completed, rejected, withdrawn) ends the case. A step that
`waits_on_citizen` is left by the citizen's resubmission, back to the step that asked; its clock
is paused. Withdrawal by the citizen goes to the definition's withdrawn step.

This module reads and checks definitions only; the engine that moves a case lives in
applications.services (`application_act`), the writes of definitions in catalog.services.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Kept in step with applications.models.Status (catalog sits below applications and cannot
# import it); test_workflow_definition checks the two agree.
OPEN_PHASES: tuple[str, ...] = ("submitted", "in_review", "needs_correction", "approved")
OUTCOMES: tuple[str, ...] = ("completed", "rejected", "withdrawn")
ROLES: tuple[str, ...] = ("front_desk", "verifier", "reviewer", "approver", "agency_admin")
MAX_SLA_DAYS = 365
MAX_STEPS = 40
MAX_ACTIONS = 120
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    label_internal: str = ""
    status: str = "in_review"
    sla_days: int = 0
    waits_on_citizen: bool = False
    outcome: str = ""
    auto_assign: bool = False

    @property
    def is_terminal(self) -> bool:
        return bool(self.outcome)


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    source: str
    target: str
    roles: tuple[str, ...]
    reason_required: bool = False
    checklist: tuple[str, ...] = ()
    returns_for_correction: bool = False
    bulk: bool = False


@dataclass(frozen=True)
class Definition:
    start: str
    steps: tuple[Step, ...]
    actions: tuple[Action, ...] = field(default=())
    # Working days after a step's deadline before the unit's supervisor is told (the officers
    # who can act are told at the deadline); None: the platform default.
    escalate_after_days: int | None = None

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    def action(self, key: str) -> Action | None:
        return next((a for a in self.actions if a.key == key), None)

    def actions_from(self, step_key: str) -> list[Action]:
        return [a for a in self.actions if a.source == step_key]

    def outcome_step(self, outcome: str) -> Step | None:
        return next((s for s in self.steps if s.outcome == outcome), None)


def _text(value: Any, limit: int = 120) -> str:
    """One line of text: control characters dropped (PostgreSQL's jsonb refuses NUL)."""
    text = unicodedata.normalize("NFC", str(value if value is not None else ""))
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs")).strip()[
        :limit
    ]


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def parse(spec: Mapping[str, Any] | Any) -> Definition:
    """A Definition from stored or posted JSON; never raises (validate() says what is wrong)."""
    data = spec if isinstance(spec, Mapping) else {}
    steps_in, actions_in = data.get("steps"), data.get("actions")
    raw_steps: list[Any] = steps_in if isinstance(steps_in, list) else []
    raw_actions: list[Any] = actions_in if isinstance(actions_in, list) else []
    steps = tuple(
        Step(
            key=_text(row.get("key"), 60),
            label=_text(row.get("label")),
            label_internal=_text(row.get("label_internal")),
            status=_text(row.get("status") or "in_review", 30),
            sla_days=_int(row.get("sla_days", 0)),
            waits_on_citizen=bool(row.get("waits_on_citizen")),
            outcome=_text(row.get("outcome"), 30),
            auto_assign=bool(row.get("auto_assign")),
        )
        for row in raw_steps[: MAX_STEPS + 1]
        if isinstance(row, Mapping)
    )
    actions = tuple(
        Action(
            key=_text(row.get("key"), 60),
            label=_text(row.get("label")),
            source=_text(row.get("from"), 60),
            target=_text(row.get("to"), 60),
            roles=tuple(
                _text(r, 30) for r in (row.get("roles") or []) if isinstance(r, str) and r.strip()
            ),
            reason_required=bool(row.get("reason_required")),
            checklist=tuple(
                _text(c, 200) for c in (row.get("checklist") or []) if isinstance(c, str) and c
            ),
            returns_for_correction=bool(row.get("returns_for_correction")),
            bulk=bool(row.get("bulk")),
        )
        for row in raw_actions[: MAX_ACTIONS + 1]
        if isinstance(row, Mapping)
    )
    escalate = data.get("escalate_after_days")
    return Definition(
        start=_text(data.get("start"), 60),
        steps=steps,
        actions=actions,
        escalate_after_days=None if escalate in (None, "") else _int(escalate),
    )


# Parsed definitions by the JSON text of their spec. A Definition is immutable (frozen dataclasses
# and tuples) and a function of the spec alone, so one parse serves every case of a version in
# this process, and a spec that changes is simply another key: nothing is ever stale.
_PARSED: dict[str, Definition] = {}
MAX_PARSED = 512


def _plain_json(value: Any) -> bool:
    """Whether `value` is made of JSON's own types only (dict with str keys, list, str, int,
    float, bool, None), so that equal JSON texts mean equal values (a tuple would print as a
    list, which `parse` reads differently)."""
    kind = type(value)
    if kind is dict:
        return all(type(key) is str and _plain_json(item) for key, item in value.items())
    if kind is list:
        return all(_plain_json(item) for item in value)
    return value is None or kind in (str, int, float, bool)


def parse_kept(spec: Mapping[str, Any] | Any) -> Definition:
    """`parse(spec)`, remembered by the spec's JSON text (a stored version's spec is parsed once
    per process, not on every read of `WorkflowVersion.definition`)."""
    if not _plain_json(spec):
        return parse(spec)
    key = json.dumps(spec, ensure_ascii=False)
    found = _PARSED.get(key)
    if found is None:
        found = parse(spec)
        if len(_PARSED) >= MAX_PARSED:
            _PARSED.clear()
        _PARSED[key] = found
    return found


def to_spec(definition: Definition) -> dict[str, Any]:
    """The JSON form of a Definition (what a version stores)."""
    extra: dict[str, Any] = {}
    if definition.escalate_after_days is not None:
        extra["escalate_after_days"] = definition.escalate_after_days
    return {
        **extra,
        "start": definition.start,
        "steps": [
            {
                "key": s.key,
                "label": s.label,
                "label_internal": s.label_internal,
                "status": s.status,
                "sla_days": s.sla_days,
                "waits_on_citizen": s.waits_on_citizen,
                "outcome": s.outcome,
                **({"auto_assign": True} if s.auto_assign else {}),
            }
            for s in definition.steps
        ],
        "actions": [
            {
                "key": a.key,
                "label": a.label,
                "from": a.source,
                "to": a.target,
                "roles": list(a.roles),
                "reason_required": a.reason_required,
                "checklist": list(a.checklist),
                "returns_for_correction": a.returns_for_correction,
                **({"bulk": True} if a.bulk else {}),
            }
            for a in definition.actions
        ],
    }


def role_name(role: str) -> str:
    from satupintu.organizations.models import Role

    try:
        return str(Role(role).label)
    except ValueError:
        return role


def _reachable(definition: Definition, start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        key = todo.pop()
        if key in seen or definition.step(key) is None:
            continue
        seen.add(key)
        todo.extend(a.target for a in definition.actions_from(key))
    return seen


def _can_finish(definition: Definition) -> set[str]:
    """Steps from which some path of actions reaches a terminal step."""
    done = {s.key for s in definition.steps if s.is_terminal}
    asked_from: dict[str, set[str]] = {}
    for a in definition.actions:
        if a.returns_for_correction:
            asked_from.setdefault(a.target, set()).add(a.source)
    changed = True
    while changed:
        changed = False
        for s in definition.steps:
            if s.key in done:
                continue
            targets = {a.target for a in definition.actions_from(s.key)}
            if s.waits_on_citizen:
                targets |= asked_from.get(s.key, set())
            if targets & done:
                done.add(s.key)
                changed = True
    return done


def validate(definition: Definition, *, agency_roles: Iterable[str] | None = None) -> list[str]:
    """Every problem that stops `definition` from being published, each in words for the admin.

    `agency_roles` are the roles some officer of the agency holds; when given, an action for a
    role nobody holds is a problem too (nobody could ever take it).
    """
    problems: list[str] = []
    held = set(agency_roles) if agency_roles is not None else None
    if not definition.steps:
        return [_("Alur belum memiliki langkah.")]
    if len(definition.steps) > MAX_STEPS:
        problems.append(_("Alur paling banyak %(n)d langkah.") % {"n": MAX_STEPS})
    if len(definition.actions) > MAX_ACTIONS:
        problems.append(_("Alur paling banyak %(n)d tindakan.") % {"n": MAX_ACTIONS})
    escalate = definition.escalate_after_days
    if escalate is not None and not 0 <= escalate <= MAX_SLA_DAYS:
        problems.append(
            _("Eskalasi ke atasan harus 0–%(max)d hari kerja setelah tenggat langkah.")
            % {"max": MAX_SLA_DAYS}
        )
    keys: set[str] = set()
    for s in definition.steps:
        name = s.label or s.key
        if not _KEY.match(s.key):
            problems.append(
                _(
                    "Kunci langkah “%(key)s” tidak valid: pakai huruf kecil, angka, dan garis "
                    "bawah, diawali huruf."
                )
                % {"key": s.key}
            )
        if s.key in keys:
            problems.append(_("Kunci langkah “%(key)s” dipakai dua kali.") % {"key": s.key})
        keys.add(s.key)
        if not s.label:
            problems.append(_("Langkah “%(key)s” belum punya label untuk warga.") % {"key": s.key})
        if s.outcome and s.outcome not in OUTCOMES:
            problems.append(
                _("Langkah “%(step)s” punya hasil akhir yang tidak dikenal.") % {"step": name}
            )
        if s.outcome and s.status != s.outcome:
            problems.append(
                _("Langkah akhir “%(step)s” harus berstatus sama dengan hasil akhirnya.")
                % {"step": name}
            )
        if not s.outcome and s.status not in OPEN_PHASES:
            problems.append(
                _("Langkah “%(step)s” punya status yang tidak dikenal.") % {"step": name}
            )
        if s.waits_on_citizen and (s.outcome or s.status != "needs_correction"):
            problems.append(
                _("Langkah “%(step)s” menunggu warga, jadi statusnya harus “Perlu perbaikan”.")
                % {"step": name}
            )
        if not s.waits_on_citizen and not s.outcome and s.status == "needs_correction":
            problems.append(
                _("Langkah “%(step)s” berstatus “Perlu perbaikan” tetapi tidak menunggu warga.")
                % {"step": name}
            )
        if s.auto_assign and (s.outcome or s.waits_on_citizen):
            problems.append(
                _(
                    "Langkah “%(step)s” tidak dapat dibagikan otomatis: hanya langkah kerja "
                    "petugas yang dibagikan."
                )
                % {"step": name}
            )
        if not 0 <= s.sla_days <= MAX_SLA_DAYS:
            problems.append(
                _("Batas waktu langkah “%(step)s” harus 0–%(max)d hari kerja.")
                % {"step": name, "max": MAX_SLA_DAYS}
            )
    start = definition.step(definition.start)
    if start is None:
        problems.append(_("Langkah awal belum dipilih atau tidak ada."))
    elif start.is_terminal or start.waits_on_citizen:
        problems.append(
            _("Langkah awal “%(step)s” harus langkah kerja petugas.") % {"step": start.label}
        )
    if definition.outcome_step("completed") is None:
        problems.append(_("Alur belum punya langkah akhir “Selesai” yang menghasilkan produk."))
    if definition.outcome_step("withdrawn") is None:
        problems.append(
            _("Alur belum punya langkah akhir “Dibatalkan” untuk pembatalan oleh pemohon.")
        )
    action_keys: set[str] = set()
    for a in definition.actions:
        name = a.label or a.key
        if not _KEY.match(a.key):
            problems.append(_("Kunci tindakan “%(key)s” tidak valid.") % {"key": a.key})
        if a.key in action_keys:
            problems.append(_("Kunci tindakan “%(key)s” dipakai dua kali.") % {"key": a.key})
        action_keys.add(a.key)
        if not a.label:
            problems.append(_("Tindakan “%(key)s” belum punya label.") % {"key": a.key})
        source, target = definition.step(a.source), definition.step(a.target)
        if source is None:
            problems.append(
                _("Tindakan “%(action)s” berangkat dari langkah yang tidak ada.") % {"action": name}
            )
        elif source.is_terminal:
            problems.append(
                _("Tindakan “%(action)s” berangkat dari langkah akhir “%(step)s”.")
                % {"action": name, "step": source.label}
            )
        elif source.waits_on_citizen:
            problems.append(
                _(
                    "Tindakan “%(action)s” berangkat dari langkah yang menunggu warga; langkah "
                    "itu ditinggalkan saat warga mengirim ulang."
                )
                % {"action": name}
            )
        if target is None:
            problems.append(
                _("Tindakan “%(action)s” menuju langkah yang tidak ada.") % {"action": name}
            )
        elif target.waits_on_citizen != a.returns_for_correction:
            problems.append(
                _(
                    "Tindakan “%(action)s”: hanya tindakan yang mengembalikan permohonan untuk "
                    "diperbaiki yang boleh menuju langkah yang menunggu warga, dan sebaliknya."
                )
                % {"action": name}
            )
        elif target.outcome == "withdrawn":
            problems.append(
                _("Tindakan “%(action)s”: hanya pemohon yang dapat membatalkan permohonan.")
                % {"action": name}
            )
        if not a.roles:
            problems.append(
                _("Tindakan “%(action)s” belum menyebut peran yang boleh mengambilnya.")
                % {"action": name}
            )
        for role in a.roles:
            if role not in ROLES:
                problems.append(
                    _("Tindakan “%(action)s” menyebut peran yang tidak dikenal: “%(role)s”.")
                    % {"action": name, "role": role}
                )
        known = [role for role in a.roles if role in ROLES]
        if held is not None and known and not set(known) & held:
            problems.append(
                _(
                    "Tindakan “%(action)s” untuk peran “%(role)s”, tetapi belum ada petugas "
                    "instansi ini dengan peran itu."
                )
                % {"action": name, "role": "”/“".join(role_name(r) for r in known)}
            )
        if a.bulk and (a.reason_required or a.checklist or a.returns_for_correction):
            problems.append(
                _(
                    "Tindakan “%(action)s” tidak dapat dilakukan massal: tindakan yang meminta "
                    "alasan, daftar periksa, atau perbaikan harus diambil satu per satu."
                )
                % {"action": name}
            )
        if target is not None and target.outcome == "rejected" and not a.reason_required:
            problems.append(
                _("Tindakan “%(action)s” menolak permohonan, jadi alasan harus wajib.")
                % {"action": name}
            )
        if a.returns_for_correction and not a.reason_required:
            problems.append(
                _("Tindakan “%(action)s” meminta perbaikan, jadi catatan harus wajib.")
                % {"action": name}
            )
    if start is not None:
        reachable = _reachable(definition, start.key)
        for s in definition.steps:
            if s.key not in reachable and s.outcome != "withdrawn":
                problems.append(
                    _("Langkah “%(step)s” tidak dapat dicapai dari langkah awal.")
                    % {"step": s.label or s.key}
                )
        if (
            definition.outcome_step("completed") is not None
            and not {s.key for s in definition.steps if s.outcome == "completed"} & reachable
        ):
            problems.append(_("Tidak ada jalur dari langkah awal ke langkah “Selesai”."))
    finishing = _can_finish(definition)
    for s in definition.steps:
        if s.is_terminal:
            continue
        outgoing = definition.actions_from(s.key)
        if s.waits_on_citizen:
            if not any(a.target == s.key for a in definition.actions):
                continue  # unreachable; said above
        elif not outgoing:
            problems.append(
                _("Langkah “%(step)s” buntu: tidak ada tindakan untuk keluar darinya.")
                % {"step": s.label or s.key}
            )
            continue
        if s.key not in finishing:
            problems.append(
                _("Dari langkah “%(step)s” tidak ada jalur ke langkah akhir.")
                % {"step": s.label or s.key}
            )
    return list(dict.fromkeys(problems))


# --- templates ------------------------------------------------------------------------------

_FINAL_STEPS: list[dict[str, Any]] = [
    {"key": "completed", "label": "Selesai", "label_internal": "Produk diterbitkan",
     "status": "completed", "sla_days": 0, "waits_on_citizen": False, "outcome": "completed"},
    {"key": "rejected", "label": "Ditolak", "label_internal": "Ditolak",
     "status": "rejected", "sla_days": 0, "waits_on_citizen": False, "outcome": "rejected"},
    {"key": "withdrawn", "label": "Dibatalkan", "label_internal": "Dibatalkan pemohon",
     "status": "withdrawn", "sla_days": 0, "waits_on_citizen": False, "outcome": "withdrawn"},
]  # fmt: skip
_CORRECTION_STEP: dict[str, Any] = {
    "key": "needs_correction", "label": "Perlu perbaikan", "label_internal": "Menunggu pemohon",
    "status": "needs_correction", "sla_days": 0, "waits_on_citizen": True, "outcome": "",
}  # fmt: skip


def _step(key: str, label: str, internal: str, status: str, sla: int) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "label_internal": internal,
        "status": status,
        "sla_days": sla,
        "waits_on_citizen": False,
        "outcome": "",
    }


def _action(
    key: str,
    label: str,
    source: str,
    target: str,
    roles: list[str],
    *,
    reason: bool = False,
    correction: bool = False,
    checklist: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "from": source,
        "to": target,
        "roles": roles,
        "reason_required": reason,
        "checklist": checklist or [],
        "returns_for_correction": correction,
    }


def _split_sla(total: int, parts: int) -> list[int]:
    total = max(int(total or 0), parts)
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def template_standard(sla_days: int = 5) -> dict[str, Any]:
    """The equivalent of the fixed workflow every service had before definitions were data:
    received → in process (correction loop) → approved → completed, or rejected. Step keys are
    the old statuses, so existing applications move onto it unchanged."""
    first, second, third = _split_sla(sla_days, 3)
    return {
        "start": "submitted",
        "steps": [
            _step("submitted", "Diterima", "Antrean verifikasi", "submitted", first),
            _step("in_review", "Sedang diproses", "Pemeriksaan dan keputusan", "in_review", second),
            dict(_CORRECTION_STEP),
            _step("approved", "Disetujui", "Penerbitan produk", "approved", third),
            *copy.deepcopy(_FINAL_STEPS),
        ],
        "actions": [
            _action("start_review", "Mulai proses", "submitted", "in_review", ["verifier"]),
            _action(
                "request_correction", "Minta perbaikan", "in_review", "needs_correction",
                ["verifier"], reason=True, correction=True,
            ),
            _action("approve", "Setujui", "in_review", "approved", ["approver"]),
            _action("reject", "Tolak", "in_review", "rejected", ["approver"], reason=True),
            _action("complete", "Selesaikan", "approved", "completed", ["approver", "front_desk"]),
        ],
    }  # fmt: skip


def template_full(sla_days: int = 5) -> dict[str, Any]:
    """verify → review → approve → issue, with a correction loop from verification."""
    verify, review, approve, issue = _split_sla(sla_days, 4)
    return {
        "start": "verify",
        "steps": [
            _step("verify", "Diterima", "Verifikasi berkas", "submitted", verify),
            dict(_CORRECTION_STEP),
            _step("review", "Sedang diproses", "Pemeriksaan", "in_review", review),
            _step("approve", "Sedang diproses", "Keputusan pejabat", "in_review", approve),
            _step("issue", "Disetujui", "Penerbitan produk", "approved", issue),
            *copy.deepcopy(_FINAL_STEPS),
        ],
        "actions": [
            _action(
                "verify_ok", "Berkas lengkap", "verify", "review", ["verifier"],
                checklist=["Identitas pemohon sesuai dokumen", "Semua dokumen terbaca"],
            ),
            _action(
                "request_correction", "Minta perbaikan", "verify", "needs_correction",
                ["verifier"], reason=True, correction=True,
            ),
            _action("review_ok", "Teruskan ke pejabat", "review", "approve", ["reviewer"]),
            _action(
                "review_back", "Kembalikan ke verifikasi", "review", "verify", ["reviewer"],
                reason=True,
            ),
            _action("approve", "Setujui", "approve", "issue", ["approver"]),
            _action("reject", "Tolak", "approve", "rejected", ["approver"], reason=True),
            _action("issue", "Terbitkan", "issue", "completed", ["approver", "front_desk"]),
        ],
    }  # fmt: skip


def template_short(sla_days: int = 2) -> dict[str, Any]:
    """verify → issue: for simple letters the verifier can decide."""
    verify, issue = _split_sla(sla_days, 2)
    return {
        "start": "verify",
        "steps": [
            _step("verify", "Diterima", "Verifikasi berkas", "submitted", verify),
            dict(_CORRECTION_STEP),
            _step("issue", "Disetujui", "Penerbitan produk", "approved", issue),
            *copy.deepcopy(_FINAL_STEPS),
        ],
        "actions": [
            _action("verify_ok", "Setujui", "verify", "issue", ["verifier"]),
            _action(
                "request_correction", "Minta perbaikan", "verify", "needs_correction",
                ["verifier"], reason=True, correction=True,
            ),
            _action("reject", "Tolak", "verify", "rejected", ["verifier"], reason=True),
            _action("issue", "Terbitkan", "issue", "completed", ["verifier", "front_desk"]),
        ],
    }  # fmt: skip


TEMPLATES: dict[str, tuple[Any, Any]] = {
    "standard": (gettext_lazy("Standar: diterima → diproses → disetujui → selesai"), template_standard),
    "full": (gettext_lazy("Lengkap: verifikasi → pemeriksaan → keputusan → penerbitan"), template_full),
    "short": (gettext_lazy("Singkat: verifikasi → penerbitan"), template_short),
}  # fmt: skip
