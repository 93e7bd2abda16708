from django.http import HttpResponse
from django.urls import path

app_name = "shop-review"
urlpatterns = [path("", lambda request: HttpResponse("todo"), name="index")]
