"""Every URL that carries a child, and how to fill it in for one: the matrix and the crawler
walk the same table, so a new URL that is not listed here fails both.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from samordna.people.views import ITEM_KINDS

CHILD_NAMESPACES = ("people", "audit")
KIND_OF = {model: kind for kind, (model, _form) in ITEM_KINDS.items()}


def _child(child) -> list[dict]:
    return [{"pk": child.pk}]


def _kinds(child) -> list[dict]:
    return [{"pk": child.pk, "kind": kind} for kind in ITEM_KINDS]


def _items(child) -> list[dict]:
    items = [*child.guardians.all(), *child.relatives.all(), *child.trustees.all()]
    return [{"pk": child.pk, "kind": KIND_OF[type(item)], "item_pk": item.pk} for item in items]


def _log_extract(child) -> list[dict]:
    return [{"child_pk": child.pk}]


# URL name -> the keyword arguments for one child (one dict per URL to visit).
URL_PARAMETERS = {
    "people:child_detail": _child,
    "people:child_edit": _child,
    "people:child_history": _child,
    "people:child_item_add": _kinds,
    "people:child_item_edit": _items,
    "audit:extract_csv": _log_extract,
    "audit:extract_pdf": _log_extract,
}


def child_url_names() -> set[str]:
    """The names of all routes in CHILD_NAMESPACES with an int parameter, from the resolver."""
    found = set()

    def walk(patterns, namespaces, converters):
        for entry in patterns:
            own = {**converters, **entry.pattern.converters}
            if isinstance(entry, URLResolver):
                inner = [*namespaces, entry.namespace] if entry.namespace else namespaces
                walk(entry.url_patterns, inner, own)
            elif isinstance(entry, URLPattern) and entry.name and namespaces:
                has_int = any(isinstance(c, IntConverter) for c in own.values())
                if has_int and namespaces[0] in CHILD_NAMESPACES:
                    found.add(":".join([*namespaces, entry.name]))

    walk(get_resolver().url_patterns, [], {})
    return found


def named_child_urls(child, namespace: str) -> list[tuple[str, str, dict]]:
    """(name, URL, kwargs) of every routed entry of the namespace in the table for `child`."""
    routed = child_url_names()
    return [
        (name, reverse(name, kwargs=kwargs), kwargs)
        for name, parameters in URL_PARAMETERS.items()
        if name in routed and name.startswith(f"{namespace}:")
        for kwargs in parameters(child)
    ]


def child_urls(child, namespace: str) -> list[str]:
    return [url for _name, url, _kwargs in named_child_urls(child, namespace)]
