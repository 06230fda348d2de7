"""Public learning pages: the board of adopted innovations and a citizen's thanks on a case."""

from django.urls import path

from satupintu.learning import views

app_name = "learning_public"

urlpatterns = [
    path("inovasi/", views.board, name="board"),
    path("permohonan/<uuid:public_id>/terima-kasih/", views.thanks, name="thanks"),
]
