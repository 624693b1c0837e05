import pytest

from tests.factories import OrganisationFactory, municipality

REGION_POSTCODES = {
    "antwerpen": "2000",
    "brussel": "1000",
    "limburg": "3500",
    "oost-vlaanderen": "9000",
    "vlaams-brabant": "3000",
    "west-vlaanderen": "8000",
}


@pytest.fixture
def organisations_by_region(db):
    """One organisation in each of the six regions."""
    return {
        region: OrganisationFactory(name=f"OCMW {region}", municipality=municipality(postcode))
        for region, postcode in REGION_POSTCODES.items()
    }


@pytest.fixture
def run_command(monkeypatch):
    """Run a management command the way the shell does and return its exit code.

    `run_from_argv` closes the database connections when done; the test's transaction needs them open.
    """
    from django.core.management import ManagementUtility
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*argv) -> int:
        try:
            ManagementUtility(["manage.py", *map(str, argv)]).execute()
        except SystemExit as exit:
            return exit.code
        return 0

    return run
