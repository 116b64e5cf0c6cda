from django.core.management.base import BaseCommand

from assignment.verify import decisions_verify


class Command(BaseCommand):
    help = "Replay the distribution log and report every decision that breaks the fairness rule (exit 1 if any)."

    def add_arguments(self, parser):
        parser.add_argument("--region", help="only this region, e.g. KZ-75")

    def handle(self, *args, **options):
        checked, violations = decisions_verify(region_code=options["region"] and options["region"].upper())
        for violation in violations:
            self.stdout.write(self.style.ERROR(str(violation)))
        if violations:
            self.stdout.write(self.style.ERROR(f"{len(violations)} violation(s) in {checked} decisions."))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"{checked} decisions checked: every one follows the rule."))
