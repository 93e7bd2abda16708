from django.core.management.base import BaseCommand

from orders.services.jobs import orders_jobs_run


class Command(BaseCommand):
    help = (
        "Runs the clock jobs of click and collect once: payment holds past their time released, orders not "
        "collected, shops reminded of orders to "
        "accept, shoppers reminded on the pickup day, failed emails retried, guests' data erased from orders "
        "older than GUEST_DATA_RETENTION_DAYS. Safe to run twice; run it every "
        "minute (cron or a systemd timer): a failed email is retried at the next run."
    )

    def handle(self, *args, **options):
        report = orders_jobs_run()
        self.stdout.write(
            f"not collected: {report.not_collected}, shops reminded: {report.shops_reminded}, "
            f"shoppers reminded: {report.shoppers_reminded}, emails retried: {report.emails_retried}, "
            f"guest orders de-personalised: {report.guests_erased}, "
            f"payments settled: {report.payments_settled}, payment holds released: {report.holds_released}"
        )
