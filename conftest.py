"""Start the embedded PostgreSQL for the test run when no DATABASE_URL is given."""

import os


def pytest_configure(config):
    if os.environ.get("DATABASE_URL"):
        return
    from portal import embedded_db

    embedded_db.acquire()
    config.add_cleanup(embedded_db.release)
