from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.core.permissions import public
from motcua.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("tinh/<str:code>/", views.province_detail, name="province"),
    path("chuyen-doi-dia-chi/", views.address_convert, name="address_convert"),
    path(
        "dang-nhap/",
        public("the sign-in form")(auth_views.LoginView.as_view(template_name="registration/login.html")),
        name="login",
    ),
    path("dang-xuat/", public("signing out (POST, CSRF-checked)")(auth_views.LogoutView.as_view()), name="logout"),
]
