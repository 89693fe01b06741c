"""Run the site as production does, for the benchmark scripts beside this module.

gunicorn with 2 workers and production settings (DEBUG off, WhiteNoise
serving the collected static files), against DATABASE_URL (default: this
machine's PostgreSQL, database "marketplace", with `manage.py demo_data`
loaded) and REDIS_URL (default: database 3 of this machine's Redis).
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
BASE_URL = f"http://127.0.0.1:{PORT}"


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/marketplace")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
    env.update(
        DEBUG="0",
        SECRET_KEY="benchmark-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        MARKETPLACE_HTTPS="0",
        # Product images come from MEDIA_ROOT, as on a single-machine setup.
        MARKETPLACE_SERVE_MEDIA="1",
        DJANGO_SETTINGS_MODULE="marketplace.settings",
    )
    return env


def django_json(code: str) -> dict:
    """Run Python code with Django set up; return the JSON its last line prints."""
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=environment(),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def static_path(name: str) -> str:
    """The hashed URL path of a collected static file."""
    root = Path(environment().get("STATIC_ROOT", ROOT / "var/static"))
    paths = json.loads((root / "staticfiles.json").read_text())["paths"]
    return "/static/" + paths[name]


@contextmanager
def production_server() -> Iterator[str]:
    """Collect static files, start gunicorn, yield its base URL, stop it."""
    env = environment()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    server = subprocess.Popen(
        [
            sys.executable,
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
        for _attempt in range(100):
            try:
                urllib.request.urlopen(BASE_URL + "/ru/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield BASE_URL
    finally:
        server.terminate()
        server.wait()
