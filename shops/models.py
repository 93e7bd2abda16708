from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Weekday(models.IntegerChoices):
    """ISO weekdays, 1 = Monday, as datetime.isoweekday() returns them."""

    MONDAY = 1, _("lundi")
    TUESDAY = 2, _("mardi")
    WEDNESDAY = 3, _("mercredi")
    THURSDAY = 4, _("jeudi")
    FRIDAY = 5, _("vendredi")
    SATURDAY = 6, _("samedi")
    SUNDAY = 7, _("dimanche")


class ShopCategory(models.Model):
    """A kind of shop (boulangerie, fleuriste…), used by the directory filters."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("catégorie de boutique")
        verbose_name_plural = _("catégories de boutique")

    def __str__(self):
        return self.name


class Shop(models.Model):
    """A shop of the territory, one-to-one with the Oscar partner that sells its products."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("shop status", "brouillon")
        PENDING = "pending", pgettext_lazy("shop status", "en attente de validation")
        APPROVED = "approved", pgettext_lazy("shop status", "validée")
        REJECTED = "rejected", pgettext_lazy("shop status", "refusée")
        SUSPENDED = "suspended", pgettext_lazy("shop status", "suspendue")

    partner = models.OneToOneField(
        "partner.Partner", on_delete=models.PROTECT, related_name="shop", verbose_name=_("vendeur")
    )
    name = models.CharField(_("nom commercial"), max_length=120)
    slug = models.SlugField(_("adresse de la vitrine"), max_length=140, unique=True)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    category = models.ForeignKey(
        ShopCategory, on_delete=models.PROTECT, related_name="shops", verbose_name=_("catégorie")
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    legal_name = models.CharField(_("raison sociale"), max_length=160, blank=True)
    address = models.CharField(_("adresse"), max_length=200)
    postcode = models.CharField(_("code postal"), max_length=5)
    town = models.CharField(_("commune"), max_length=80, db_index=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField(_("téléphone"), max_length=32, blank=True)
    email = models.EmailField(_("email de la boutique"), blank=True)
    description = models.TextField(_("présentation"), blank=True, help_text=_("HTML nettoyé à l'enregistrement."))
    logo = models.ImageField(_("logo"), upload_to="shops/logos/", blank=True)
    cover = models.ImageField(_("photo de couverture"), upload_to="shops/covers/", blank=True)

    # Pickup settings.
    slot_minutes = models.PositiveSmallIntegerField(_("durée d'un créneau (minutes)"), default=30)
    slot_capacity = models.PositiveSmallIntegerField(_("commandes par créneau"), default=4)
    preparation_minutes = models.PositiveSmallIntegerField(_("délai de préparation (minutes)"), default=60)
    days_ahead = models.PositiveSmallIntegerField(_("réservable jusqu'à (jours)"), default=7)
    same_day_cutoff = models.TimeField(_("heure limite pour un retrait le jour même"), null=True, blank=True)
    pickup_instructions = models.TextField(_("instructions de retrait"), blank=True)
    acceptance_minutes = models.PositiveSmallIntegerField(
        _("délai pour accepter une commande (minutes d'ouverture)"), default=120
    )
    no_show_grace_hours = models.PositiveSmallIntegerField(
        _("délai avant « non retirée » après le jour du retrait (heures)"), default=24
    )

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_shops",
        verbose_name=_("titulaire"),
        help_text=_("La personne qui a inscrit la boutique ; elle seule invite d'autres utilisateurs."),
    )
    signup_step = models.PositiveSmallIntegerField(_("étape d'inscription atteinte"), default=2)
    terms_accepted_at = models.DateTimeField(_("conditions acceptées le"), null=True, blank=True)

    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    approved_at = models.DateTimeField(_("validée le"), null=True, blank=True)
    business_only = models.BooleanField(
        _("canal réservé aux entreprises"),
        default=False,
        help_text=_("Décidé par la CCI : la boutique et ses produits ne sont vus que des entreprises vérifiées."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("boutique")
        verbose_name_plural = _("boutiques")
        constraints = [
            models.UniqueConstraint(fields=["siret"], condition=~Q(siret=""), name="shops_siret_unique"),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5) & Q(slot_capacity__gte=1) & Q(days_ahead__gte=1),
                name="shops_pickup_settings_sane",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "town"], name="shops_status_town_idx"),
            # The directory's box around a point before the exact distance (shops.selectors.directory).
            models.Index(fields=["latitude", "longitude", "status", "id"], name="shops_lat_lng_idx"),
            # The home page's newest shops (shops.selectors.public, the editorial shop blocks): the first 8 read
            # from the index instead of sorting every approved shop (25 ms at 22,000 shops).
            models.Index(
                F("approved_at").desc(),
                F("id").desc(),
                condition=Q(status="approved", business_only=False),
                name="shops_newest_public_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("shops:storefront", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED


class OpeningRange(models.Model):
    """One opening range of a weekday; a day may have several (morning, afternoon)."""

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="opening_ranges")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    opens = models.TimeField(_("ouverture"))
    closes = models.TimeField(_("fermeture"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("plage d'ouverture")
        verbose_name_plural = _("horaires d'ouverture")
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=F("closes")), name="shops_range_opens_before_closes"),
            models.CheckConstraint(condition=Q(weekday__gte=1, weekday__lte=7), name="shops_range_iso_weekday"),
        ]
        indexes = [
            # The directory's "open now" (shops.selectors.directory): the ranges open at this time of this
            # weekday, read from the index (18.6 -> 3.3 ms at 10:15 for a trade's 1,750 shops of 22,000).
            models.Index(fields=["weekday", "opens", "closes", "shop"], name="shops_range_open_now_idx"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def covers(self, moment) -> bool:
        """Whether this range is open at the given local time of its weekday."""
        return self.opens <= moment < self.closes


class Closure(models.Model):
    """Days a shop is exceptionally closed (holidays, inventory), both ends included."""

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    reason = models.CharField(_("motif"), max_length=120, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("fermeture exceptionnelle")
        verbose_name_plural = _("fermetures exceptionnelles")
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="shops_closure_ordered"),
        ]

    def __str__(self):
        return f"{self.starts_on} → {self.ends_on}"


class ShopDecision(models.Model):
    """One entry of a shop's audit trail: who did what to its status, when and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("soumise pour validation")
        APPROVED = "approved", _("validée")
        REJECTED = "rejected", _("refusée")
        SUSPENDED = "suspended", _("suspendue")
        REINSTATED = "reinstated", _("rétablie")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(_("décision"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("par")
    )
    reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("décision sur une boutique")
        verbose_name_plural = _("historique des décisions")

    def __str__(self):
        return f"{self.shop} · {self.get_action_display()}"


class ShopInvitation(models.Model):
    """An invitation, sent by a shop's owner, for a colleague to manage the shop with them."""

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.shop}"


class StockMode(models.Model):
    """How a product's stock is kept, one-to-one with its Oscar stock record; no row means counted."""

    class Mode(models.TextChoices):
        COUNTED = "counted", _("stock compté")
        ALWAYS = "always", _("toujours disponible")
        ON_REQUEST = "on_request", _("sur demande")

    stockrecord = models.OneToOneField(
        "partner.StockRecord",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stock_mode",
        verbose_name=_("stock"),
    )
    mode = models.CharField(_("mode de stock"), max_length=12, choices=Mode.choices, default=Mode.COUNTED)

    class Meta:
        verbose_name = _("mode de stock")
        verbose_name_plural = _("modes de stock")
        constraints = [
            models.CheckConstraint(
                condition=Q(mode__in=["counted", "always", "on_request"]), name="shops_stock_mode_known"
            )
        ]

    def __str__(self):
        return self.get_mode_display()


def stockrecord_mode(stockrecord) -> str:
    """The stock record's mode (StockMode.Mode), counted when it has no StockMode row."""
    try:
        return stockrecord.stock_mode.mode
    except StockMode.DoesNotExist:
        return StockMode.Mode.COUNTED


class BusinessAccount(models.Model):
    """A member's request to be a verified business (SIRET checked, approved by CCI staff).

    An approved shopkeeper is a verified business without one: their shop's SIRET was checked and approved.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("business account status", "en attente de validation")
        APPROVED = "approved", pgettext_lazy("business account status", "vérifié")
        REJECTED = "rejected", pgettext_lazy("business account status", "refusé")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="business_account", verbose_name=_("compte")
    )
    siret = models.CharField(_("SIRET"), max_length=14)
    legal_name = models.CharField(_("raison sociale"), max_length=160)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    reason = models.TextField(_("motif du refus"), blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("compte entreprise")
        verbose_name_plural = _("comptes entreprise")
        indexes = [models.Index(fields=["siret"], name="shops_business_siret_idx")]

    def __str__(self):
        return f"{self.legal_name} ({self.siret})"


class BusinessCap(models.Model):
    """How many units of a business-only product one business (one SIRET) may order over a rolling period."""

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, related_name="business_cap", verbose_name=_("produit")
    )
    quantity = models.PositiveIntegerField(_("quantité maximale par entreprise"))
    period_days = models.PositiveSmallIntegerField(_("sur une période de (jours)"), default=7)

    class Meta:
        verbose_name = _("plafond par entreprise")
        verbose_name_plural = _("plafonds par entreprise")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(period_days__gte=1), name="shops_business_cap_sane"
            ),
        ]

    def __str__(self):
        return f"{self.product_id}: {self.quantity} / {self.period_days} j"


class BusinessPurchase(models.Model):
    """Units of a business-only product ordered by one SIRET: what the caps count."""

    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="business_purchases")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+")
    siret = models.CharField(_("SIRET"), max_length=14)
    legal_name = models.CharField(_("raison sociale"), max_length=160, blank=True)
    quantity = models.PositiveIntegerField(_("quantité"))
    placed_at = models.DateTimeField(_("commandé le"))

    class Meta:
        verbose_name = _("achat d'entreprise")
        verbose_name_plural = _("achats d'entreprise")
        indexes = [models.Index(fields=["siret", "product", "placed_at"], name="shops_business_purchase_idx")]

    def __str__(self):
        return f"{self.siret} · {self.quantity} × {self.product_id}"
