"""The site's URLs behind a plain Django view, the ceiling of what a page can do on this machine, and
the site's empty frame (header, footer, the shopper's basket count) as the floor every page starts from."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path


def hello(request):
    return HttpResponse("hello")


def frame(request):
    return render(request, "base.html", {})


urlpatterns = [
    path("bench/hello/", hello, name="bench-hello"),
    path("bench/frame/", frame, name="bench-frame"),
    path("", include("marketplace.urls")),
]
