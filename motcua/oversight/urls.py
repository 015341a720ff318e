from django.urls import path

from motcua.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("dot/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("dot/<int:campaign_id>/tong-hop/", views.synthesis, name="synthesis"),
    path("dot/<int:campaign_id>/tong-hop.pdf", views.synthesis, {"fmt": "pdf"}, name="synthesis_pdf"),
    path("dot/<int:campaign_id>/tong-hop.xlsx", views.synthesis, {"fmt": "xlsx"}, name="synthesis_xlsx"),
    path("chuyen/<int:visit_id>/", views.visit_detail, name="visit"),
    path("tep/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("kien-nghi/", views.recommendation_list, name="recommendations"),
    path("kien-nghi/<int:rec_id>/", views.recommendation_detail, name="recommendation"),
    path("nhom-kien-nghi/<int:group_id>/", views.group_detail, name="group"),
    path("ban-tin-truoc-chuyen/", views.brief, name="brief"),
    path("ho-tro/", views.support, name="support"),
    path("ho-tro/<int:thread_id>/", views.thread_detail, name="thread"),
    path("ho-tro/tri-thuc/", views.knowledge, name="knowledge"),
    path("ho-tro/dau-moi/", views.contacts, name="contacts"),
]
