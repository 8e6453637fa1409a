from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from stdnum.se import orgnr


def validate_organisation_number(value: str) -> None:
    if not orgnr.is_valid(value):
        raise ValidationError(
            _("Enter a valid Swedish organisation number, for example 212000-0000."),
            code="invalid",
        )


class Principal(models.Model):
    """A huvudman: the municipal board, region or provider responsible for units.

    A municipality is not one principal: each of its boards (nämnder) is. School and social
    services answer to different boards with secrecy between them, so a consent names each
    board and never "the municipality". The boards share the municipality's organisation
    number, so a principal is unique by (organisation number, board).
    """

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal board or administration")
        REGION = "region", _("Region")
        PRIVATE = "private", _("Private care provider")
        STATE = "state", _("State agency")
        OTHER = "other", _("Other")

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            "The municipality, region, agency or company, for example Sagoby kommun. "
            "A municipality's board goes in its own field below."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    board = models.CharField(
        _("board (nämnd)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Required for a municipality: the board that is the principal, for example "
            "Socialnämnden or Barn- och utbildningsnämnden. Each board is its own principal: "
            "school and social services have secrecy between them even within one "
            "municipality, so register every board separately, each with the "
            "municipality's organisation number, and put its units under it."
        ),
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        validators=[validate_organisation_number],
        help_text=_("The boards of one municipality share the municipality's number."),
    )
    contracted_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contractors",
        verbose_name=_("contracted by"),
        help_text=_(
            "For a private provider working under contract: the municipality or region that "
            "contracted it. Its measures in a SIP count as that principal's."
        ),
    )

    # Principals that are neither a municipality nor a region (the law's point 3), unless
    # they work under a contract with one.
    OUTSIDE_KINDS = frozenset({Kind.PRIVATE, Kind.STATE, Kind.OTHER})

    class Meta:
        verbose_name = _("principal")
        verbose_name_plural = _("principals")
        ordering = ["name", "board"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_number", "board"],
                name="principal_unique_board",
                violation_error_message=_(
                    "A principal with this organisation number and board already exists."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        if orgnr.is_valid(self.organisation_number):
            self.organisation_number = orgnr.format(self.organisation_number)
        super().save(*args, **kwargs)

    @property
    def answerable(self) -> "Principal":
        """Who answers for this principal's measures: the contracting principal, if any."""
        return self.contracted_by or self

    @property
    def is_outside(self) -> bool:
        """Neither a municipality nor a region, nor contracted by one (the law's point 3)."""
        return self.kind in self.OUTSIDE_KINDS and self.contracted_by_id is None

    @property
    def full_name(self) -> str:
        """The board with its municipality ("Socialnämnden i Sagoby kommun"), else the name."""
        if not self.board:
            return self.name
        return gettext("%(board)s, %(name)s") % {"board": self.board, "name": self.name}

    @property
    def is_whole_municipality(self) -> bool:
        """A municipal principal that names no board: school and social services in one,
        which no consent may cover."""
        return self.kind == self.Kind.MUNICIPAL and not self.board.strip()

    def clean(self) -> None:
        super().clean()
        self.board = self.board.strip()
        if orgnr.is_valid(self.organisation_number):  # before the unique check compares it
            self.organisation_number = orgnr.format(self.organisation_number)
        if self.is_whole_municipality:
            raise ValidationError(
                {
                    "board": _(
                        "Name the board: a municipality is not one principal. Register each "
                        "board (for example Socialnämnden and Barn- och utbildningsnämnden) "
                        "as its own principal."
                    )
                },
                code="board_required",
            )


class UnitQuerySet(models.QuerySet):
    def search(self, query: str) -> "UnitQuerySet":
        """Units whose name, principal, address, staff or functions match the query."""
        if not query:
            return self
        match = (
            Q(name__icontains=query)
            | Q(principal__name__icontains=query)
            | Q(principal__board__icontains=query)
            | Q(visiting_address__icontains=query)
            | Q(postal_city__icontains=query)
            | Q(functions__title__icontains=query)
            | Q(memberships__user__given_name__icontains=query)
            | Q(memberships__user__family_name__icontains=query)
        )
        return self.filter(pk__in=self.filter(match).values("pk"))


class Unit(models.Model):
    """A verksamhet or enhet: a school, a BUP clinic, a social services unit."""

    class Kind(models.TextChoices):
        PRESCHOOL = "preschool", _("Preschool")
        COMPULSORY_SCHOOL = "compulsory_school", _("Compulsory school")
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
        ADAPTED_SCHOOL = "adapted_school", _("Adapted school")
        SOCIAL_SERVICES = "social_services", _("Social services")
        CAMHS = "camhs", _("Child and adolescent psychiatry (BUP)")
        HABILITATION = "habilitation", _("Habilitation")
        PRIMARY_CARE = "primary_care", _("Primary care")
        PUPIL_HEALTH = "pupil_health", _("Pupil health (elevhälsa)")
        RESIDENTIAL_CARE = "residential_care", _("Residential or foster care (HVB/familjehem)")
        OTHER = "other", _("Other")

    principal = models.ForeignKey(
        Principal, on_delete=models.PROTECT, related_name="units", verbose_name=_("principal")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    visiting_address = models.CharField(_("visiting address"), max_length=200, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    postal_city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    functional_mailbox = models.EmailField(
        _("functional mailbox"),
        blank=True,
        help_text=_("Shared e-mail address that invitations to a function are sent to."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["principal__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["principal", "name"], name="unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Function(models.Model):
    """A role at a unit that can be invited instead of a named person (kurator, mentor, …)."""

    class Kind(models.TextChoices):
        COUNSELLOR = "counsellor", _("School counsellor (kurator)")
        SCHOOL_NURSE = "school_nurse", _("School nurse")
        MENTOR = "mentor", _("Mentor")
        HEAD_TEACHER = "head_teacher", _("Head teacher (rektor)")
        SPECIAL_EDUCATOR = "special_educator", _("Special needs educator")
        PSYCHOLOGIST = "psychologist", _("Psychologist")
        SOCIAL_WORKER = "social_worker", _("Social worker (socialsekreterare)")
        DOCTOR = "doctor", _("Doctor")
        NURSE = "nurse", _("Nurse")
        CONTACT_PERSON = "contact_person", _("Contact person")
        REPRESENTATIVE = "representative", _("Representative")

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="functions", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(
        _("title"), max_length=100, help_text=_("How the unit names the function.")
    )
    holders = models.ManyToManyField(
        "accounts.User",
        blank=True,
        related_name="functions",
        verbose_name=_("holders"),
        help_text=_("Staff who currently answer for the function."),
    )

    class Meta:
        verbose_name = _("function")
        verbose_name_plural = _("functions")
        ordering = ["unit", "title"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "title"], name="function_unique_title")
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.unit}"
