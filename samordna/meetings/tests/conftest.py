import pytest
from django.test import Client

from samordna.people.tests.helpers import make_child, make_guardian
from samordna.plans.models import Preparation
from samordna.plans.tests.factories import give_consent, make_plan


@pytest.fixture(autouse=True)
def _commit_after_each_request(monkeypatch, django_capture_on_commit_callbacks):
    """Tests run in one transaction; run what a request defers to its commit (queued
    e-mails) when the request ends, as a real commit would."""
    request = Client.request

    def committing(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", committing)


@pytest.fixture
def plan(world):
    """Alva's SIP, started by the school; consent covers the school, social services and
    BUP; the preparation invites BUP's psychologist and the school's kurator (a function)."""
    child = make_child(world.school, given_name="Alva", family_name="Testberg")
    make_guardian(child, given_name="Maja", family_name="Testberg")
    plan = make_plan(child, world.school, world.teacher)
    give_consent(plan, world.school, world.social, world.bup, documented_by=world.teacher)
    preparation = Preparation.objects.create(plan=plan)
    preparation.invited_people.add(world.psychologist)
    preparation.invited_functions.add(world.counsellor)
    return plan


@pytest.fixture
def world_mailbox(world):
    world.school.functional_mailbox = "elevhalsan@testby.example"
    world.school.save()
    return world
