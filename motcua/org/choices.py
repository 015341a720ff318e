"""Agency levels and kinds, account kinds and staff roles, with Vietnamese/English labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    MINISTRY = "ministry", _("Bộ, ngành trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ")
    MINISTRY_UNIT = "ministry_unit", _("Đơn vị thuộc Bộ")
    PROVINCE_PC = "province_pc", _("Ủy ban nhân dân tỉnh")
    DEPARTMENT_ST = "department_st", _("Sở Khoa học và Công nghệ")
    PROVINCE_CENTRE = "province_centre", _("Trung tâm Phục vụ hành chính công tỉnh")
    COMMUNE_PC = "commune_pc", _("Ủy ban nhân dân xã")
    COMMUNE_CENTRE = "commune_centre", _("Trung tâm Phục vụ hành chính công xã")

    @classmethod
    def one_stop(cls) -> set[str]:
        """Kinds that receive dossiers at a counter (Decree 118 Art. 3)."""
        return {cls.PROVINCE_CENTRE, cls.COMMUNE_CENTRE, cls.MINISTRY_UNIT}


class AccountKind(models.TextChoices):
    STAFF = "staff", _("Cán bộ, công chức")
    CITIZEN = "citizen", _("Công dân, tổ chức")


class Role(models.TextChoices):
    COUNTER_OFFICER = "counter_officer", _("Cán bộ tiếp nhận và trả kết quả")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo")
    AGENCY_ADMIN = "agency_admin", _("Quản trị cơ quan")
    PROVINCE_ADMIN = "province_admin", _("Quản trị cấp tỉnh")
    MINISTRY_SUPERVISOR = "ministry_supervisor", _("Giám sát của Bộ")
    INSPECTOR = "inspector", _("Thanh tra, kiểm tra của Bộ")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")

    @classmethod
    def nationwide(cls) -> set[str]:
        """Roles whose jurisdiction is every agency in the country."""
        return {cls.MINISTRY_SUPERVISOR, cls.INSPECTOR, cls.SYSTEM_ADMIN}
