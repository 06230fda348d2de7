from django.core.management.base import BaseCommand

from satupintu.learning import services


class Command(BaseCommand):
    help = "Remind officers of mandatory courses they have not passed (once a month each)."

    def handle(self, *args: object, **options: object) -> None:
        sent = services.mandatory_reminders_send()
        self.stdout.write(f"{sent} reminders queued")
