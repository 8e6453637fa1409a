"""The child page with its read-log insert, against a page that only reads the session.

Run: .venv/bin/python benchmarks/child_page.py [requests]
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/child_page.py
Prints requests per second for both and their ratio; figures go to benchmarks/README.md.
"""

import sys

from _setup import database_name, rate, setup_django


def main(n: int) -> None:
    setup_django()
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samordna.accounts.models import User
    from samordna.audit.models import AccessLog
    from samordna.people.models import Child

    child = Child.objects.get(given_name="Liam")
    client = Client()
    user = User.objects.get(email="sara.ek@sagoby.example")
    client.force_login(user)
    # Both factors, as after typing the app's code: the session names a confirmed device.
    device, _created = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    child_url = f"/barn/{child.pk}/"
    baseline_url = "/tillganglighet/"
    assert client.get(child_url).status_code == 200

    before = AccessLog.objects.count()
    child_rate = rate(lambda: client.get(child_url), n)
    logged = AccessLog.objects.count() - before
    baseline_rate = rate(lambda: client.get(baseline_url), n)
    print(f"database: {database_name()}, {n} requests each, in-process Django test client")
    print(f"baseline page (session + user + acting unit): {baseline_rate:7.0f} req/s")
    print(f"child page (+ access rule + log insert):      {child_rate:7.0f} req/s")
    print(f"ratio child/baseline: {child_rate / baseline_rate:.2f}")
    print(f"log rows written: {logged} (expected {n + min(20, n)})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
