"""Surveys of the member businesses: a survey (questions built in /cms/) runs in waves; members receive a
personal link per wave; a response holds its answers with the member's town and sector, copied at answer time.

One response per member per wave is a database constraint, so two submissions of one link can never both count.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import StreamField

from .blocks import QUESTION_BLOCKS

# Questions whose answers are counted per option (a 1–5 scale too: its distribution) or averaged.
CHOICE_KINDS = frozenset({"single", "multiple", "scale"})
NUMERIC_KINDS = frozenset({"scale", "number"})


class Survey(ClusterableModel):
    """A questionnaire built by editors; its waves say when members may answer it."""

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    intro = models.TextField(_("introduction"), max_length=2000, blank=True)
    questions = StreamField(QUESTION_BLOCKS, verbose_name=_("questions"))
    public = models.BooleanField(
        _("publier au baromètre"), default=True, help_text=_("Les résultats agrégés paraissent sur /barometre/.")
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")

    def __str__(self):
        return self.title


class Wave(models.Model):
    """One round of a survey ("vague 1, vague 2…"), open between two moments."""

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="waves", verbose_name=_("enquête"))
    number = models.PositiveSmallIntegerField(_("numéro de vague"))
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("vague")
        verbose_name_plural = _("vagues")
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="surveys_wave_number_unique"),
            models.CheckConstraint(condition=Q(opens_at__lt=F("closes_at")), name="surveys_wave_opens_before_close"),
        ]

    def __str__(self):
        return _("%(survey)s – vague %(number)s") % {"survey": self.survey.title, "number": self.number}

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class Member(models.Model):
    """A member business of the CCI, as imported from its list (CSV): where a survey link is sent."""

    siret = models.CharField(_("SIRET"), max_length=14, unique=True)
    company = models.CharField(_("entreprise"), max_length=200)
    email = models.EmailField(_("email"), db_index=True)
    town = models.CharField(_("commune"), max_length=80)
    sector = models.CharField(_("secteur"), max_length=80)
    opted_out_at = models.DateTimeField(_("désinscrit le"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("adresse en échec le"), null=True, blank=True)
    imported_at = models.DateTimeField(_("importé le"), default=timezone.now)

    class Meta:
        ordering = ["company"]
        verbose_name = _("entreprise adhérente")
        verbose_name_plural = _("entreprises adhérentes")

    def __str__(self):
        return f"{self.company} ({self.siret})"


class Mailing(models.Model):
    """The sending of one wave's links to the members: how far it has gone, for the staff's progress bar."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="mailings", verbose_name=_("vague"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    total = models.PositiveIntegerField(_("à envoyer"), default=0)
    sent = models.PositiveIntegerField(_("envoyés"), default=0)
    failed = models.PositiveIntegerField(_("en échec"), default=0)
    skipped = models.PositiveIntegerField(_("sans objet"), default=0)
    created_at = models.DateTimeField(_("lancé le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=F("sent") + F("failed") + F("skipped")), name="surveys_mailing_counts"
            )
        ]

    def __str__(self):
        return f"{self.wave_id} · {self.done}/{self.total}"

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)


class Invitation(models.Model):
    """One member's link for one wave, sent at most once."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="invitations")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="invitations")
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    failed_at = models.DateTimeField(_("échec le"), null=True, blank=True)
    error = models.CharField(_("erreur"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["wave", "member"], name="surveys_invitation_once")]

    def __str__(self):
        return f"{self.wave_id} → {self.member_id}"


class Response(models.Model):
    """A member's answers to one wave: one per member and wave (a database constraint)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses", verbose_name=_("vague"))
    # Kept (anonymous) if the member leaves the list: the wave's figures must not change.
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, related_name="responses")
    town = models.CharField(_("commune"), max_length=80)
    sector = models.CharField(_("secteur"), max_length=80)
    submitted_at = models.DateTimeField(_("envoyée le"), default=timezone.now)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [models.UniqueConstraint(fields=["wave", "member"], name="surveys_one_response_per_wave")]

    def __str__(self):
        return f"{self.wave_id} · {self.town} · {self.sector}"


class Answer(models.Model):
    """One question's answer in a response (one row per option ticked for multiple choices).

    Wave, town and sector are copied from the response so that the barometer's summaries group answers
    without a join."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(_("question"), max_length=64)
    option = models.CharField(_("réponse proposée"), max_length=120, blank=True)
    number = models.FloatField(_("nombre"), null=True, blank=True)
    text = models.TextField(_("texte"), max_length=2000, blank=True)
    town = models.CharField(_("commune"), max_length=80)
    sector = models.CharField(_("secteur"), max_length=80)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        indexes = [models.Index(fields=["wave", "question"], name="surveys_answer_wave_question")]

    def __str__(self):
        return f"{self.response_id} · {self.question}"
