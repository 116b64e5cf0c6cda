from django.urls import path

from . import views

urlpatterns = [
    path("second-factor/", views.second_factor_step, name="second_factor"),
    path("security/", views.security_settings, name="security_settings"),
    path("security/tokens/", views.token_create, name="token_create"),
    path("security/tokens/<str:token_key>/revoke/", views.token_revoke, name="token_revoke"),
    path("security/recovery-codes/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("security/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
]
