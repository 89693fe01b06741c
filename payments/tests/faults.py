"""Tools of the payment fault tests: real threads that race, a real Celery
worker in its own process to kill, and waiting for what other threads and
processes do to the database."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import redis
from django.conf import settings
from django.db import connection, transaction
from kombu.transport.redis import Channel as RedisChannel
from oscar.core.loading import get_model

OrderNotification = get_model("order", "OrderNotification")
Transaction = get_model("payment", "Transaction")


def eventually(check: Callable[[], Any], *, timeout: float = 30.0) -> Any:
    """Return the first true value of check(), asking again until `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            assert value, f"still not true after {timeout} s: {check.__doc__ or check}"
            return value
        time.sleep(0.05)


def race(calls: list[Callable[[], object]], *, timeout: float = 120.0) -> list[str]:
    """Run every call at once, each in its own thread and database connection.

    Returns each call's outcome in order: "ok", or the name and message of
    what it raised (a deadlock or a constraint is an outcome like another).
    """
    barrier = threading.Barrier(len(calls))
    outcomes = ["did not finish"] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            call()
            outcomes[index] = "ok"
        except Exception as error:  # every failure is an outcome
            outcomes[index] = f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes


def payment_outcome(order, server) -> dict[str, Any]:
    """Sum up what became of an order's payment, here and at the local Stripe."""
    order.refresh_from_db()
    sources = list(order.sources.all())
    sessions = [server.store.sessions.get(source.reference) for source in sources]
    intents = {session["payment_intent"] for session in sessions if session}
    return {
        "status": order.status,
        "parts": sorted(set(order.parts.values_list("status", flat=True))),
        "order_placed": OrderNotification._default_manager.filter(
            order=order, kind="order_placed"
        ).count(),
        "debits": Transaction._default_manager.filter(
            source__order=order, txn_type="Debit"
        ).count(),
        "debited": sum(source.amount_debited for source in sources),
        "refunded": sum(source.amount_refunded for source in sources),
        "charges": [
            charge["amount"]
            for charge in list(server.store.charges.values())
            if charge["payment_intent"] in intents
        ],
        "refunds": [
            refund["amount"]
            for refund in list(server.store.refunds.values())
            if refund["payment_intent"] in intents
        ],
    }


def tests_database_url() -> str:
    """Return the URL of the test database this process uses, for another one."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


@contextmanager
def worker_process(stripe_server) -> Iterator[subprocess.Popen]:
    """Run a real Celery worker in its own process, on the test database, the
    Redis broker and the local Stripe; kill it at the end if it still runs."""
    env = {
        **os.environ,
        "DATABASE_URL": tests_database_url(),
        "STRIPE_API_BASE": stripe_server.url,
        "STRIPE_SECRET_KEY": settings.STRIPE_SECRET_KEY,
        "STRIPE_WEBHOOK_SECRET": settings.STRIPE_WEBHOOK_SECRET,
        # Mail the worker might relay stays in its memory.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "--app=marketplace",
        "worker",
        "--pool=solo",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=WARNING",
    ]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        _unacknowledged_forget()


def _unacknowledged_forget() -> None:
    """Forget the task a killed worker held: the Redis transport would hand it
    to another worker once its visibility timeout passes (an hour), and in a
    later test database its event id may name another test's event. In
    production that redelivery is welcome; the retry job does not rely on it.
    """
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(RedisChannel.unacked_key, RedisChannel.unacked_index_key)
    broker.close()


def backends_waiting_for_a_lock() -> list[tuple[int, bool]]:
    """Return the other connections to this database waiting for a row lock:
    each one's process id and whether its transaction has written anything."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_xid IS NOT NULL FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND wait_event_type = 'Lock'"
        )
        return cursor.fetchall()


def backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 1


@contextmanager
def rows_locked(queryset) -> Iterator[None]:
    """Hold the queryset's rows locked (`SELECT ... FOR UPDATE`) from a connection
    of their own, in an open transaction, until the block ends.

    Only the rows themselves: not those of the tables a default ordering joins.
    """
    ready, release, failed = threading.Event(), threading.Event(), []

    def hold() -> None:
        try:
            with transaction.atomic():
                list(queryset.select_for_update(of=("self",)).order_by("pk"))
                ready.set()
                release.wait(timeout=120)
                transaction.set_rollback(True)
        except Exception as error:  # reported to the test below
            failed.append(error)
            ready.set()
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    ready.wait(timeout=30)
    assert not failed, failed
    try:
        yield
    finally:
        release.set()
        holder.join(timeout=30)


def started(call: Callable[[], object]) -> Callable[[], str]:
    """Start `call` in a thread of its own; return a function that waits for it
    and returns its outcome, as race() does."""
    outcome = ["did not finish"]

    def run() -> None:
        try:
            call()
            outcome[0] = "ok"
        except Exception as error:  # every failure is an outcome
            outcome[0] = f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()

    def result() -> str:
        thread.join(timeout=120)
        return outcome[0]

    return result


class PauseAt:
    """Hold a thread back before the first SQL statement that `at` picks.

    Install it with `connection.execute_wrapper(pause)` in that thread:
    `paused` is set when the thread stops there, and it goes on once `go` is
    set. It stands for a busy machine's scheduler, which may stop a thread
    between any two statements; `at(sql, connection)` names which two.
    """

    def __init__(self, at: Callable[[str, Any], bool]) -> None:
        self.at = at
        self.paused = threading.Event()
        self.go = threading.Event()

    def __call__(self, execute, sql, params, many, context):
        if not self.paused.is_set() and self.at(sql, context["connection"]):
            self.paused.set()
            self.go.wait(timeout=60)
        return execute(sql, params, many, context)


def outside_a_transaction(sql: str, connection) -> bool:
    """The first statement after a commit, for a thread that starts in one."""
    return not connection.in_atomic_block


def reading_payment_sources(sql: str, connection) -> bool:
    return sql.lstrip().startswith("SELECT") and 'FROM "payment_source"' in sql
