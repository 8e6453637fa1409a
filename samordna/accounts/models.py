import unicodedata
from functools import cached_property

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGER = "manager", _("Manager")
    LOCAL_ADMIN = "local_admin", _("Local administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Roles that work with children. Administrators manage accounts, not cases: no reason to read.
CHILD_DATA_ROLES = frozenset({Role.CASEWORKER, Role.COORDINATOR, Role.MANAGER})


def normalise_login(value: str) -> str:
    """The one spelling of a login name (an e-mail address): stored, looked up exactly, and
    counted by the lockout. NFKC and case folding make "ſ", "S" and the full-width "Ｓ" an
    "s", so no other spelling reaches the account or buys more tries at it; spellings that
    stay different ("ı", the dotless i) name no account. Never ask the database to fold
    case: PostgreSQL's UPPER folds more than Python does."""
    return unicodedata.normalize("NFKC", value.strip()).casefold()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=normalise_login(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        return self.get(email=normalise_login(username))


class User(AbstractBaseUser):
    """A member of staff. Logs in with e-mail and password; rights come from memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["given_name", "family_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.get_full_name()

    @classmethod
    def normalize_username(cls, username: str) -> str:
        """Django's hook, called by clean(): every model form (the admin's too) stores the
        address normalised."""
        return normalise_login(username)

    def get_full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def get_short_name(self) -> str:
        return self.given_name

    @cached_property
    def roles_by_unit(self) -> dict[int, str]:
        """Unit id → the user's role there (one per unit). The acting-unit middleware fills it
        from the memberships it reads anyway, so a request asks the database once."""
        return dict(self.memberships.values_list("unit_id", "role"))

    @property
    def roles(self) -> set[str]:
        return set(self.roles_by_unit.values())

    @property
    def is_system_admin(self) -> bool:
        return self.is_active and Role.SYSTEM_ADMIN in self.roles

    # The Django admin is for system administrators only: they hold every admin right.
    @property
    def is_staff(self) -> bool:
        return self.is_system_admin

    @property
    def is_superuser(self) -> bool:
        return self.is_system_admin

    def has_perm(self, perm, obj=None) -> bool:
        return self.is_system_admin

    def has_perms(self, perm_list, obj=None) -> bool:
        return self.is_system_admin

    def has_module_perms(self, app_label) -> bool:
        return self.is_system_admin


class MembershipQuerySet(models.QuerySet):
    def for_principal(self, principal) -> "MembershipQuerySet":
        return self.filter(unit__principal=principal)


class Membership(models.Model):
    """A user's role at one unit. A user may belong to several units."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(
        _("job title"), max_length=100, blank=True, help_text=_("For example kurator.")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="membership_one_role_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.unit}"

    @property
    def works_with_children(self) -> bool:
        return self.role in CHILD_DATA_ROLES
