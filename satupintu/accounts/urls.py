from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from satupintu.accounts import views
from satupintu.accounts.forms import ResetSetPasswordForm

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.register, name="register"),
    path("konfirmasi/", views.confirm, name="confirm"),
    path("profil/", views.profile, name="profile"),
    path("2fa/daftar/", views.otp_enrol, name="otp_enrol"),
    path("2fa/verifikasi/", views.otp_verify, name="otp_verify"),
    path("2fa/kode-cadangan/", views.recovery_codes, name="recovery_codes"),
    # A reset link by e-mail or a code by SMS, both through the notifications outbox (the
    # request only writes the outbox row) and throttled per contact and per address.
    path("sandi/lupa/", views.password_reset, name="password_reset"),
    path("sandi/lupa/kode/", views.password_reset_code, name="password_reset_code"),
    path(
        "sandi/lupa/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "sandi/reset/selesai/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    # The link's token is Django's, bound to the password hash and the last sign-in, so it
    # stops working the moment the new password is set.
    path(
        "sandi/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=ResetSetPasswordForm,
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
]
