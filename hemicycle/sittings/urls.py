
app_name = "sittings"
urlpatterns: list = []
