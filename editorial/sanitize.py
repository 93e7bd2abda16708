"""Editors' rich text made safe before it is stored: Wagtail's editor drops what it does not know, but text
that reaches a page another way (an import, a script, an API) would be written out as given."""

import nh3
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText

# Wagtail's stored format for the features editors have (editorial.blocks.RICH_TEXT_FEATURES): internal
# links are <a linktype="page" id="…">, documents <a linktype="document" id="…">.
_BLOCK_ATTRS = {"data-block-key"}
_CLEANER = nh3.Cleaner(
    tags={"p", "br", "h2", "h3", "h4", "b", "i", "strong", "em", "ol", "ul", "li", "a", "hr"},
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"},
    attributes={
        "a": {"href", "linktype", "id"},
        **{tag: _BLOCK_ATTRS for tag in ("p", "h2", "h3", "h4", "ol", "ul", "li")},
    },
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel=None,
    strip_comments=True,
)


def rich_text_clean(html: str) -> str:
    """The HTML without scripts, event handlers, styles or javascript: links."""
    return _CLEANER.clean((html or "").replace("\x00", ""))


def _clean_value(block, value):
    if isinstance(block, blocks.RichTextBlock):
        return RichText(rich_text_clean(value.source)) if value is not None else value
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if name in value:
                value[name] = _clean_value(child, value[name])
        return value
    if isinstance(block, blocks.ListBlock):
        for item in value.bound_blocks:
            item.value = _clean_value(block.child_block, item.value)
        return value
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            child.value = _clean_value(child.block, child.value)
        return value
    return value


def page_rich_text_clean(page) -> None:
    """Clean every rich text of the page in place: its rich text fields and those inside its StreamFields."""
    for field in page._meta.concrete_fields:
        value = getattr(page, field.attname)
        if isinstance(field, RichTextField):
            setattr(page, field.attname, rich_text_clean(value))
        elif isinstance(field, StreamField) and value is not None:
            _clean_value(field.stream_block, value)
