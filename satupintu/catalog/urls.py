from django.urls import path

from satupintu.catalog import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("layanan/", views.service_list, name="services"),
    path("layanan/kategori/<slug:slug>/", views.category_services, name="category"),
    path("layanan/peristiwa/<slug:slug>/", views.life_event_services, name="life_event"),
    path("layanan/<slug:slug>/", views.service_detail, name="service"),
]
