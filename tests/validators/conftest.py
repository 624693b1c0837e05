import shutil
from pathlib import Path

import pytest

from tests.conftest import _missing

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def vnu_jar() -> Path:
    """The Nu Html Checker of the npm package vnu-jar (`npm ci`, as `make test` runs it), on this machine's Java."""
    if not shutil.which("java"):
        _missing("needs Java for the Nu Html Checker (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        _missing(f"needs {VNU_JAR}: run `npm ci`")
    return VNU_JAR


@pytest.fixture
def pa11y_ready() -> Path:
    if not shutil.which("node"):
        _missing("needs Node.js for pa11y (apt-get install nodejs npm)")
    if not (NODE_MODULES / "pa11y").exists():
        _missing(f"needs pa11y in {NODE_MODULES}: run `npm ci`")
    return NODE_MODULES


def language_cookie(client, language: str) -> None:
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
