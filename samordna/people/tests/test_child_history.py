from django.urls import reverse

from samordna.audit.models import AccessLog, Action
from samordna.people.models import Child
from samordna.people.tests.helpers import edit_post_data, registration_data


def label(name):
    return Child._meta.get_field(name).verbose_name


def test_it_lists_who_changed_which_fields_newest_first(login, world):
    client = login(world.teacher)
    client.post(
        reverse("people:child_register"), registration_data(identity_number="20140312-9826")
    )
    child = Child.objects.get()
    edit = reverse("people:child_edit", args=[child.pk])
    client.post(edit, edit_post_data(child, street_address="Nya vägen 1", phone="0999-1"))
    child.refresh_from_db()
    client.post(edit, edit_post_data(child, units=[world.school.pk]))

    response = client.get(reverse("people:child_history", args=[child.pk]))

    assert response.status_code == 200
    changes = response.context["changes"]
    assert changes[-1]["record"].history_type == "+"
    assert changes[0]["fields"] == [label("units")]
    # Saving the units writes a record of its own, after the one for the other fields.
    fields = [set(entry["fields"]) for entry in changes]
    assert fields.index({label("street_address"), label("phone")}) > 0
    assert {entry["record"].history_user for entry in changes} == {world.teacher}
    assert world.teacher.get_full_name() in response.content.decode()


def test_it_logs_one_view_row(login, world):
    client = login(world.teacher)
    client.post(
        reverse("people:child_register"), registration_data(identity_number="20140312-9826")
    )
    child = Child.objects.get()
    before = AccessLog.objects.count()

    client.get(reverse("people:child_history", args=[child.pk]))

    row = AccessLog.objects.order_by("id").last()
    assert AccessLog.objects.count() == before + 1
    assert (row.child_id, row.action, row.object_type) == (child.pk, Action.VIEW, "people.child")


def test_it_answers_404_to_another_unit(login, world):
    login(world.teacher).post(
        reverse("people:child_register"), registration_data(identity_number="20140312-9826")
    )
    child = Child.objects.get()
    response = login(world.psychologist).get(reverse("people:child_history", args=[child.pk]))
    assert response.status_code == 404
