from django.urls import reverse


def test_system_administrators_reach_the_django_admin(login, world):
    response = login(world.system_admin).get(reverse("admin:index"))
    assert response.status_code == 200
    assert login(world.system_admin).get("/admin/organisations/unit/").status_code == 200


def test_other_roles_do_not_reach_the_django_admin(login, world):
    for user in [world.local_admin, world.school_head, world.teacher]:
        response = login(user).get(reverse("admin:index"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
