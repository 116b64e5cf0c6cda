from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bailiffs.services import bailiff_register
from chamber_portal.core.models import Region, Role
from chamber_portal.core.security.second_factor import second_factor_provision
from chamber_portal.core.services import user_create


class Command(BaseCommand):
    help = "Create a portal user with a role. A bailiff also gets an active registry record."

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, choices=[role.value for role in Role])
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument(
            "--region", help="KZ-xx: the staff member's or bailiff's region; staff without it are national"
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--licence", default="", help="a bailiff's licence number (generated if omitted)")
        parser.add_argument(
            "--totp-secret", default="", metavar="BASE32",
            help="provision the second factor (TOTP) with this Base32 secret; staff and administrators without it "
                 "enrol at their first sign-in",
        )

    def handle(self, *args, **options):
        role = Role(options["role"])
        region = None
        if options["region"]:
            region = Region.objects.filter(code=options["region"].upper()).first()
            if region is None:
                raise CommandError(f"Unknown region {options['region']!r}: use a code such as KZ-75.")
        if role == Role.BAILIFF and region is None:
            raise CommandError("A bailiff needs --region (the enforcement district).")
        try:
            with transaction.atomic():
                user = user_create(
                    username=options["username"],
                    password=options["password"],
                    role=role,
                    region=region if role == Role.STAFF else None,
                    email=options["email"],
                    full_name=options["full_name"],
                )
                if options["totp_secret"]:
                    second_factor_provision(user=user, secret=options["totp_secret"])
                bailiff = None
                if role == Role.BAILIFF:
                    bailiff = bailiff_register(user=user, region=region, licence_number=options["licence"])
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
            raise CommandError(problems) from error
        scope = region.code if region else ("national" if role == Role.STAFF else "-")
        self.stdout.write(self.style.SUCCESS(f"Created {role.value} {user.username!r} (id {user.pk}, region {scope})."))
        if options["totp_secret"]:
            self.stdout.write("Second factor provisioned with the given TOTP secret.")
        if bailiff:
            self.stdout.write(f"Registered bailiff {bailiff.full_name!r}, licence {bailiff.licence_number}, active.")
