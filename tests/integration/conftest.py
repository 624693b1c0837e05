from tests.matching.reference import reference_data  # noqa: F401 - a fixture for transactional tests
