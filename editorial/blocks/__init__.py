"""StreamField blocks of the editorial pages: text, live marketplace blocks and the home page's sections.

Each page type takes the lists it needs (`article_blocks`, `campaign_blocks`, `home_blocks`); a block's
template is `templates/blocks/<name>.html`.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .home import CampaignBannerBlock, HeroBlock, LatestNewsBlock, NewShopsBlock, ShopsNearBlock
from .live import CategoryLinkBlock, ProductCardBlock, ProductListBlock, ShopCardBlock, ShopListBlock

# What an editor may format in a paragraph: no raw HTML, no embeds; links are checked on save.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


def text_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("heading", blocks.CharBlock(form_classname="title", label=_("Intertitre"))),
        ("paragraph", blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraphe"))),
        ("image", ImageBlock(label=_("Image"))),
        (
            "call_to_action",
            blocks.StructBlock(
                [
                    ("text", blocks.CharBlock(label=_("Texte"))),
                    ("url", blocks.CharBlock(label=_("Lien"))),
                ],
                label=_("Bouton"),
                template="blocks/call_to_action.html",
            ),
        ),
    ]


def live_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("shop", ShopCardBlock()),
        ("product", ProductCardBlock()),
        ("shop_list", ShopListBlock()),
        ("product_list", ProductListBlock()),
        ("category_link", CategoryLinkBlock()),
    ]


def article_blocks() -> list[tuple[str, blocks.Block]]:
    """A news article, guide or standard page: text, with marketplace blocks where they help."""
    return [*text_blocks(), *live_blocks()]


def campaign_blocks() -> list[tuple[str, blocks.Block]]:
    return [*live_blocks(), *text_blocks()]


def home_blocks() -> list[tuple[str, blocks.Block]]:
    """The home page's sections, in the order an editor arranges them."""
    return [
        ("hero", HeroBlock()),
        ("shops_near", ShopsNearBlock()),
        ("new_shops", NewShopsBlock()),
        ("featured_products", ProductListBlock(label=_("Produits à la une"))),
        ("latest_news", LatestNewsBlock()),
        ("campaign_banner", CampaignBannerBlock()),
        *text_blocks(),
        *live_blocks(),
    ]
