from django import template
from oscar.core.loading import get_model

register = template.Library()


@register.filter
def product_image_url(name: str) -> str:
    """The URL of a product picture stored under this name (the search fetches names, not images)."""
    if not name:
        return ""
    return get_model("catalogue", "ProductImage")._meta.get_field("original").storage.url(name)
