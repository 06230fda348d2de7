from django.urls import path

from satupintu.catalog import views, views_forms, views_workflow

app_name = "office"

urlpatterns = [
    path("", views.office_home, name="home"),
    path("layanan/", views.office_services, name="services"),
    path("layanan/baru/", views.office_service_create, name="service_create"),
    path("layanan/<int:service_id>/ubah/", views.office_service_edit, name="service_edit"),
    path("layanan/<int:service_id>/status/", views.office_service_status, name="service_status"),
    path("layanan/<int:service_id>/formulir/", views_forms.form_edit, name="form_edit"),
    path("sinonim/", views.office_synonyms, name="synonyms"),
    path("sinonim/hapus/", views.office_synonym_remove, name="synonym_remove"),
    path(
        "layanan/<int:service_id>/formulir/pratinjau/",
        views_forms.form_preview,
        name="form_preview",
    ),
    path("layanan/<int:service_id>/alur/", views_workflow.workflow_edit, name="workflow_edit"),
    path(
        "layanan/<int:service_id>/alur/uji/",
        views_workflow.workflow_dry_run,
        name="workflow_dry_run",
    ),
]
