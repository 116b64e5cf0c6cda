"""A short client for bulk filers (docs/api.md): files drafts by batch, uploads the decision scans, submits them,
then follows the change feed. Standard library only.

    python docs/bulk_client.py --url http://127.0.0.1:8000 --username bank --password ... scans/*.pdf

Each scan's file name is its document number (ИЛ-0000100.pdf); the claimant needs a standing power of attorney
(powers-of-attorney/) or each draft needs its own upload.
"""

import argparse
import json
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path


class Portal:
    def __init__(self, url: str, username: str, password: str):
        self.url = url.rstrip("/") + "/api/v1/"
        self.token = self.call("POST", "auth/token/", {"username": username, "password": password})["token"]

    def call(self, method: str, path: str, body=None, *, files=None, key: str | None = None):
        headers = {"Accept": "application/json"}
        if getattr(self, "token", None):
            headers["Authorization"] = f"Token {self.token}"
        if method == "POST":
            headers["Idempotency-Key"] = key or str(uuid.uuid4())  # a retry with the same key does nothing twice
        data = None
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in (body or {}).items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                             f'{value}\r\n'.encode())
            for name, (filename, content) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
                             f'\r\nContent-Type: application/pdf\r\n\r\n'.encode() + content + b"\r\n")
            data = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        request = urllib.request.Request(path if path.startswith("http") else self.url + path, data=data,
                                         method=method, headers=headers)
        for attempt in range(5):
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    return json.loads(response.read())
            except urllib.error.HTTPError as error:
                if error.code == 429:  # throttled: wait as told, then retry with the same key
                    time.sleep(int(error.headers.get("Retry-After", "5")))
                    continue
                raise SystemExit(f"{method} {path}: {error.code} {error.read()[:500]!r}") from error
            except urllib.error.URLError:
                time.sleep(2 ** attempt)  # the network failed: the same key makes the retry safe
        raise SystemExit(f"{method} {path}: gave up")


def application_body(number: str) -> dict:
    return {"category": "private_claim", "region": "KZ-75", "document_kind": "writ", "document_number": number,
            "creditor": {"kind": "legal_entity", "name": "АО «Банк»", "iin_bin": "940140000385"},
            "debtor": {"kind": "individual", "name": "Иванов Иван", "iin_bin": "791028302728",
                       "address": "г. Алматы, ул. Абая, 1"},
            "court_name": "Медеуский районный суд", "court_case_number": "7585-24-00-2/101",
            "decision_date": "2026-01-10", "decision_effective_date": "2026-02-10",
            "document_issued_at": "2026-02-20", "amount_kzt": "125000.00"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("scans", nargs="+", type=Path)
    args = parser.parse_args()
    portal = Portal(args.url, args.username, args.password)
    scans = {path.stem: path for path in args.scans}
    for start in range(0, len(scans), 500):
        numbers = list(scans)[start:start + 500]
        batch = portal.call("POST", "applications/batch/", {"applications": [application_body(n) for n in numbers]})
        ids = []
        for result in batch["results"]:
            if "errors" in result:
                print("row", result["index"], result["errors"])
                continue
            number = numbers[result["index"]]
            portal.call("POST", f"applications/{result['id']}/documents/", {"kind": "decision_scan"},
                        files={"file": (scans[number].name, scans[number].read_bytes())})
            ids.append(result["id"])
        for result in portal.call("POST", "applications/batch/submit/", {"ids": ids})["results"]:
            print(result["id"], result.get("reference") or result.get("errors"))
    cursor = 0  # keep the last event id you processed; start from it next time
    while True:
        page = portal.call("GET", f"events/?after={cursor}&page_size=500")
        for event in page["results"]:
            print(event["at"], event["reference"], event["from"], "→", event["to"])
            cursor = event["id"]
        if not page["next"]:
            time.sleep(30)


if __name__ == "__main__":
    main()
