from django.urls import path

from hemicycle.accounts import calendar_views

app_name = "calendar_feed"
urlpatterns = [
    path("<slug:token>.ics", calendar_views.feed, name="feed"),
]
