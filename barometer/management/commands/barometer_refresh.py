from django.core.management.base import BaseCommand

from surveys.models import Wave

from ...market import market_summary_refresh
from ...services import wave_summary_refresh


class Command(BaseCommand):
    help = "Rebuild the barometer's summary rows: every wave's answers and the marketplace's figures (safe to rerun)."

    def add_arguments(self, parser):
        parser.add_argument("--market-only", action="store_true", help="only the marketplace's figures")

    def handle(self, *args, market_only=False, **options):
        waves = 0
        if not market_only:
            for wave_id in Wave.objects.order_by("pk").values_list("pk", flat=True):
                wave_summary_refresh(wave_id=wave_id)
                waves += 1
        rows = market_summary_refresh()
        self.stdout.write(f"barometer: {waves} waves, {rows} marketplace rows")
