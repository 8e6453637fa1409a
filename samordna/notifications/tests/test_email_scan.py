"""Every e-mail and notification the SIP actions send says what happened, never about whom."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samordna.accounts.models import Membership
from samordna.consents.tests.helpers import whole_withdrawal
from samordna.notifications.models import Kind, Notification
from samordna.notifications.tests.helpers import (
    assert_no_child_data,
    child_secrets,
    secret_child,
)
from samordna.plans.access import join_token
from samordna.plans.models import JoinRequest
from samordna.plans.tests.content_helpers import book, close, make_plan, share_with
from samordna.plans.tests.factories import give_consent


def test_no_action_puts_the_child_in_a_mail_or_notification(
    login, world, django_capture_on_commit_callbacks
):
    world.social.functional_mailbox = "socialtjansten@testby.example"
    world.social.save()
    child = secret_child(world.school)
    plan = make_plan(world, child=child)
    consent = share_with(plan, world, world.social)
    meeting = book(plan, world, starts_at=timezone.now() - timedelta(hours=1))
    teacher = login(world.teacher)

    with django_capture_on_commit_callbacks(execute=True):
        # The coordinator changes: every unit taking part is told.
        for user, unit in [(world.teacher, world.school), (world.social_worker, world.social)]:
            membership = Membership.objects.get(user=user, unit=unit)
            data = {
                "membership": membership.pk,
                "meeting": meeting.pk,
                "reason": "Träffar barnet varje vecka",
                "confirm_handover": "on",
            }
            teacher.post(reverse("plans:coordinator", args=[plan.pk]), data)
        # BUP asks to take part; the leading unit (now social services) declines.
        login(world.psychologist).post(
            reverse("plans:join_request", args=[join_token(child)]), {"reason": "Vi ser oro"}
        )
        join = JoinRequest.objects.get()
        login(world.social_worker).post(
            reverse("plans:decide_join", args=[plan.pk, join.pk]), {"decision": "decline"}
        )
        # Consent is withdrawn: the SIP closes.
        login(world.social_worker).post(
            reverse("consents:withdraw", args=[plan.pk, consent.pk]),
            whole_withdrawal(consent),
        )

    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {
        Kind.COORDINATOR_CHANGED,
        Kind.JOIN_REQUEST,
        Kind.JOIN_ANSWER,
        Kind.CONSENT_WITHDRAWN,
    }
    assert any(m.to == ["socialtjansten@testby.example"] for m in mail.outbox)
    assert_no_child_data(mail.outbox, child)
    for text in Notification.objects.values_list("text", flat=True):
        assert not any(secret in text for secret in child_secrets(child))


def test_closing_tells_every_unit_without_the_child(
    login, world, django_capture_on_commit_callbacks
):
    child = secret_child(world.school)
    plan = make_plan(world, child=child)
    give_consent(plan, world.social, world.bup, documented_by=world.teacher)

    with django_capture_on_commit_callbacks(execute=True):
        close(login(world.teacher), plan)

    closed = Notification.objects.filter(kind=Kind.PLAN_CLOSED)
    assert {n.user for n in closed} == {
        world.teacher,
        world.school_head,
        world.social_worker,
        world.psychologist,
    }
    assert {n.url for n in closed} == {reverse("plans:detail", args=[plan.pk])}
    assert_no_child_data(mail.outbox, child)


def test_a_withdrawal_links_to_the_child_list(login, world, django_capture_on_commit_callbacks):
    plan = make_plan(world, child=secret_child(world.school))
    consent = share_with(plan, world, world.social)

    login(world.teacher).post(
        reverse("consents:withdraw", args=[plan.pk, consent.pk]),
        whole_withdrawal(consent),
    )

    urls = set(Notification.objects.values_list("url", flat=True))
    assert urls == {reverse("people:child_list")}
