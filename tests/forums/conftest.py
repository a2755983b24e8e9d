import pytest

from tests.forums.factories import make_consultation, make_forum
from tests.personas import make_user


@pytest.fixture
def forum(db):
    return make_forum()


@pytest.fixture
def consultation(forum):
    return make_consultation(forum)


@pytest.fixture
def resident(db):
    return make_user("asukas@example.com")


@pytest.fixture
def section(consultation):
    return consultation.sections.first()
