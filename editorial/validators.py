from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_top_level_slug(*, slug: str, parent) -> None:
    """Refuse a slug that would hide an application route (e.g. /catalogue/) behind a page."""
    from wagtail.models import Site

    if parent is None or slug not in settings.RESERVED_SLUGS:
        return
    # A site's home or its English version (editorial.translation): both serve pages at the site's root.
    if Site.objects.filter(root_page__translation_key=parent.translation_key).exists():
        raise ValidationError(
            {
                "slug": _(
                    "« %(slug)s » est réservé à une rubrique du site (/%(slug)s/) : "
                    "choisissez une autre adresse pour cette page."
                )
                % {"slug": slug}
            }
        )
