"""Back-office pages, mounted at /kantor/permohonan/."""

from django.urls import path

from satupintu.applications import views_inbox, views_office, views_outputs, views_privacy

app_name = "applications_office"

urlpatterns = [
    path("", views_inbox.inbox, name="inbox"),
    path("massal/", views_inbox.bulk, name="bulk"),
    path("loket/", views_office.loket, name="loket"),
    path("loket/layanan/", views_office.loket_service, name="loket_service"),
    path("loket/privasi/", views_privacy.loket_privacy, name="loket_privacy"),
    path(
        "loket/<uuid:public_id>/isi/<slug:group_key>/",
        views_office.loket_fill,
        name="loket_fill",
    ),
    path("loket/<uuid:public_id>/dokumen/", views_office.loket_documents, name="loket_documents"),
    path(
        "loket/<uuid:public_id>/dokumen/<uuid:doc_id>/hapus/",
        views_office.loket_document_remove,
        name="loket_document_remove",
    ),
    path("loket/<uuid:public_id>/periksa/", views_office.loket_review, name="loket_review"),
    path("loket/<uuid:public_id>/tanda-terima/", views_office.loket_receipt, name="loket_receipt"),
    path(
        "loket/<uuid:public_id>/tanda-terima.pdf",
        views_office.loket_receipt_pdf,
        name="loket_receipt_pdf",
    ),
    path("dokumen/<uuid:doc_id>/", views_office.document, name="document"),
    path("dokumen/<uuid:doc_id>/lihat/", views_office.document_inline, name="document_inline"),
    path("hasil/<uuid:output_id>.pdf", views_outputs.office_output_pdf, name="output_pdf"),
    path("hasil/<uuid:output_id>/cabut/", views_outputs.output_revoke, name="output_revoke"),
    path("<uuid:public_id>/", views_office.detail, name="detail"),
    path("<uuid:public_id>/ungkap/", views_office.reveal, name="reveal"),
    path("<uuid:public_id>/ambil/", views_inbox.claim, name="claim"),
    path("<uuid:public_id>/lepaskan/", views_inbox.release, name="release"),
    path("<uuid:public_id>/alihkan/", views_inbox.assign, name="assign"),
    path(
        "<uuid:public_id>/perbaiki-jawaban/",
        views_privacy.answers_correct,
        name="answers_correct",
    ),
]
