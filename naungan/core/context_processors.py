from django.conf import settings


def naungan(request):
    user = getattr(request, "user", None)
    membership = None
    nav = []
    if user is not None and user.is_authenticated:
        from naungan.accounts.scope import primary_membership

        from .nav import nav_items

        membership = primary_membership(user)
        nav = nav_items(user)
    return {"DEMO_MODE": settings.DEMO_MODE, "membership": membership, "nav": nav}
