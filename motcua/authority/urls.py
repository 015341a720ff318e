from django.urls import path

from motcua.authority import views

app_name = "authority"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("xa/", views.communes, name="communes"),
    path("quyet-dinh/", views.decision_list, name="decisions"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/van-ban.pdf", views.decision_file, name="decision_file"),
]
