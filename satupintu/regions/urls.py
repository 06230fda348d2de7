from django.urls import path

from satupintu.regions import views

app_name = "regions"

urlpatterns = [
    path("cari/", views.region_search, name="search"),
    path("desa/pilih/", views.village_pick, name="village_pick"),
    path("<str:code>/", views.region_detail, name="detail"),
]
