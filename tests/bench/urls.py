"""The site's URLs behind a plain Django view, the ceiling of what a page can do on this machine."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("hello")


urlpatterns = [
    path("bench/hello/", hello, name="bench-hello"),
    path("", include("marketplace.urls")),
]
