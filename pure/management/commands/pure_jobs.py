from django.core.management.base import BaseCommand

from pure.services.callbacks import callback_reminders_send


class Command(BaseCommand):
    help = (
        "Runs PURE's clock job once: emails the support cell about call-back requests still waiting after one "
        "working day (each request in one reminder only). Safe to run twice; run it every 15 minutes or hourly."
    )

    def handle(self, *args, **options):
        reminded = callback_reminders_send()
        self.stdout.write(f"call-back requests reminded: {reminded}")
