from django.urls import path

from satupintu.organizations import views_office

app_name = "officers"

urlpatterns = [
    path("", views_office.officer_list, name="list"),
    path("baru/", views_office.officer_add, name="add"),
    path("<int:agency_id>/<int:officer_id>/", views_office.officer_detail, name="detail"),
    path(
        "<int:agency_id>/<int:officer_id>/peran/",
        views_office.officer_role_grant,
        name="role_grant",
    ),
    path(
        "<int:agency_id>/<int:officer_id>/peran/<int:membership_id>/cabut/",
        views_office.officer_role_revoke,
        name="role_revoke",
    ),
    path(
        "<int:agency_id>/<int:officer_id>/status/",
        views_office.officer_deactivate,
        name="status",
    ),
]
