from django.urls import path

from satupintu.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("kebijakan/", views.policy, name="policy"),
    path("insiden/", views.breach_announcements, name="breaches"),
    path("ekspor.json", views.export_json, name="export_json"),
    path("ekspor.pdf", views.export_pdf, name="export_pdf"),
    path("permintaan/baru/<slug:kind_slug>/", views.request_new, name="request_new"),
    path("permintaan/<int:request_id>/", views.request_detail, name="request"),
    path("persetujuan/<int:consent_id>/tarik/", views.consent_withdraw, name="consent_withdraw"),
]
