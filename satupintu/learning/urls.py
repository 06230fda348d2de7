"""The learning pages of the back office, mounted at /kantor/belajar/."""

from django.urls import path

from satupintu.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.home, name="home"),
    path("nilai/", views.assess, name="assess"),
    path("pegawai/<int:officer_id>/", views.officer, name="officer"),
    path("tim/", views.team, name="team"),
    path("kursus/", views.courses, name="courses"),
    path("kursus/<slug:slug>/", views.course, name="course"),
    path("kursus/<slug:slug>/paket.zip", views.package, name="package"),
    path("kursus/<slug:slug>/modul/<int:module_id>/", views.module_file, name="module_file"),
    path("kursus/<slug:slug>/kuis/", views.quiz, name="quiz"),
    path("sertifikat/<uuid:enrolment_id>.pdf", views.certificate, name="certificate"),
    path("pelatihan/", views.training, name="training"),
    path("bantuan/<str:key>/", views.page_help_view, name="help"),
    path("orientasi/<int:item_id>/", views.onboarding_done, name="onboarding_done"),
    path("inovasi/", views.proposals, name="proposals"),
    path("inovasi/baru/", views.proposal_new, name="proposal_new"),
    path("inovasi/<uuid:proposal_id>/", views.proposal, name="proposal"),
    path("apresiasi/", views.appreciate, name="appreciate"),
]
