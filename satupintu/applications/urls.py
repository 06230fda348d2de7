"""Citizen pages (mounted at the site root, so every path is spelled out in full)."""

from django.urls import path

from satupintu.applications import views, views_outputs

app_name = "applications"

urlpatterns = [
    path("permohonan/", views.my_applications, name="list"),
    path("permohonan/baru/<slug:service_slug>/", views.start, name="start"),
    path("permohonan/dokumen/<uuid:doc_id>/", views.document, name="document"),
    path("permohonan/<uuid:public_id>/", views.detail, name="detail"),
    path("permohonan/<uuid:public_id>/lanjutkan/", views.resume, name="resume"),
    path("permohonan/<uuid:public_id>/isi/<slug:group_key>/", views.fill, name="fill"),
    path("permohonan/<uuid:public_id>/dokumen/", views.documents, name="documents"),
    path(
        "permohonan/<uuid:public_id>/dokumen/<uuid:doc_id>/hapus/",
        views.document_remove,
        name="document_remove",
    ),
    path("permohonan/<uuid:public_id>/periksa/", views.review, name="review"),
    path("permohonan/<uuid:public_id>/batalkan/", views.withdraw, name="withdraw"),
    path("permohonan/<uuid:public_id>/tanda-terima/", views.receipt, name="receipt"),
    path("permohonan/<uuid:public_id>/tanda-terima.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("permohonan/hasil/<uuid:output_id>.pdf", views_outputs.output_pdf, name="output_pdf"),
    path("cek-status/", views.status_check, name="status_check"),
]
