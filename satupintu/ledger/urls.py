from django.urls import path

from satupintu.ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.checkpoint, name="checkpoint"),
    path("verify_proof.py", views.verifier_source, name="verifier"),
]
