"""Keep on each submitted application the standard, form and documents it was submitted under.

Applications submitted before this migration get the catalog as it is now: the nearest record
of what they were submitted under. The copy here is frozen with the migration (no app imports),
in the same shape as `satupintu.applications.snapshot.take`.
"""

from decimal import Decimal

from django.db import migrations, models

SERVICE_KEYS = (
    "name",
    "name_en",
    "summary",
    "summary_en",
    "fee_amount",
    "sla_working_days",
    "output_product",
    "requirements",
    "procedure",
    "time_standard",
    "fee_standard",
    "product",
    "complaint_handling",
    "legal_basis",
    "facilities",
    "competence",
    "internal_supervision",
    "staffing",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
)
FORM_KEYS = (
    "key",
    "label",
    "label_en",
    "help_text",
    "help_text_en",
    "field_type",
    "required",
    "choices",
    "group",
    "group_en",
    "condition_key",
    "condition_value",
    "max_length",
    "min_value",
    "max_value",
    "prefill_from",
    "order",
)
DOCUMENT_KEYS = (
    "id",
    "name",
    "name_en",
    "description",
    "is_required",
    "order",
    "condition_key",
    "condition_value",
)


def _json(value):
    return str(value) if isinstance(value, Decimal) else value


def _take(service, FormField, RequiredDocument):
    return {
        "version": 1,
        "service": {key: _json(getattr(service, key)) for key in SERVICE_KEYS},
        "form": [
            {key: _json(getattr(row, key)) for key in FORM_KEYS}
            for row in FormField.objects.filter(service=service).order_by("order", "id")
        ],
        "documents": [
            {key: getattr(doc, key) for key in DOCUMENT_KEYS}
            for doc in RequiredDocument.objects.filter(service=service).order_by("order", "id")
        ],
    }


def backfill(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    FormField = apps.get_model("catalog", "FormField")
    RequiredDocument = apps.get_model("catalog", "RequiredDocument")
    taken = {}
    submitted = Application.objects.filter(tracking_code__isnull=False).select_related("service")
    for application in submitted.iterator():
        if application.snapshot:
            continue
        if application.service_id not in taken:
            taken[application.service_id] = _take(
                application.service, FormField, RequiredDocument
            )
        application.snapshot = taken[application.service_id]
        application.save(update_fields=["snapshot"])


def forget(apps, schema_editor):
    # The field is dropped by the reverse of AddField; emptying first keeps the step reversible
    # on its own.
    Application = apps.get_model("applications", "Application")
    Application.objects.update(snapshot={})


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_application_status_secret"),
        ("catalog", "0001_squashed_0005_workflow_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="snapshot",
            field=models.JSONField(blank=True, default=dict, verbose_name="standar saat diajukan"),
        ),
        migrations.RunPython(backfill, forget),
    ]
