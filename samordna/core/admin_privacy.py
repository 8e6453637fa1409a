"""The admin shows no child's data, not even on its delete pages.

A delete page lists every object the deletion would take along or is blocked by, each by
name: for a unit its children and their guardians, for a user "SIP for <child>". System
administrators manage accounts and organisations, not cases, so those pages give counts.
"""

from collections import Counter

from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.utils.text import capfirst


class CountsOnDeletePage:
    def get_deleted_objects(self, objs, request):
        _named, counts, perms_needed, _protected = super().get_deleted_objects(objs, request)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        protected = Counter(str(obj._meta.verbose_name_plural) for obj in collector.protected)
        return (
            [f"{capfirst(name)}: {count}" for name, count in counts.items()],
            counts,
            perms_needed,
            [f"{capfirst(name)}: {count}" for name, count in protected.items()],
        )
