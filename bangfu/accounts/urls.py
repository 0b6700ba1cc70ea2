"""The accounts' pages: sign-in, the second factor, the accounts, the audit trail."""

from django.urls import path

from .views import audit_trail, language, otp, sign_in, users

app_name = "accounts"
urlpatterns = [
    path("login/", sign_in.login_view, name="login"),
    path("logout/", sign_in.logout_view, name="logout"),
    path("language/", language.language_choose, name="language"),
    path("password/", sign_in.password_change, name="password_change"),
    path("users/", users.user_list, name="users"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<str:username>/", users.user_edit, name="user_edit"),
    path("users/<str:username>/unlock/", users.user_unlock, name="user_unlock"),
    path("users/<str:username>/role/", users.user_role, name="user_role"),
    path("users/<str:username>/otp-reset/", users.user_otp_reset, name="user_otp_reset"),
    path("otp/", sign_in.otp_verify, name="otp"),
    path("otp/enrol/", otp.otp_enrol, name="otp_enrol"),
    path("otp/qr.svg", otp.otp_qr, name="otp_qr"),
    path("otp/recovery/", otp.otp_recovery, name="otp_recovery"),
    path("security/", otp.otp_manage, name="otp_manage"),
    path("audit/", audit_trail.audit_list, name="audit"),
    path("audit/export/", audit_trail.audit_export, name="audit_export"),
]
