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
        "permintaan/<int:request_id>/akhiri-pembatasan/",
        views.office_restriction_lift,
        name="restriction_lift",
    ),
    # Each move on a breach has its own address (one form each on the breach's page).
    *(
        path(f"insiden/<int:breach_id>/{word}/", views.office_breach_act, {"how": how}, name=name)
        for word, how, name in (
            ("diberitahukan", "notified", "breach_notified"),
            ("beri-tahu-subjek", "notify_subjects", "breach_notify_subjects"),
            ("umumkan", "announce", "breach_announce"),
            ("perkembangan", "update", "breach_update"),
            ("tutup", "close", "breach_close"),
        )
    ),
]
