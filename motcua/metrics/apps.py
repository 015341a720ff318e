from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "motcua.metrics"
    label = "metrics"
    verbose_name = _("Chỉ số chất lượng phục vụ")

    def ready(self) -> None:
        # The counters are written with every dossier change, in the action's own statements:
        # the dossier store asks its registered writers for them (dossiers never imports metrics).
        from motcua.dossiers import store
        from motcua.integrations import outbox
        from motcua.metrics import counting, portal

        store.register_writer(counting.counter_statements)
        outbox.on_delivered(portal.count_sync)
