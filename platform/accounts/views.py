from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    access_public = True
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    access_public = True
