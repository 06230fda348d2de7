from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from satupintu.accounts import views
from satupintu.accounts.forms import ResetRequestForm, ResetSetPasswordForm

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
    # Password reset by a one-time link: Django's token is bound to the password hash and the
    # last login, so it stops working the moment the new password is set.
    path(
        "sandi/lupa/",
        auth_views.PasswordResetView.as_view(
            form_class=ResetRequestForm,
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
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
