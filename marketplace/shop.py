"""Oscar's root app config, with our password reset views in place of Django's.

Forked the way Oscar documents for its `Shop` config: the URLs are Oscar's,
but the reset request is rate-limited and the new password signs the person
in and is mailed about (orders.customer.security.views).
"""

from django.urls import URLPattern, reverse_lazy
from oscar import config
from oscar.views.decorators import login_forbidden


class Shop(config.Shop):
    def get_urls(self):
        from orders.customer.security import views

        ours = {
            "password-reset": views.PasswordResetView.as_view(
                form_class=self.password_reset_form,
                success_url=reverse_lazy("password-reset-done"),
                template_name="oscar/registration/password_reset_form.html",
            ),
            "password-reset-confirm": views.PasswordResetConfirmView.as_view(
                form_class=self.set_password_form,
                template_name="oscar/registration/password_reset_confirm.html",
            ),
        }
        return [
            URLPattern(
                pattern.pattern, login_forbidden(ours[pattern.name]), name=pattern.name
            )
            if isinstance(pattern, URLPattern) and pattern.name in ours
            else pattern
            for pattern in super().get_urls()
        ]
