from django.contrib import admin
from django.urls import include, path

from config.api import api
from satupintu.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("akun/", include("satupintu.accounts.urls")),
    path("wilayah/", include("satupintu.regions.urls")),
    path("instansi/", include("satupintu.organizations.urls")),
    path("kantor/sistem/", admin.site.urls),
    path("kantor/permohonan/", include("satupintu.applications.office_urls")),
    path("kantor/privasi/", include("satupintu.privacy.office_urls")),
    path("kantor/pengaduan/", include("satupintu.complaints.office_urls")),
    path("pengaduan/", include("satupintu.complaints.urls")),
    path("open311/v2/", include("satupintu.complaints.open311_urls")),
    path("kantor/petugas/", include("satupintu.organizations.office_urls")),
    path("privasi/", include("satupintu.privacy.urls")),
    path("verifikasi/", include("satupintu.applications.outputs_urls")),
    path("transparansi/ledger/", include("satupintu.ledger.urls")),
    path("kantor/belajar/", include("satupintu.learning.urls")),
    path("kantor/", include("satupintu.catalog.office_urls")),
    path("", include("satupintu.learning.public_urls")),
    path("", include("satupintu.applications.urls")),
    path("", include("satupintu.catalog.urls")),
]

handler400 = "satupintu.core.views.bad_request"
handler403 = "satupintu.core.views.permission_denied"
handler404 = "satupintu.core.views.page_not_found"
handler500 = "satupintu.core.views.server_error"
