"""`make run` and `make test`: prepare the project, then serve it or test it.

    python -m marketplace.launch run   # web server, Celery worker and beat
    python -m marketplace.launch test [pytest args]

Without DATABASE_URL / REDIS_URL, embedded PostgreSQL and Redis are started
under var/ and stopped again on exit. Ctrl-C stops every process started here.
"""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
PYTHON = sys.executable


def compile_messages() -> None:
    """Compile every locale/*/LC_MESSAGES/*.po to .mo.

    polib does what `manage.py compilemessages` does without needing GNU
    gettext, which a fresh machine may not have.
    """
    for po_path in (BASE_DIR / "locale").glob("*/LC_MESSAGES/*.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, check=True)


def prepare(env_defaults: dict[str, str]) -> list[str]:
    """Set the environment, start missing services; return which were embedded."""
    for key, value in env_defaults.items():
        os.environ.setdefault(key, value)
    embedded = [
        name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)
    ]
    if embedded:
        from marketplace.embedded import ensure_services

        ensure_services(VAR_DIR)
    compile_messages()
    return embedded


def finish(embedded: list[str]) -> None:
    if embedded:
        from marketplace.embedded import stop_services

        stop_services(VAR_DIR)


# Without their keys, a local run pays through local stand-ins of Stripe and
# YooKassa (payments.fakes), which speak their APIs, sign Stripe's webhooks
# and show a payment page: cards 4242 4242 4242 4242 (paid) and
# 4000 0000 0000 0002 (declined).
LOCAL_STRIPE = {
    "STRIPE_SECRET_KEY": "sk_test_local",
    "STRIPE_WEBHOOK_SECRET": "whsec_local",
    "STRIPE_API_BASE": "http://127.0.0.1:12111",
}
LOCAL_YOOKASSA = {
    "YOOKASSA_SHOP_ID": "100500",
    "YOOKASSA_SECRET_KEY": "test_secret",
    "YOOKASSA_API_URL": "http://127.0.0.1:12112/v3",
}


def local_payment_providers() -> list[list[str]]:
    """Return the commands of the local providers this run needs, setting their keys."""
    commands = []
    if not os.environ.get("STRIPE_SECRET_KEY"):
        os.environ.update(LOCAL_STRIPE)
        commands.append(
            [
                *(PYTHON, "-m", "payments.fakes.stripe_server", "--port", "12111"),
                *("--webhook-url", "http://127.0.0.1:8000/payments/stripe/webhook/"),
                *("--webhook-secret", LOCAL_STRIPE["STRIPE_WEBHOOK_SECRET"]),
            ]
        )
    if not os.environ.get("YOOKASSA_SHOP_ID"):
        os.environ.update(LOCAL_YOOKASSA)
        commands.append(
            [
                *(PYTHON, "-m", "payments.fakes.yookassa_server", "--port", "12112"),
                *("--shop-id", LOCAL_YOOKASSA["YOOKASSA_SHOP_ID"]),
                *("--secret-key", LOCAL_YOOKASSA["YOOKASSA_SECRET_KEY"]),
            ]
        )
    return commands


def run() -> int:
    embedded = prepare(
        {
            "DEBUG": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        }
    )
    try:
        manage("migrate", "--noinput")
        manage("demo_data")
        celery = [PYTHON, "-m", "celery", "-A", "marketplace"]
        commands = [
            [PYTHON, "manage.py", "runserver", "127.0.0.1:8000"],
            [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
            [*celery, "beat", "--loglevel=INFO"],
            *local_payment_providers(),
        ]
        processes = [subprocess.Popen(command, cwd=BASE_DIR) for command in commands]
        print("Marketplace: http://127.0.0.1:8000/  (Ctrl-C stops everything)")  # noqa: T201
        try:
            while all(process.poll() is None for process in processes):
                with contextlib.suppress(subprocess.TimeoutExpired):
                    processes[0].wait(timeout=1)
        except KeyboardInterrupt:
            pass
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        return 0
    finally:
        finish(embedded)


def test(pytest_args: list[str]) -> int:
    embedded = prepare(
        {"DEBUG": "0", "MARKETPLACE_HTTPS": "0", "MARKETPLACE_SERVE_MEDIA": "1"}
    )
    try:
        manage("collectstatic", "--noinput", "-v0")
        return subprocess.run(
            [PYTHON, "-m", "pytest", *pytest_args], cwd=BASE_DIR
        ).returncode
    finally:
        finish(embedded)


def main() -> int:
    command, *rest = sys.argv[1:] or ["run"]
    if command == "run":
        return run()
    if command == "test":
        return test(rest)
    print(f"Unknown command {command!r}; use run or test.", file=sys.stderr)  # noqa: T201
    return 2


if __name__ == "__main__":
    sys.exit(main())
