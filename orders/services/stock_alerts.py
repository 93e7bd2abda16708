"""Oscar's low-stock alerts, kept by a placement that allocates stock by conditional UPDATE (no post_save)."""

from oscar.core.loading import get_model

StockAlert = get_model("partner", "StockAlert")


def stock_alerts_open(*, stockrecords: list) -> None:
    """Oscar's low-stock alerts (partner.receivers.update_stock_alerts) for the records this sale took below
    their threshold, in one read, and none when no record went below (the usual sale).

    Oscar's allocate() sends post_save for them (and for "back in stock" emails, which a sale cannot
    trigger): the alerts are kept, without the emails, inside this transaction. A sale only lowers the
    stock, so it never has an alert to close: one left open above its threshold is closed by the record's
    next save, as Oscar does.
    """
    below = [record for record in stockrecords if record.is_below_threshold]
    if not below:
        return
    opened = set(
        StockAlert.objects.filter(stockrecord__in=below, status=StockAlert.OPEN).values_list(
            "stockrecord_id", flat=True
        )
    )
    StockAlert.objects.bulk_create(
        [
            StockAlert(stockrecord=record, threshold=record.low_stock_threshold)
            for record in below
            if record.pk not in opened
        ]
    )
