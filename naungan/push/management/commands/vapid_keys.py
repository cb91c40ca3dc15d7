"""Print a new VAPID key pair for Web Push (NAUNGAN_VAPID_PUBLIC_KEY / NAUNGAN_VAPID_PRIVATE_KEY)."""

from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand
from py_vapid import Vapid01, b64urlencode


class Command(BaseCommand):
    help = "Generate a VAPID key pair for Web Push and print it as environment variables."

    def handle(self, *args, **options):
        v = Vapid01()
        v.generate_keys()
        private = b64urlencode(v.private_key.private_numbers().private_value.to_bytes(32, "big"))
        public = b64urlencode(v.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))
        self.stdout.write(f"NAUNGAN_VAPID_PUBLIC_KEY={public}\nNAUNGAN_VAPID_PRIVATE_KEY={private}\n")
