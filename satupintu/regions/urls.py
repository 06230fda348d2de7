from django.urls import path

from satupintu.regions import views

app_name = "regions"

urlpatterns = [
    path("cari/", views.region_search, name="search"),
    path("<str:code>/", views.region_detail, name="detail"),
]
