from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("profil/", views.profile, name="profile"),
    path("2fa/aktifkan/", views.otp_setup, name="otp_setup"),
    path("2fa/verifikasi/", views.otp_verify, name="otp_verify"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create_view, name="user_create"),
    path("pengguna/<int:pk>/", views.user_detail_view, name="user_detail"),
    path("organisasi/baru/", views.organisation_create_view, name="organisation_create"),
    path("konfigurasi-kota/", views.city_config_view, name="city_config"),
    path("organisasi/", views.organisation_list, name="organisation_list"),
    path("organisasi/<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
