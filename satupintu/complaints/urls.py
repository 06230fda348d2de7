"""Citizen and public complaint pages (mounted at /pengaduan/)."""

from django.urls import path

from satupintu.complaints import views, webhook

app_name = "complaints"

urlpatterns = [
    path("", views.board, name="board"),
    path("lapor/", views.file, name="file"),
    path("lapor/konfirmasi/", views.confirm, name="confirm"),
    path("cek/", views.status, name="status"),
    path("saya/", views.mine, name="mine"),
    path("masuk/sms/", webhook.inbound, name="inbound"),
    path("berkas/<uuid:attachment_id>/", views.attachment, name="attachment"),
    path("papan/<uuid:public_id>/", views.board_detail, name="board_detail"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/tanda-terima/", views.receipt, name="receipt"),
    path("<uuid:public_id>/tanda-terima.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("<uuid:public_id>/surat-tanggapan.pdf", views.letter, name="letter"),
]
