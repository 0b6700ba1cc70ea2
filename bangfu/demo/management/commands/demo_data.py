"""`bangfu demo_data`: fill the database with the demo data and accounts (deterministic per seed)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bangfu.core.context import acting_as
from bangfu.demo.accounts import demo_accounts
from bangfu.demo.assistance.write import demo_assistance
from bangfu.demo.evaluation import demo_evaluation
from bangfu.demo.groups import demo_groups
from bangfu.demo.institute import demo_institute
from bangfu.demo.monitoring import demo_monitoring
from bangfu.demo.pairing.write import demo_pairings
from bangfu.demo.places import demo_places
from bangfu.demo.registry.write import demo_registry
from bangfu.demo.reporting import demo_reporting
from bangfu.demo.steps import demo_steps
from bangfu.demo.support import demo_support
from bangfu.demo.training import demo_training
from bangfu.demo.visits import demo_visits
from bangfu.places.models import Division


class Command(BaseCommand):
    help = "Fill the database with demo data (deterministic per --seed) and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help="allow with DEBUG=0")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "demo_data creates accounts with a known password; refusing with DEBUG=0 (use --force)."
            )
        if not Division.objects.filter(level="county").exists():
            raise CommandError("No divisions loaded: run `bangfu load_divisions` first.")
        verbose = options["verbosity"] >= 2

        def progress(label):
            if not verbose:
                return None

            def show(done, total):
                self.stderr.write(f"\r{label}: {done} / {total} rows", ending="")

            return show

        def timed(label, function, **kwargs):
            started = time.monotonic()
            result = function(**kwargs)
            if verbose:
                self.stderr.write(f"{label}: {time.monotonic() - started:.1f} s")
            return result

        with acting_as(channel="command"):
            places = demo_places(seed=options["seed"])
            registry = demo_registry(seed=options["seed"], progress=progress("registry"))
            if verbose:
                self.stderr.write("")
            pairings = demo_pairings(seed=options["seed"], progress=progress("pairings"))
            if verbose:
                self.stderr.write("")
            accounts = demo_accounts()
            # after the accounts: the county offices' accounts confirm the records
            assistance = demo_assistance(seed=options["seed"], progress=progress("assistance"))
            # the reporting calendar files what the parts above hold; oversight reads it all
            institute = timed("institute", demo_institute, seed=options["seed"])
            groups = timed("groups", demo_groups, seed=options["seed"])
            reporting = timed("reporting", demo_reporting, seed=options["seed"])
            monitoring = timed("monitoring", demo_monitoring, seed=options["seed"])
            visits = timed("visits", demo_visits, seed=options["seed"])
            steps = timed("steps", demo_steps, seed=options["seed"])
            support = timed("support", demo_support, seed=options["seed"])
            training = timed("training", demo_training, seed=options["seed"])
            evaluation = timed("evaluation", demo_evaluation, seed=options["seed"])
        if verbose:
            self.stderr.write("")
        self.stdout.write(
            f"demo data: {places['programmes']} programme(s), {places['service_points']} new service centres, "
            f"{registry['profiles']} village profiles ({registry['poor_villages']} poor), "
            f"{registry['households']} poor households ({registry['tech_help']} tech help), "
            f"{registry['members']} members, {registry['incomes']} incomes, "
            f"{registry['helpers']} helpers, "
            f"{pairings['pairings']} pairings ({pairings['created']} new; {pairings['active']} active, "
            f"{pairings['covered']} of {pairings['poor_villages']} poor villages covered, "
            f"{pairings['full']} full), {pairings['relays']} relays, "
            f"{pairings['agreements']} agreements, {pairings['plan_items']} plan items, "
            f"{pairings['progress']} progress updates, {pairings['visits']} site visits, "
            f"{assistance['records']} assistance records ({assistance['created']} new; "
            f"{assistance['confirmed']} confirmed), {assistance['beneficiaries']} beneficiary links, "
            f"{assistance['progress_rows']} project progress rows, "
            f"{institute['centres']} service centres and {institute['workstations']} workstations, "
            f"{institute['visits']} tech-help visits reaching {institute['reached']} households, "
            f"{groups} leading groups and demonstration villages, "
            f"{reporting['submissions']} expected submissions ({reporting['filed']} filed now, "
            f"{reporting['accepted']} accepted), "
            f"{monitoring['cases']} monitoring cases, "
            f"{visits['total_visits']} supervision visits, "
            f"{steps['site_visits']} site visits for the plan's steps, {support['loans']} new loans, "
            f"{support['receipts']} new receipts, {support['tax_benefits']} new tax benefits, "
            f"{training['sessions']} new training sessions ({training['trainees']} trainees), "
            f"evaluation {evaluation}, "
            f"{len(accounts)} demo accounts"
        )
