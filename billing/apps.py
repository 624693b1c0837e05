from decimal import Decimal, InvalidOperation

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "billing"
    verbose_name = _("Facturatie")

    def ready(self):
        raw = str(getattr(settings, "BILLING_VAT_RATE", "0"))
        try:
            rate = Decimal(raw)
        except InvalidOperation:
            rate = None
        if rate is None or not rate.is_finite() or not 0 <= rate <= 100:
            raise ImproperlyConfigured(f"BILLING_VAT_RATE must be a percentage between 0 and 100, not {raw!r}")
