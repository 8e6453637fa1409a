"""Capabilities on roles (issue 13 §8): a role is one row of CAPABILITIES, and menus, start
page panels and access checks ask for a capability, never for a role by name."""

import re
from pathlib import Path

import samordna
from samordna.accounts.models import CAPABILITIES, CHILD_DATA_ROLES, REVIEWS_LOG, Role

ROOT = Path(samordna.__file__).parent


def test_every_role_has_its_row_of_capabilities():
    assert set(CAPABILITIES) == set(Role)
    assert {Role.CASEWORKER, Role.COORDINATOR, Role.MANAGER} == CHILD_DATA_ROLES
    assert {role for role in Role if REVIEWS_LOG in CAPABILITIES[role]} == {Role.MANAGER}


def test_no_template_or_module_asks_for_a_role_by_name():
    role_names = "|".join(role.value for role in Role)
    asked = re.compile(rf"""role\s*(==|!=)\s*(['"]({role_names})['"]|Role\.)""")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [*ROOT.rglob("*.html"), *ROOT.rglob("*.py")]
        if "tests" not in path.parts and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if asked.search(line)
    ]
    assert found == []


def panels(response) -> list[str]:
    return [panel["template"].split("/")[-1] for panel in response.context["panels"]]


def menu(response) -> str:
    return response.content.decode().split("</nav>")[0]


def test_the_menu_and_the_start_page_follow_the_capabilities(world, login):
    manager = login(world.school_head).get("/")
    assert "Logggranskning" in menu(manager) and "Barn" in menu(manager)
    assert panels(manager) == ["plans.html", "children.html", "principal.html", "unit.html"]
    caseworker = login(world.teacher).get("/")
    assert "Logggranskning" not in menu(caseworker) and "Användare" not in menu(caseworker)
    assert panels(caseworker) == ["plans.html", "children.html", "unit.html"]
    admin = login(world.local_admin).get("/")
    assert "Användare" in menu(admin) and "Barn" not in menu(admin)
    assert panels(admin) == ["users.html", "unit.html"]
