import pytest
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs


@pytest.fixture(params=["catalogue", "category"])
def url(request, django_db_setup):
    """A listing of products: the whole catalogue's first page, then a category's."""
    if request.param == "catalogue":
        return reverse("catalogue:index")
    return create_from_breadcrumbs("Boulangerie").get_absolute_url()
