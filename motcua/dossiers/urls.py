"""Dossier pages. Included once at the site root inside i18n_patterns, so the workspace lives at
/vi/ho-so/ and the public tracking page at /vi/tra-cuu/."""

from django.urls import path

from motcua.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("ho-so/", views.workspace, name="workspace"),
    path("ho-so/tiep-nhan/", views.intake, name="intake"),
    path("ho-so/nop-truc-tuyen/", views.submit_online_choose, name="submit_online_choose"),
    path("ho-so/nop-truc-tuyen/<str:code>/", views.submit_online, name="submit_online"),
    path("ho-so/xa/", views.communes, name="communes"),
    path("ho-so/hang-loat/", views.batch, name="batch"),
    path("ho-so/<int:dossier_id>/", views.detail, name="detail"),
    path("ho-so/<int:dossier_id>/phieu-hen/", views.receipt, name="receipt"),
    path("ho-so/<int:dossier_id>/tep/<int:document_id>/", views.document_file, name="document"),
    path("ho-so/<int:dossier_id>/thao-tac/<str:action>/", views.act, name="act"),
    path("tra-cuu/", views.track, name="track"),
    path("tra-cuu/danh-gia/", views.track_rate, name="track_rate"),
]
