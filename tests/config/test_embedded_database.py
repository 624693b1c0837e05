"""`make run` without DATABASE_URL: every migration and the demo data work on SQLite, the embedded default."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": f"sqlite:///{database}"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_new_sqlite_database_migrates_and_takes_the_demo_data_without_warnings(tmp_path):
    database = tmp_path / "db.sqlite3"
    migrated = manage(database, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    assert "WARNING" not in migrated.stderr + migrated.stdout
    seeded = manage(database, "seed_demo", "--if-empty")
    assert seeded.returncode == 0, seeded.stderr
    assert "Demo data ready" in seeded.stdout
    applied = manage(database, "showmigrations", "--plan")
    assert "[ ]" not in applied.stdout and "[X]" in applied.stdout
