from django.conf import settings

from naungan.accounts.scope import primary_membership

from .nav import nav_items

# Where "Keluar cepat" (quick exit) takes a person: a neutral, everyday site.
QUICK_EXIT_URL = "https://www.google.com/search?q=cuaca+hari+ini"


def naungan(request):
    user = getattr(request, "user", None)
    membership = None
    nav = []
    signed_in = user is not None and user.is_authenticated
    if signed_in:
        membership = primary_membership(user)
        nav = nav_items(user, request.path)
    # Every page of the public portal carries the quick exit, also for a signed-in community member.
    public_page = not signed_in or request.path.startswith("/lapor/")
    return {
        "DEMO_MODE": settings.DEMO_MODE, "membership": membership, "nav": nav, "public_page": public_page,
        "QUICK_EXIT_URL": getattr(settings, "QUICK_EXIT_URL", QUICK_EXIT_URL), "profile_url": "/akun/profil/",
    }
