from django.urls import path

from satupintu.catalog import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("layanan/", views.service_list, name="services"),
]
