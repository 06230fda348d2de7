"""Put every submitted application on version 1 of its service's workflow, at the step named
like its status (the standard definition's step keys are the old statuses)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    WorkflowVersion = apps.get_model("catalog", "WorkflowVersion")
    first = {
        row["service_id"]: row["id"]
        for row in WorkflowVersion.objects.filter(number=1).values("service_id", "id")
    }
    for application in (
        Application.objects.exclude(status="draft").filter(workflow_version=None).iterator()
    ):
        version = first.get(application.service_id)
        if version is None:
            continue
        application.workflow_version_id = version
        application.workflow_step = application.status
        application.step_started_at = application.submitted_at
        application.step_due_at = application.due_at
        if application.status == "needs_correction":
            application.return_step = "in_review"
        application.save(
            update_fields=[
                "workflow_version",
                "workflow_step",
                "step_started_at",
                "step_due_at",
                "return_step",
            ]
        )


def backwards(apps, schema_editor):
    apps.get_model("applications", "Application").objects.update(
        workflow_version=None, workflow_step="", step_started_at=None, step_due_at=None,
        return_step="",
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_workflow_position"),
        ("catalog", "0006_standard_workflow_for_every_service"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
