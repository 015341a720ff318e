from motcua.dossiers.tests.conftest import apis  # noqa: F401  (the API personas, shared)
