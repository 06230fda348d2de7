"""Back-office complaint pages (mounted at /kantor/pengaduan/)."""

from django.urls import path

from satupintu.complaints import views_office

app_name = "complaints_office"

urlpatterns = [
    path("", views_office.queue, name="queue"),
    path("ekspor.csv", views_office.export, name="export"),
    path("<uuid:public_id>/", views_office.detail, name="detail"),
]
