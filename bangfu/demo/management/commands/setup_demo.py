"""`bangfu setup_demo`: what `make run` does before serving (migrate, divisions, demo data)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from bangfu.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_BASE32, demo_accounts


class Command(BaseCommand):
    help = "What `make run` does before serving: migrate, load divisions and demo data, print accounts."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_divisions")
        call_command("demo_data")
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD})")
        for username, role, scope in demo_accounts():
            self.stdout.write(f"  {username:<18} {role}{'  · ' + scope if scope else ''}")
        self.stdout.write(
            "The city office, the system, security and audit administrators sign in with a "
            "second factor: add a time-based account with the key "
            f"{DEMO_TOTP_BASE32} to an authenticator app (demo only)."
        )
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.")
