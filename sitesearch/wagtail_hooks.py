from wagtail import hooks


@hooks.register("after_publish_page")
def reindex_published_page(request, page):
    # The site search reads derived documents; a published page is searchable at once.
    from .services import search_index_update

    search_index_update(pages=[page])
