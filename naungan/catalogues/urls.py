app_name = "catalogues"

urlpatterns: list = []
