from django import template

from ..selectors.members import open_survey_for

register = template.Library()


@register.simple_tag
def open_survey(shop, user):
    """The open survey wave of the shop's business (by its SIRET, else the user's or shop's email), or None."""
    if shop is None:
        return None
    return open_survey_for(siret=shop.siret or "", emails=tuple(e for e in (shop.email, user.email) if e))
