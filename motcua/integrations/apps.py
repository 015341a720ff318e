from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "motcua.integrations"
    label = "integrations"
    verbose_name = _("Tích hợp và xử lý nền")

    def ready(self) -> None:
        # The system checks and this app's own outbox handlers register on import.
        from motcua.integrations import checks, handlers  # noqa: F401

        # Every installed app may keep its periodic jobs in `<app>/jobs.py`
        # (`integrations.periodic.register(...)` at import time): discover them once here.
        autodiscover_modules("jobs")
