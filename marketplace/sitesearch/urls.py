from django.http import HttpResponse
from django.urls import path

app_name = "sitesearch"
urlpatterns = [path("", lambda request: HttpResponse("todo"), name="results")]
