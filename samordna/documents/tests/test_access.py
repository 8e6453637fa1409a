"""Every URL of the documents namespace, walked from the resolver: a job is its requester's.

Everyone else, of whatever role and unit, gets 404 for it, the same as for a job that does
not exist. A new URL with an int parameter is covered as soon as it is routed.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from samordna.accounts.models import User
from samordna.documents.tests.test_views import done_job


def document_url_names() -> set[str]:
    found = set()

    def walk(patterns, namespaces, converters):
        for entry in patterns:
            own = {**converters, **entry.pattern.converters}
            if isinstance(entry, URLResolver):
                inner = [*namespaces, entry.namespace] if entry.namespace else namespaces
                walk(entry.url_patterns, inner, own)
            elif isinstance(entry, URLPattern) and namespaces[:1] == ["documents"]:
                assert list(own) == ["pk"] and isinstance(own["pk"], IntConverter), entry
                found.add(f"documents:{entry.name}")

    walk(get_resolver().url_patterns, [], {})
    return found


def test_the_walk_finds_the_urls():
    assert document_url_names() >= {"documents:job", "documents:progress", "documents:download"}


def test_only_the_requester_reaches_a_job(login, world, make_job):
    job = done_job(make_job)
    urls = [reverse(name, kwargs={"pk": job.pk}) for name in sorted(document_url_names())]
    owner = login(world.teacher)
    for url in urls:
        assert owner.get(url).status_code == 200, url
    for user in User.objects.exclude(pk=world.teacher.pk):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.email, url)
