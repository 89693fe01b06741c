"""Requests per second and 95th-percentile latency of the storefront's main pages.

Drives home, a category, a product and search results with wrk under
gunicorn (2 workers, production settings; see production_server.py), in the
same run as a static file served by the same server, and counts each page's
SQL queries with Django's test client.

    .venv/bin/python benchmarks/server_throughput.py [--seconds 10] [--connections 8]

Needs wrk (apt-get install wrk) and the demo data (manage.py demo_data).
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_server import django_json, production_server, static_path

# wrk prints its own percentiles only at fixed points; this reports the 95th.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("p95_ms %.2f\\n", latency:percentile(95) / 1000))
  io.write(string.format("non2xx %d\\n", summary.errors.status))
end
"""

PAGES = """
import json
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
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    queries[name] = len(captured)
print(json.dumps({"urls": urls, "queries": queries}))
"""


def wrk(url: str, seconds: int, connections: int, script: str) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p95": float(re.search(r"p95_ms ([\d.]+)", out).group(1)),
        "errors": int(re.search(r"non2xx (\d+)", out).group(1)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    with production_server() as base:
        measured = django_json(PAGES)
        targets = {**measured["urls"], "static file": static_path("oscar/favicon.ico")}
        print(
            f"gunicorn 2 workers, wrk {args.connections} connections, "
            f"{args.seconds} s per page"
        )
        header = ("page", "req/s", "p95 ms", "queries", "non-2xx")
        print("{:<12} {:>8} {:>8} {:>8} {:>8}  url".format(*header))
        for name, path in targets.items():
            result = wrk(base + path, args.seconds, args.connections, script.name)
            print(
                f"{name:<12} {result['rps']:>8.1f} {result['p95']:>8.1f} "
                f"{measured['queries'].get(name, '-'):>8} {result['errors']:>8}  {path}"
            )


if __name__ == "__main__":
    main()
