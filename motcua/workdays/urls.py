from django.urls import path

from motcua.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("<int:year>/", views.calendar_page, name="year"),
    path("tinh-han/", views.deadline_page, name="deadline"),
]
