"""Roles are given by someone else, and every change is recorded for the principal's managers
(issue 14 §5): a local administrator cannot make herself a caseworker and read children."""

import pytest
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from conftest import make_user
from samordna.accounts.models import Membership, MembershipChange, Role
from samordna.notifications.models import Notification, NotificationPreference

OWN_ROLES = "Du kan inte ändra dina egna roller. Be en annan administratör."


def add_role(client, user, unit, role, **fields):
    data = {"unit": unit.pk, "role": role, "title": "", **fields}
    return client.post(reverse("accounts:membership_add", args=[user.pk]), data, follow=True)


def recorded(user):
    return list(
        MembershipChange.objects.filter(user=user)
        .order_by("id")
        .values_list("changed_by__email", "change", "role", "unit__name")
    )


@pytest.mark.parametrize("admin", ["local_admin", "system_admin"])
def test_nobody_gives_themselves_a_role(login, world, admin):
    admin = getattr(world, admin)
    client = login(admin)

    response = add_role(client, admin, world.social, Role.CASEWORKER)

    assert OWN_ROLES in response.content.decode()
    assert not admin.memberships.filter(role=Role.CASEWORKER).exists()
    assert recorded(admin) == []
    # The child list stays closed to her.
    assert client.get(reverse("people:child_list")).status_code == 404


def test_nobody_takes_away_or_changes_their_own_role(login, world):
    client = login(world.local_admin)
    own = world.local_admin.memberships.get()

    removed = client.post(
        reverse("accounts:membership_remove", args=[world.local_admin.pk, own.pk]), follow=True
    )
    changed = add_role(client, world.local_admin, world.social, Role.MANAGER)

    assert OWN_ROLES in removed.content.decode() and OWN_ROLES in changed.content.decode()
    own.refresh_from_db()
    assert own.role == Role.LOCAL_ADMIN
    assert recorded(world.local_admin) == []


def test_ones_own_page_offers_no_role_forms(login, world):
    response = login(world.local_admin).get(
        reverse("accounts:user_detail", args=[world.local_admin.pk])
    )

    body = response.content.decode()
    assert OWN_ROLES in body
    assert reverse("accounts:membership_add", args=[world.local_admin.pk]) not in body
    assert "Ta bort rollen" not in body


def test_the_django_admin_shows_roles_but_changes_none(login, world):
    url = reverse("admin:accounts_user_change", args=[world.system_admin.pk])
    client = login(world.system_admin)
    assert "Socialtjänsten Testby" in client.get(url).content.decode()

    client.post(
        url,
        {
            "email": world.system_admin.email,
            "given_name": "Drift",
            "family_name": "Testsson",
            "phone": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-unit": world.school.pk,
            "memberships-0-role": Role.CASEWORKER,
            "memberships-0-title": "",
        },
    )

    assert list(world.system_admin.memberships.values_list("role", flat=True)) == [
        Role.SYSTEM_ADMIN
    ]


def test_every_role_given_changed_or_taken_is_recorded(login, world):
    client = login(world.local_admin)

    add_role(client, world.teacher, world.social, Role.CASEWORKER)
    add_role(client, world.teacher, world.social, Role.COORDINATOR)
    add_role(client, world.teacher, world.social, Role.COORDINATOR, title="Samordnare")
    membership = Membership.objects.get(user=world.teacher, unit=world.social)
    client.post(reverse("accounts:membership_remove", args=[world.teacher.pk, membership.pk]))

    admin, unit = world.local_admin.email, world.social.name
    assert recorded(world.teacher) == [
        (admin, "added", Role.CASEWORKER, unit),
        (admin, "removed", Role.CASEWORKER, unit),
        (admin, "added", Role.COORDINATOR, unit),
        (admin, "removed", Role.COORDINATOR, unit),
    ]


def test_a_new_users_first_role_is_recorded(login, world):
    login(world.local_admin).post(
        reverse("accounts:user_create"),
        {
            "email": "ny.kurator@testby.example",
            "given_name": "Nova",
            "family_name": "Kurator",
            "phone": "",
            "unit": world.school.pk,
            "role": Role.CASEWORKER,
            "title": "Kurator",
        },
    )

    change = MembershipChange.objects.get(user__email="ny.kurator@testby.example")
    assert (change.changed_by, change.unit, change.role, change.change) == (
        world.local_admin,
        world.school,
        Role.CASEWORKER,
        "added",
    )


def _refused(operation) -> bool:
    # A savepoint: on PostgreSQL a failed statement would abort the test's transaction.
    try:
        with transaction.atomic():
            operation()
    except DatabaseError:
        return True
    return False


def test_the_record_cannot_be_changed_or_deleted(login, world):
    add_role(login(world.local_admin), world.teacher, world.social, Role.CASEWORKER)
    change = MembershipChange.objects.get()

    def raw(sql):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, [change.pk])

        return run

    assert _refused(lambda: MembershipChange.objects.filter(pk=change.pk).update(role="manager"))
    assert _refused(lambda: MembershipChange.objects.filter(pk=change.pk).delete())
    assert _refused(
        raw("UPDATE accounts_membershipchange SET changed_by_id = user_id WHERE id = %s")
    )
    assert _refused(raw("DELETE FROM accounts_membershipchange WHERE id = %s"))
    assert MembershipChange.objects.get().changed_by == world.local_admin


def test_the_principals_managers_read_the_changes_and_no_one_else(login, world):
    add_role(login(world.local_admin), world.teacher, world.social, Role.CASEWORKER)
    url = reverse("audit:role_changes")

    body = login(world.school_head).get(url).content.decode()
    for text in [
        "Admin Testsson",
        "Larare Testsson",
        "Tilldelad",
        "Handläggare",
        "Socialtjänsten Testby",
    ]:
        assert text in body

    region_manager = make_user("chef@testland.example", world.bup, Role.MANAGER)
    other = login(region_manager).get(url)
    assert other.status_code == 200
    assert "Larare Testsson" not in other.content.decode()
    for user in [world.teacher, world.local_admin, world.system_admin]:
        assert login(user).get(url).status_code == 404


def test_a_role_that_works_with_children_is_told_to_the_units_managers(
    login, world, django_capture_on_commit_callbacks
):
    manager = make_user("chef.soc@testby.example", world.social, Role.MANAGER)
    digest = make_user("bitr.chef@testby.example", world.social, Role.MANAGER)
    NotificationPreference.objects.create(
        user=digest, email=NotificationPreference.Email.DAILY_DIGEST
    )
    # A manager elsewhere who is a caseworker at the unit is not its manager.
    Membership.objects.create(user=world.school_head, unit=world.social, role=Role.CASEWORKER)

    with django_capture_on_commit_callbacks(execute=True):
        add_role(login(world.local_admin), world.teacher, world.social, Role.CASEWORKER)

    text = "Admin Testsson gav Larare Testsson rollen handläggare vid Socialtjänsten Testby."
    told = Notification.objects.filter(kind="role_given")
    assert {(n.user, n.text) for n in told} == {(manager, text), (digest, text)}
    assert told.first().url == reverse("audit:role_changes")
    # E-mail as each has chosen: now for one, the daily digest for the other.
    assert [message.to for message in mail.outbox] == [[manager.email]]
    assert mail.outbox[0].subject == "En ny roll vid er enhet"
    assert text in mail.outbox[0].body


def test_a_unit_without_a_manager_has_the_principals_managers_told(login, world):
    add_role(login(world.local_admin), world.teacher, world.social, Role.COORDINATOR)

    assert list(Notification.objects.values_list("user", flat=True)) == [world.school_head.pk]


def test_an_administrators_role_is_recorded_without_a_notification(login, world):
    make_user("chef.soc@testby.example", world.social, Role.MANAGER)

    add_role(login(world.local_admin), world.teacher, world.social, Role.LOCAL_ADMIN)

    assert recorded(world.teacher) == [
        (world.local_admin.email, "added", Role.LOCAL_ADMIN, world.social.name)
    ]
    assert not Notification.objects.exists()
