from django.urls import path

from satupintu.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.agency_list, name="list"),
    path("<slug:slug>/", views.agency_detail, name="detail"),
]
