from django.urls import path

from satupintu.catalog import views

app_name = "office"

urlpatterns = [
    path("", views.office_home, name="home"),
]
