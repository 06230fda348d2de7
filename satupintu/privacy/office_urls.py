from django.urls import path

from satupintu.privacy import views

app_name = "privacy_office"

urlpatterns = [
    path("", views.office_queue, name="queue"),
    path("permintaan/<int:request_id>/", views.office_request, name="request"),
    path(
        "permintaan/<int:request_id>/proses/",
        views.office_request_start,
        name="request_start",
    ),
    path(
        "permintaan/<int:request_id>/selesai/",
        views.office_request_complete,
        name="request_complete",
    ),
    path(
        "permintaan/<int:request_id>/tolak/",
        views.office_request_reject,
        name="request_reject",
    ),
    path("insiden/", views.office_breaches, name="breaches"),
    path("insiden/<int:breach_id>/", views.office_breach, name="breach"),
    path(
        "insiden/<int:breach_id>/diberitahukan/",
        views.office_breach_notified,
        name="breach_notified",
    ),
]
