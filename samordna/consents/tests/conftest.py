"""A plan with a child and two guardians, started by the school; uploads go to a temp dir."""

import pytest

from samordna.consents.tests.helpers import make_plan


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def plan(world):
    return make_plan(world)
