"""Give every existing service version 1 of its workflow: the fixed flow it had in code.

The definition is written out here (a migration imports no app code); it is the same as
catalog.workflow.template_standard at the time of writing.
"""

from django.db import migrations


def _split(total, parts):
    total = max(int(total or 0), parts)
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _step(key, label, internal, status, sla, waits=False, outcome=""):
    return {
        "key": key,
        "label": label,
        "label_internal": internal,
        "status": status,
        "sla_days": sla,
        "waits_on_citizen": waits,
        "outcome": outcome,
    }


def _action(key, label, source, target, roles, reason=False, correction=False):
    return {
        "key": key,
        "label": label,
        "from": source,
        "to": target,
        "roles": roles,
        "reason_required": reason,
        "checklist": [],
        "returns_for_correction": correction,
    }


def standard(sla_days):
    first, second, third = _split(sla_days, 3)
    return {
        "start": "submitted",
        "steps": [
            _step("submitted", "Diterima", "Antrean verifikasi", "submitted", first),
            _step("in_review", "Sedang diproses", "Pemeriksaan dan keputusan", "in_review", second),
            _step("needs_correction", "Perlu perbaikan", "Menunggu pemohon", "needs_correction",
                  0, waits=True),
            _step("approved", "Disetujui", "Penerbitan produk", "approved", third),
            _step("completed", "Selesai", "Produk diterbitkan", "completed", 0, outcome="completed"),
            _step("rejected", "Ditolak", "Ditolak", "rejected", 0, outcome="rejected"),
            _step("withdrawn", "Dibatalkan", "Dibatalkan pemohon", "withdrawn", 0,
                  outcome="withdrawn"),
        ],
        "actions": [
            _action("start_review", "Mulai proses", "submitted", "in_review", ["verifier"]),
            _action("request_correction", "Minta perbaikan", "in_review", "needs_correction",
                    ["verifier"], reason=True, correction=True),
            _action("approve", "Setujui", "in_review", "approved", ["approver"]),
            _action("reject", "Tolak", "in_review", "rejected", ["approver"], reason=True),
            _action("complete", "Selesaikan", "approved", "completed", ["approver", "front_desk"]),
        ],
    }  # fmt: skip


def forwards(apps, schema_editor):
    Service = apps.get_model("catalog", "Service")
    WorkflowVersion = apps.get_model("catalog", "WorkflowVersion")
    for service in Service.objects.all().iterator():
        if WorkflowVersion.objects.filter(service=service).exists():
            continue
        WorkflowVersion.objects.create(
            service=service,
            number=1,
            state="published",
            spec=standard(service.sla_working_days),
            note="Alur standar (dipindahkan dari alur tetap)",
            published_at=service.created_at,
        )


def backwards(apps, schema_editor):
    apps.get_model("catalog", "WorkflowVersion").objects.filter(
        number=1, note="Alur standar (dipindahkan dari alur tetap)", applications=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_squashed_0005_workflow_version"),
        ("applications", "0004_workflow_position"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
