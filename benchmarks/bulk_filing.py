"""A bank's day through the bulk API: N applications filed by applications/batch/, a decision scan uploaded to each,
and all submitted by applications/batch/submit/ (issue 14). Prints applications/s and the p50/p95 of each call.

    .venv/bin/python benchmarks/bulk_filing.py [--applications 10000] [--batch 500]

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/chamber_bench_bulk), created and migrated when
missing, never dropped. Requests go through Django's test Client in-process (every middleware, the idempotency
key's transaction, DRF, the services and PostgreSQL; no network), with DEBUG off and tasks in-process. The
claimant has a standing power of attorney (powers-of-attorney/), so each application needs one upload. Every
POST carries an Idempotency-Key, as a careful integration sends. API_THROTTLE_USER is raised for the run: the
default 1,200 requests a minute would itself cap a single user at 20 calls a second.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.lists import configure, database_ensure, machine  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chamber_bench_bulk")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500, help="applications per batch call (at most 500)")
    return parser.parse_args()


def pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def body(number: str) -> dict:
    today = date.today()
    return {
        "category": "private_claim", "region": "KZ-75",
        "creditor": {"kind": "legal_entity", "name": "АО «Банк»", "iin_bin": "940140000385"},
        "debtor": {"kind": "individual", "name": "Иванов Иван", "iin_bin": "791028302728",
                   "address": "г. Алматы, ул. Абая, 1"},
        "court_name": "Медеуский районный суд г. Алматы", "court_case_number": "7585-24-00-2/101",
        "decision_date": str(today - timedelta(days=90)), "decision_effective_date": str(today - timedelta(days=60)),
        "document_kind": "writ", "document_number": number, "document_issued_at": str(today - timedelta(days=50)),
        "amount_kzt": "125000.00",
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    args = parse_args()
    os.environ["API_THROTTLE_USER"] = "1000000/min"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    url = configure("benchmarks/bulk_filing.py")
    database_ensure(url)
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client

    from chamber_portal.core.models import User

    call_command("migrate", verbosity=0)
    lawyer, _ = User.objects.get_or_create(username="bench.bulk", defaults={"role": "lawyer", "email": ""})
    client = Client()
    client.force_login(lawyer)
    scan = pdf()

    def post(path, data=None, *, files=False):
        headers = {"HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())}
        started = time.perf_counter()
        if files:
            response = client.post(path, data, **headers)
        else:
            response = client.post(path, data, content_type="application/json", **headers)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code >= 400:
            sys.exit(f"{path} answered {response.status_code}: {response.content[:500]!r}")
        return response.json(), elapsed

    post("/api/v1/powers-of-attorney/", {
        "file": SimpleUploadedFile("poa.pdf", scan, "application/pdf"), "creditor_iin_bin": "940140000385",
        "valid_until": str(date.today() + timedelta(days=365))}, files=True)

    run = uuid.uuid4().hex[:8].upper()
    timings = {"batch": [], "upload": [], "submit": []}
    submitted = 0
    started = time.perf_counter()
    for first in range(0, args.applications, args.batch):
        count = min(args.batch, args.applications - first)
        items = [body(f"ИЛ-{run}-{first + n:06d}") for n in range(count)]
        result, ms = post("/api/v1/applications/batch/", {"applications": items})
        timings["batch"].append(ms)
        ids = [item["id"] for item in result["results"]]
        assert len(ids) == count, result["results"][:3]
        for pk in ids:
            _, ms = post(f"/api/v1/applications/{pk}/documents/", {
                "kind": "decision_scan", "file": SimpleUploadedFile(f"{pk}.pdf", scan, "application/pdf")},
                files=True)
            timings["upload"].append(ms)
        result, ms = post("/api/v1/applications/batch/submit/", {"ids": ids})
        timings["submit"].append(ms)
        refused = [item for item in result["results"] if "errors" in item]
        assert not refused, refused[:3]
        submitted += count
        rate = submitted / (time.perf_counter() - started)
        print(f"  {submitted:>6} submitted, {rate:6.1f} applications/s", flush=True)
    total = time.perf_counter() - started

    info = machine()
    print(f"\nbulk filing on {info['cpus']} CPUs, Python {info['python']}, PostgreSQL ({url.rsplit('/', 1)[-1]})")
    print(f"{args.applications} applications in {total:.1f} s: {args.applications / total:.1f} applications/s "
          f"({len(timings['batch'])} batch calls of {args.batch}, one upload each, batch submits)")
    print(f"{'call':<28}{'calls':>7}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    names = {"batch": f"applications/batch/ ({args.batch})", "upload": "…/documents/ (one PDF)",
             "submit": f"applications/batch/submit/ ({args.batch})"}
    for key, values in timings.items():
        print(f"{names[key]:<28}{len(values):>7}{statistics.median(values):>10.1f}{percentile(values, 0.95):>10.1f}"
              f"{max(values):>10.1f}")


if __name__ == "__main__":
    main()
