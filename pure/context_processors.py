from django.utils.functional import SimpleLazyObject


def hotline(request):
    """`allo_cci` for the footer of every page (pure.selectors.hotline.HotlineNow), read only if shown."""
    from .selectors.hotline import hotline_now

    return {"allo_cci": SimpleLazyObject(hotline_now)}
