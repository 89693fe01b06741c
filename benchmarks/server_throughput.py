"""Requests per second and 95th-percentile latency of the storefront's main pages.

Runs gunicorn with 2 workers and production settings (DEBUG off, WhiteNoise
serving the collected static files) against the database in DATABASE_URL
(default: this machine's PostgreSQL, database "marketplace", with the demo
data loaded: `manage.py demo_data`), then drives each page with wrk in the
same run as a static file, and counts each page's SQL queries.

    .venv/bin/python benchmarks/server_throughput.py [--seconds 10] [--connections 8]

Needs wrk (apt-get install wrk).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
# wrk prints its own percentiles only at fixed points; this reports the 95th.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("p95_ms %.2f\\n", latency:percentile(95) / 1000))
  io.write(string.format("non2xx %d\\n", summary.errors.status))
end
"""


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/marketplace")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
    env.update(
        DEBUG="0",
        SECRET_KEY="benchmark-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        MARKETPLACE_HTTPS="0",
        DJANGO_SETTINGS_MODULE="marketplace.settings",
    )
    return env


def pages(env: dict[str, str]) -> dict[str, str]:
    """Pick a category, a product and a search term from the loaded demo data,
    and count each page's queries with Django's test client."""
    code = """
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from oscar.core.loading import get_model
Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
with translation.override("ru"):
    urls = {
        "home": "/ru/",
        "category": Category.objects.filter(depth=2).first().get_absolute_url(),
        "product": (
            Product.objects.filter(stockrecords__market="RU").first().get_absolute_url()
        ),
        "search": "/ru/search/?q=%D0%BC%D1%91%D0%B4",
    }
client = Client(HTTP_HOST="127.0.0.1")
queries = {}
for name, url in urls.items():
    client.get(url, follow=True)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, follow=True)
    urls[name] = response.redirect_chain[-1][0] if response.redirect_chain else url
    queries[name] = len(captured)
print(json.dumps({"urls": urls, "queries": queries}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    import json

    return json.loads(out.strip().splitlines()[-1])


def static_url(env: dict[str, str]) -> str:
    manifest = Path(env.get("STATIC_ROOT", ROOT / "var/static")) / "staticfiles.json"
    import json

    paths = json.loads(manifest.read_text())["paths"]
    return "/static/" + paths["oscar/css/styles.css"]


def wrk(url: str, seconds: int, connections: int, script: str) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p95 = float(re.search(r"p95_ms ([\d.]+)", out).group(1))
    errors = int(re.search(r"non2xx (\d+)", out).group(1))
    return {"rps": rps, "p95": p95, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    env = environment()
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    measured = pages(env)
    gunicorn = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "marketplace.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _attempt in range(100):
            try:
                urllib.request.urlopen(base + static_url(env), timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        targets = dict(measured["urls"])
        targets["static file"] = static_url(env)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        print(
            f"gunicorn 2 workers, wrk {args.connections} connections, "
            f"{args.seconds} s per page"
        )
        header = ("page", "req/s", "p95 ms", "queries", "non-2xx")
        print("{:<12} {:>8} {:>8} {:>8} {:>8}  url".format(*header))
        for name, path in targets.items():
            result = wrk(base + path, args.seconds, args.connections, script.name)
            queries = measured["queries"].get(name, "-")
            print(
                f"{name:<12} {result['rps']:>8.1f} {result['p95']:>8.1f} "
                f"{queries:>8} {result['errors']:>8}  {path}"
            )
    finally:
        gunicorn.terminate()
        gunicorn.wait()


if __name__ == "__main__":
    main()
