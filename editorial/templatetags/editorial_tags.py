from django import template

from ..models import LocalizedText, localized_field

register = template.Library()


@register.simple_tag
def page_text(page, field: str) -> LocalizedText:
    """{% page_text page "intro" as intro %}: the field in the visitor's language (intro.value), and
    whether an English page shows it in French for want of English (intro.is_fallback: mark it lang="fr")."""
    return localized_field(page, field)
