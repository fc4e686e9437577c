from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from accounts.client_address import client_address
from accounts.throttle import login_blocked, login_failure_record, login_failures_clear, retry_after_seconds


class LoginView(auth_views.LoginView):
    access_public = True
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def _who(self):
        return client_address(self.request), self.request.POST.get("username", "")

    def post(self, request, *args, **kwargs):
        address, username = self._who()
        if login_blocked(address=address, username=username):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("登录失败次数过多，请 15 分钟后再试。"))
            response = self.render_to_response(self.get_context_data(form=form, blocked=True))
            response.status_code = 429
            response["Retry-After"] = str(retry_after_seconds())
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        address, username = self._who()
        login_failure_record(address=address, username=username)
        return super().form_invalid(form)

    def form_valid(self, form):
        address, username = self._who()
        login_failures_clear(address=address, username=username)
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    access_public = True
