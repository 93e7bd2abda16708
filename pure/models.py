"""PURE's data: the "Allo CCI" hotline (one row, its hours and closures), call-back requests and their notes,
the restart checklists built by editors and the answers of signed-in business owners."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.fields import StreamField

from shops.models import Weekday

from .blocks import ChecklistSectionBlock

HOTLINE_DEFAULT_PHONE = "04 74 95 24 00"


class Hotline(models.Model):
    """The "Allo CCI" hotline: one row, edited by CCI staff in the dashboard (pure.selectors.hotline)."""

    phone = models.CharField(_("numéro"), max_length=32, default=HOTLINE_DEFAULT_PHONE)
    text = models.TextField(_("présentation"), max_length=600, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("ligne Allo CCI")
        verbose_name_plural = _("ligne Allo CCI")

    def __str__(self):
        return f"Allo CCI {self.phone}"


class HotlineRange(models.Model):
    """One range of the hotline's weekly hours; a day may have several."""

    hotline = models.ForeignKey(Hotline, on_delete=models.CASCADE, related_name="ranges")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    opens = models.TimeField(_("ouverture"))
    closes = models.TimeField(_("fermeture"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("plage horaire Allo CCI")
        verbose_name_plural = _("horaires Allo CCI")
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=F("closes")), name="pure_range_opens_before_closes"),
            models.CheckConstraint(condition=Q(weekday__gte=1, weekday__lte=7), name="pure_range_iso_weekday"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class HotlineClosure(models.Model):
    """Days the hotline does not answer (bank holidays, the CCI's closures), both ends included."""

    hotline = models.ForeignKey(Hotline, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    reason = models.CharField(_("motif"), max_length=120, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("fermeture Allo CCI")
        verbose_name_plural = _("fermetures Allo CCI")
        constraints = [models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="pure_closure_ordered")]

    def __str__(self):
        return f"{self.starts_on} → {self.ends_on}"


class Topic(models.TextChoices):
    """What a business owner wants to talk about with an adviser."""

    FINANCING = "financing", _("Financement et aides")
    REOPENING = "reopening", _("Règles de réouverture")
    ONLINE = "online", _("Vente en ligne")
    HR = "hr", _("Ressources humaines")
    OTHER = "other", _("Autre")


class CallbackRequest(models.Model):
    """A business owner's request to be called back by an adviser of the CCI's support cell."""

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("call-back status", "nouvelle")
        ASSIGNED = "assigned", pgettext_lazy("call-back status", "attribuée")
        CALLED = "called", pgettext_lazy("call-back status", "rappelée")
        CLOSED = "closed", pgettext_lazy("call-back status", "close")

    class Window(models.TextChoices):
        MORNING = "morning", _("Le matin (9 h – 12 h)")
        AFTERNOON = "afternoon", _("L'après-midi (14 h – 17 h)")
        ANY = "any", _("Peu importe")

    reference = models.CharField(_("référence"), max_length=16, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    company = models.CharField(_("entreprise"), max_length=160)
    siret = models.CharField(_("SIRET"), max_length=14)
    phone = models.CharField(_("téléphone"), max_length=32)
    email = models.EmailField(_("email"))
    topic = models.CharField(_("sujet"), max_length=16, choices=Topic.choices)
    window = models.CharField(_("créneau souhaité"), max_length=16, choices=Window.choices, default=Window.ANY)
    message = models.TextField(_("précisions"), max_length=1000, blank=True)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callback_requests",
        verbose_name=_("compte"),
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callbacks_assigned",
        verbose_name=_("conseiller"),
    )
    checklist = models.ForeignKey(
        "pure.Checklist", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("check-list")
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    reminded_at = models.DateTimeField(_("équipe relancée le"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("demande de rappel")
        verbose_name_plural = _("demandes de rappel")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="assigned") | Q(adviser__isnull=False), name="pure_callback_assigned_has_adviser"
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.company}"

    @property
    def is_waiting(self) -> bool:
        """Nobody has called the owner back yet."""
        return self.status in (self.Status.NEW, self.Status.ASSIGNED)


class CallbackNote(models.Model):
    """What an adviser wrote about one call (or attempt)."""

    request = models.ForeignKey(CallbackRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("écrite le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("note d'appel")
        verbose_name_plural = _("notes d'appel")

    def __str__(self):
        return self.text[:60]


class Checklist(models.Model):
    """A restart checklist: sections of weighted items, each with the advice shown when it is not done."""

    title = models.CharField(_("titre"), max_length=160)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True)
    intro = models.TextField(_("introduction"), max_length=1000, blank=True)
    topic = models.CharField(
        _("sujet du rappel proposé"),
        max_length=16,
        choices=Topic.choices,
        default=Topic.REOPENING,
        help_text=_("Le diagnostic propose d'être rappelé par un conseiller sur ce sujet."),
    )
    sections = StreamField([("section", ChecklistSectionBlock())], verbose_name=_("sections"))
    live = models.BooleanField(_("publiée"), default=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("check-list de reprise")
        verbose_name_plural = _("check-lists de reprise")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pure:checklist", kwargs={"slug": self.slug})


class ChecklistAnswer(models.Model):
    """One filling of a checklist by a signed-in owner: what was done, and the scores it gave then."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checklist_answers")
    done = models.JSONField(_("points faits"), default=list)
    score = models.PositiveSmallIntegerField(_("score global"))
    section_scores = models.JSONField(_("scores par section"), default=list)
    created_at = models.DateTimeField(_("rempli le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("réponse à une check-list")
        verbose_name_plural = _("réponses aux check-lists")
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=100), name="pure_answer_score_percent"),
        ]

    def __str__(self):
        return f"{self.checklist} {self.score} %"
