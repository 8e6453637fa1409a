"""The people a SIP is about: the child and the adults around the child.

Every model here holds a child's personal data, so every query for it goes through
`visible_to(user, unit)` (see samordna/people/access.py).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samordna.people import identity
from samordna.people.access import ChildDataQuerySet, ChildQuerySet


class ProtectedIdentity(models.TextChoices):
    NONE = "", _("No")
    CONFIDENTIALITY_MARKING = "marking", _("Confidentiality marking (sekretessmarkering)")
    PROTECTED_REGISTRATION = "registration", _("Protected registration (skyddad folkbokföring)")


class Language(models.TextChoices):
    """Languages most often needed for letters and interpreters; more can be added."""

    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    SOMALI = "so", _("Somali")
    TIGRINYA = "ti", _("Tigrinya")
    DARI = "prs", _("Dari")
    PERSIAN = "fa", _("Persian")
    KURDISH = "ku", _("Kurdish")
    UKRAINIAN = "uk", _("Ukrainian")
    POLISH = "pl", _("Polish")
    BOSNIAN = "bs", _("Bosnian, Croatian or Serbian")
    FINNISH = "fi", _("Finnish")
    NORTHERN_SAMI = "se", _("Northern Sami")
    OTHER = "other", _("Other")


class ContactDetails(models.Model):
    """Address, phone and e-mail: what protected identity keeps within the registering unit
    (shown and printed only as samordna.documents.postal allows)."""

    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    protected_identity = models.CharField(
        _("protected personal data"),
        max_length=20,
        choices=ProtectedIdentity.choices,
        blank=True,
        default=ProtectedIdentity.NONE,
    )
    registered_by_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by unit"),
    )

    class Meta:
        abstract = True

    @property
    def is_protected(self) -> bool:
        return bool(self.protected_identity)


class Child(ContactDetails):
    """Den enskilde: the child or young person the plan is about."""

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    identity_number = models.CharField(
        _("identity number"),
        max_length=12,
        unique=True,
        help_text=_("Personnummer, samordningsnummer or a reserve number issued by samordna."),
    )
    birth_date = models.DateField(_("birth date"))
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=Language.choices, default=Language.SWEDISH
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    units = models.ManyToManyField(
        "organisations.Unit",
        blank=True,
        related_name="children_attending",
        verbose_name=_("school and other units"),
        help_text=_("The preschool, school or other units the child attends."),
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ChildQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[units])

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["family_name", "given_name"]
        # The child list's keyset order (people/views.py). Name search on PostgreSQL has
        # trigram indexes too (migration 0002: PostgreSQL only, so not declared here).
        indexes = [models.Index(fields=["family_name", "given_name", "id"], name="child_name")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def formatted_identity_number(self) -> str:
        return f"{self.identity_number[:8]}-{self.identity_number[8:]}"

    @property
    def has_reserve_number(self) -> bool:
        return identity.RESERVE_LETTER in self.identity_number


class Guardian(ContactDetails):
    """A vårdnadshavare or särskilt förordnad vårdnadshavare; may have several children."""

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    identity_number = models.CharField(
        _("identity number"), max_length=12, blank=True, help_text=_("Leave empty if unknown.")
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=Language.choices, default=Language.SWEDISH
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    children = models.ManyToManyField(
        Child, through="Guardianship", related_name="guardians", verbose_name=_("children")
    )

    child_path = "guardianships__child"
    objects = ChildDataQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["family_name", "given_name"]
        # One record per guardian within the registering unit, never shared across units:
        # finding another unit's record would reveal that it works with the family.
        constraints = [
            models.UniqueConstraint(
                fields=["registered_by_unit", "identity_number"],
                condition=~Q(identity_number=""),
                name="guardian_unique_identity_number_per_unit",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Guardianship(models.Model):
    class Kind(models.TextChoices):
        GUARDIAN = "guardian", _("Guardian (vårdnadshavare)")
        APPOINTED = "appointed", _("Specially appointed guardian (särskilt förordnad)")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="guardianships")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="guardianships")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GUARDIAN)

    child_path = "child"
    objects = ChildDataQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(fields=["child", "guardian"], name="guardianship_unique")
        ]

    def __str__(self) -> str:
        return f"{self.guardian} – {self.child}"


class Relative(ContactDetails):
    """A närstående the child wants involved in the plan."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="relatives", verbose_name=_("child")
    )
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(
        _("relation to the child"), max_length=100, help_text=_("For example grandmother.")
    )

    child_path = "child"
    objects = ChildDataQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Trustee(ContactDetails):
    """A god man for a child without guardians in Sweden, with the överförmyndare's contact."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="trustees", verbose_name=_("child")
    )
    name = models.CharField(_("name"), max_length=200)
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True)
    chief_guardian = models.CharField(
        _("chief guardian (överförmyndare)"),
        max_length=200,
        help_text=_("The överförmyndare's office that appointed the trustee."),
    )
    chief_guardian_contact = models.CharField(
        _("chief guardian's phone or e-mail"), max_length=200, blank=True
    )

    child_path = "child"
    objects = ChildDataQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trustee (god man)")
        verbose_name_plural = _("trustees (god man)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
