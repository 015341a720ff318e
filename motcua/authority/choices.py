"""Enums of the competence register, with Vietnamese labels (English in the locale catalogue)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DecisionKind(models.TextChoices):
    """How competence moves (Law on Organisation of Local Government 2025, Art. 11–14):
    devolution gives it by law for good, decentralisation hands it down with its
    responsibility, authorisation lets another act in the authoriser's name for a time."""

    DECENTRALISATION = "decentralisation", _("Phân cấp")
    AUTHORISATION = "authorisation", _("Ủy quyền")
    DEVOLUTION = "devolution", _("Phân quyền")


class Holder(models.TextChoices):
    """Whether competence sits with a body as a collective (the People's Committee) or with the
    person who heads it (its Chairman, the Director of a department)."""

    BODY = "body", _("Tập thể cơ quan")
    HEAD = "head", _("Người đứng đầu")


class Relation(models.TextChoices):
    """What a decision does to an earlier one. Nothing is edited or deleted: an amendment is a
    new record that replaces its target from its own effective date; a revocation ends it."""

    ORIGINAL = "original", _("Ban hành mới")
    AMENDS = "amends", _("Sửa đổi, bổ sung, thay thế")
    REVOKES = "revokes", _("Bãi bỏ")


class Scope(models.TextChoices):
    PROCEDURES = "procedures", pgettext_lazy("scope", "Danh mục thủ tục")
    FIELD = "field", _("Toàn bộ lĩnh vực")
    TASKS = "tasks", _("Nhiệm vụ khác, không phải thủ tục hành chính")


class SignMode(models.TextChoices):
    """How a signature is authorised (Decree 30/2020/ND-CP, Art. 13 and Appendix I)."""

    OWN = "own", _("Ký theo thẩm quyền")
    TM = "tm", _("Thay mặt (TM.)")
    KT = "kt", _("Ký thay (KT.)")
    TUQ = "tuq", _("Thừa ủy quyền (TUQ.)")
    TL = "tl", _("Thừa lệnh (TL.)")


class Source(models.TextChoices):
    STATUTORY = "statutory", _("Thẩm quyền theo quy định")
    DECISION = "decision", _("Theo quyết định phân cấp, ủy quyền")
