from django.conf import settings


def map_tiles(request):
    """The map tiles' addresses and credit (settings.MAP_TILES_*), for every map's data attributes."""
    return {
        "map_tiles": {
            "url": settings.MAP_TILES_URL,
            "retina_url": settings.MAP_TILES_RETINA_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
        }
    }


def language_switch(request):
    """Where the language switch returns the visitor: this page, less an address's ?lang=."""
    from .language import path_without_language

    return {"language_switch_next": path_without_language(request)}
