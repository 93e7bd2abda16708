"""The home page's own sections. Until an editor rearranges them, the home shows these in the order of
the data migration editorial 0007 (hero, shops near you, new shops, then the editors' text)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .. import selectors


class HeroBlock(blocks.StructBlock):
    """The welcome: the page's title and catch line unless the editor writes others, and the search box."""

    title = blocks.CharBlock(label=_("Titre"), required=False, help_text=_("Vide : le titre de la page."))
    text = blocks.CharBlock(label=_("Accroche"), required=False, help_text=_("Vide : l'accroche de la page."))
    image = ImageChooserBlock(label=_("Image de fond"), required=False)
    search = blocks.BooleanBlock(label=_("Afficher la recherche"), required=False, default=True)

    class Meta:
        label = _("Bandeau d'accueil")
        icon = "image"
        template = "blocks/hero.html"


class ShopsNearBlock(blocks.StructBlock):
    """The town picker and the shops nearest to the visitor's town (read by the home page itself)."""

    title = blocks.CharBlock(label=_("Titre"), required=False)

    class Meta:
        label = _("Boutiques près de chez vous")
        icon = "site"
        template = "blocks/shops_near.html"


class NewShopsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False)
    count = blocks.IntegerBlock(label=_("Nombre"), default=8, min_value=1, max_value=24)

    class Meta:
        label = _("Nouvelles boutiques")
        icon = "plus"
        template = "blocks/new_shops.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["shops"] = selectors.shop_list_newest(limit=value.get("count") or 8)
        return context


class LatestNewsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False)
    count = blocks.IntegerBlock(label=_("Nombre"), default=3, min_value=1, max_value=12)

    class Meta:
        label = _("Dernières actualités")
        icon = "doc-full"
        template = "blocks/latest_news.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["articles"] = selectors.news_latest(limit=value.get("count") or 3)
        return context


class CampaignBannerBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(page_type="editorial.CampaignPage", label=_("Campagne"))
    text = blocks.CharBlock(label=_("Texte"), required=False, help_text=_("Vide : le chapeau de la campagne."))

    class Meta:
        label = _("Bannière de campagne")
        icon = "pick"
        template = "blocks/campaign_banner.html"
