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


# What each role may do: a new role is one row here. Menus, start page panels and access
# checks ask for a capability, never for a role.
WORKS_WITH_CHILDREN = "works_with_children"  # may be given a reason to read a child's data
REVIEWS_LOG = "reviews_log"  # reviews the read log of its principal
ADMINISTERS_USERS = "administers_users"  # the accounts and memberships of its principal
ADMINISTERS_SYSTEM = "administers_system"  # every principal, the Django admin, the worker

CAPABILITIES = {
    Role.CASEWORKER: frozenset({WORKS_WITH_CHILDREN}),
    Role.COORDINATOR: frozenset({WORKS_WITH_CHILDREN}),
    Role.MANAGER: frozenset({WORKS_WITH_CHILDREN, REVIEWS_LOG}),
    Role.LOCAL_ADMIN: frozenset({ADMINISTERS_USERS}),
    Role.SYSTEM_ADMIN: frozenset({ADMINISTERS_USERS, ADMINISTERS_SYSTEM}),
}


def roles_that(capability: str) -> frozenset[str]:
    return frozenset(role for role, can in CAPABILITIES.items() if capability in can)


# Administrators manage accounts, not cases: no reason to read a child's data.
CHILD_DATA_ROLES = roles_that(WORKS_WITH_CHILDREN)


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

    def may(self, capability: str) -> bool:
        """Whether any of the user's roles, at any unit, carries the capability."""
        return self.is_active and any(capability in CAPABILITIES[role] for role in self.roles)

    @property
    def is_system_admin(self) -> bool:
        return self.may(ADMINISTERS_SYSTEM)

    @property
    def administers_users(self) -> bool:
        return self.may(ADMINISTERS_USERS)

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

    def child_staff(self, units) -> "MembershipQuerySet":
        """Active users who work with children (CHILD_DATA_ROLES) at any of the units: the one
        rule for who may be chosen, invited or told about a child's plan."""
        return self.filter(unit__in=units, role__in=CHILD_DATA_ROLES, user__is_active=True)


def child_staff(units):
    """The users of MembershipQuerySet.child_staff, each once."""
    return User.objects.filter(pk__in=Membership.objects.child_staff(units).values("user"))


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
    def capabilities(self) -> frozenset[str]:
        return CAPABILITIES[self.role]

    @property
    def works_with_children(self) -> bool:
        return WORKS_WITH_CHILDREN in self.capabilities

    @property
    def reviews_log(self) -> bool:
        return REVIEWS_LOG in self.capabilities


class UserSession(models.Model):
    """A session a user is logged in with, as their own session page lists it: where it came
    from and when it was last used (samordna.accounts.sessions keeps it up to date). It is
    deleted with Django's session row: at logout, when the session is ended from the page or
    by a new password, and by clearsessions once expired."""

    session = models.OneToOneField(
        "sessions.Session", on_delete=models.CASCADE, related_name="+", verbose_name=_("session")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("user")
    )
    started = models.DateTimeField(_("logged in"))
    last_active = models.DateTimeField(_("last active"))
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-last_active"]

    def __str__(self) -> str:
        return f"{self.user} – {self.browser}"

    @property
    def browser(self) -> str:
        """ "Firefox on Windows", from the user agent's well-known words."""
        agent = self.user_agent
        name = next((n for word, n in BROWSERS if word in agent), None)
        system = next((s for word, s in SYSTEMS if word in agent), None)
        if name and system:
            return _("%(browser)s on %(system)s") % {"browser": name, "system": system}
        return name or system or _("Unknown browser")


# The first word found names it: Edge and Opera also say Chrome, Chrome also says Safari,
# an iPhone says "like Mac OS X" and Android says Linux.
BROWSERS = [
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("Windows", "Windows"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


class MembershipChange(models.Model):
    """A role given or taken away at a unit, by whom and when: the record the principal's
    managers read. Append-only: database triggers refuse UPDATE and DELETE
    (accounts/triggers.py). A changed role is recorded as the old one taken away and the new
    one given."""

    class Change(models.TextChoices):
        ADDED = "added", _("Given")
        REMOVED = "removed", _("Taken away")

    at = models.DateTimeField(_("time"), auto_now_add=True)
    changed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    change = models.CharField(_("change"), max_length=10, choices=Change.choices)

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["unit", "-at"], name="membershipchange_unit_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.change} {self.role}"
