from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<str:username>/", views.user_edit, name="user_edit"),
    path("users/<str:username>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<str:username>/role/", views.user_role, name="user_role"),
    path("users/<str:username>/otp-reset/", views.user_otp_reset, name="user_otp_reset"),
    path("otp/", views.otp_verify, name="otp"),
    path("otp/enrol/", views.otp_enrol, name="otp_enrol"),
    path("otp/qr.svg", views.otp_qr, name="otp_qr"),
    path("otp/recovery/", views.otp_recovery, name="otp_recovery"),
    path("security/", views.otp_manage, name="otp_manage"),
    path("audit/", views.audit_list, name="audit"),
    path("audit/export/", views.audit_export, name="audit_export"),
]
