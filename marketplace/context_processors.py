def site_chrome(request):
    """Values every page's header and footer need."""
    from marketplace.editorial.selectors import footer_links

    return {"footer_links": footer_links()}
