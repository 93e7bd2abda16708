from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from oscar.apps.partner import availability

# At or below this many units, shoppers are told stock is running out.
LAST_UNITS = 3


class ShopStock(availability.StockRequired):
    """Oscar's stock rule with the three states shoppers see: in stock, last units, sold out."""

    CODE_LAST_UNITS = "lastunits"

    @property
    def code(self):
        if 0 < self.num_available <= LAST_UNITS:
            return self.CODE_LAST_UNITS
        return super().code

    @property
    def short_message(self):
        if self.num_available <= 0:
            return _("Épuisé")
        if self.num_available <= LAST_UNITS:
            return ngettext("Plus que %(n)d", "Plus que %(n)d", self.num_available) % {"n": self.num_available}
        return _("En stock")

    @property
    def message(self):
        return self.short_message


class AlwaysAvailable(availability.Available):
    """Made to order or never short (bread, keys cut): it never sells out."""

    code = "always"
    message = short_message = _("Disponible")


class OnRequest(availability.Available):
    """Sold without a count: the shop confirms it has it when it accepts the order."""

    code = "onrequest"
    message = _("Sur demande : la boutique confirme la disponibilité en acceptant votre commande.")
    short_message = _("Sur demande")
