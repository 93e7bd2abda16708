"""Summary rows of the barometer: what the page reads, never the answers or the orders themselves.

Each figure is kept at four levels: everywhere (town and group "*"), per town, per group (a sector, or a
shop category), and per town and group, so that any filter of the page is a lookup of a few rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

ALL = "*"


class SurveyCell(models.Model):
    """One count of a wave at one level: respondents (question ""), a question's answers (option "", with the
    sum of its numbers) or one option's answers."""

    wave = models.ForeignKey("surveys.Wave", on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=64, blank=True)
    town = models.CharField(max_length=80)
    sector = models.CharField(max_length=80)
    option = models.CharField(max_length=120, blank=True)
    count = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)

    class Meta:
        verbose_name = _("case du baromètre (enquête)")
        verbose_name_plural = _("cases du baromètre (enquêtes)")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "question", "town", "sector", "option"], name="barometer_survey_cell_unique"
            )
        ]
        indexes = [models.Index(fields=["wave", "town", "sector"], name="barometer_cell_level")]

    def __str__(self):
        return f"{self.wave_id} {self.question or '-'} {self.town}/{self.sector} {self.option}: {self.count}"


class MarketCell(models.Model):
    """One marketplace figure at one level (town, shop category); weekly figures carry their week's Monday."""

    class Metric(models.TextChoices):
        LISTED = "listed", _("boutiques en ligne")
        ACTIVE = "active30", _("boutiques avec au moins une commande en 30 jours")
        ORDERS = "orders_week", _("commandes de la semaine")
        COLLECTED = "collected", _("retraits honorés")
        NOT_COLLECTED = "not_collected", _("commandes non retirées")
        READY_MEDIAN = "ready_median", _("délai médian commande → prête (minutes)")

    town = models.CharField(max_length=80)
    category = models.CharField(max_length=80)
    metric = models.CharField(max_length=20, choices=Metric.choices)
    week = models.DateField(null=True, blank=True)
    value = models.FloatField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("case du baromètre (place de marché)")
        verbose_name_plural = _("cases du baromètre (place de marché)")
        indexes = [models.Index(fields=["town", "category"], name="barometer_market_level")]

    def __str__(self):
        return f"{self.metric} {self.town}/{self.category} {self.week or ''}: {self.value}"
