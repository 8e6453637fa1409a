from django.urls import reverse


def test_it_speaks_swedish_whatever_the_browser_prefers(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "sv"
    assert "Logga in på samordna" in response.content.decode()


def test_it_switches_to_english_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/logga-in/"})
    assert response.url == "/logga-in/"
    assert "Log in to samordna" in client.get(reverse("accounts:login")).content.decode()
    client.post(reverse("set_language"), {"language": "sv"})
    assert "Logga in på samordna" in client.get(reverse("accounts:login")).content.decode()


def test_it_ignores_an_unknown_language(client, db):
    client.cookies["django_language"] = "xx"
    assert "Logga in på samordna" in client.get(reverse("accounts:login")).content.decode()


def test_the_accessibility_statement_is_linked_from_every_page(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert reverse("core:accessibility") in body
    statement = client.get(reverse("core:accessibility")).content.decode()
    assert "Tillgänglighetsredogörelse" in statement
