app_name = "kla"

urlpatterns: list = []
