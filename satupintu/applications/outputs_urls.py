"""The public verification page of signed outputs, mounted at /verifikasi/."""

from django.urls import path

from satupintu.applications import views_outputs

app_name = "outputs"

urlpatterns = [
    path("", views_outputs.verify, name="verify"),
]
