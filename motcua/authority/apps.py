from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorityConfig(AppConfig):
    name = "motcua.authority"
    label = "authority"
    verbose_name = _("Thẩm quyền, phân cấp và ủy quyền")
