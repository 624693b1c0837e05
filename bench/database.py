import subprocess
import sys

import dj_database_url
import psycopg


def ensure_database(url: str) -> None:
    """Create the benchmark database when missing, then migrate it."""
    config = dj_database_url.parse(url)
    admin = psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], check=True)
