"""Fictional demo data: a region, two municipalities and a private HVB with staff.

Every name, number and address here is invented: the .example domains are reserved, the
organisation numbers use a series no real organisation has, and the identity numbers use
birth numbers 980-999, the series Skatteverket keeps for test persons. Loading twice changes
nothing: each part is loaded only when it is missing.
"""

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from samordna.accounts.models import Membership, Role, User
from samordna.consents.models import Consent, ConsentParty
from samordna.meetings.models import Meeting, Participant
from samordna.meetings.services import copy_participants
from samordna.organisations.models import Function, Principal, Unit
from samordna.people import identity
from samordna.people.models import (
    Child,
    Guardian,
    Guardianship,
    Language,
    ProtectedIdentity,
    Relative,
    Trustee,
)
from samordna.plans.models import (
    CoordinatorAssignment,
    Goal,
    Measure,
    Plan,
    PlanVersion,
    Preparation,
    ResponsibilityAssignment,
    Status,
)
from samordna.plans.services import snapshot

DEMO_PASSWORD = "samordna-demo-2026"
STOCKHOLM = ZoneInfo("Europe/Stockholm")

PRINCIPALS = [
    ("Sagoby kommun", Principal.Kind.MUNICIPAL, "212999-0012"),
    ("Ängsviks kommun", Principal.Kind.MUNICIPAL, "212999-0020"),
    ("Region Sagoland", Principal.Kind.REGION, "232999-0010"),
    ("Hemmet Lindgården AB", Principal.Kind.PRIVATE, "559999-0016"),
]

# principal, unit name, kind, street, postal code, city, phone, mailbox
UNITS = [
    (
        "Sagoby kommun",
        "Solrosens förskola",
        Unit.Kind.PRESCHOOL,
        "Solrosvägen 2",
        "999 10",
        "Sagoby",
        "0999-100 10",
        "solrosen@sagoby.example",
    ),
    (
        "Sagoby kommun",
        "Ekbackens skola",
        Unit.Kind.COMPULSORY_SCHOOL,
        "Skolgatan 5",
        "999 11",
        "Sagoby",
        "0999-100 20",
        "ekbacken@sagoby.example",
    ),
    (
        "Sagoby kommun",
        "Sagoby gymnasium",
        Unit.Kind.UPPER_SECONDARY,
        "Gymnasievägen 1",
        "999 12",
        "Sagoby",
        "0999-100 30",
        "gymnasiet@sagoby.example",
    ),
    (
        "Sagoby kommun",
        "Elevhälsan Sagoby",
        Unit.Kind.PUPIL_HEALTH,
        "Skolgatan 5",
        "999 11",
        "Sagoby",
        "0999-100 40",
        "elevhalsan@sagoby.example",
    ),
    (
        "Sagoby kommun",
        "Socialtjänsten Sagoby, barn och familj",
        Unit.Kind.SOCIAL_SERVICES,
        "Stora torget 1",
        "999 30",
        "Sagoby",
        "0999-100 50",
        "barnochfamilj@sagoby.example",
    ),
    (
        "Sagoby kommun",
        "Digitaliseringsenheten Sagoby",
        Unit.Kind.OTHER,
        "Stora torget 1",
        "999 30",
        "Sagoby",
        "0999-100 60",
        "it@sagoby.example",
    ),
    (
        "Ängsviks kommun",
        "Ängsviks skola",
        Unit.Kind.COMPULSORY_SCHOOL,
        "Ängsvägen 3",
        "999 50",
        "Ängsvik",
        "0999-200 10",
        "skolan@angsvik.example",
    ),
    (
        "Ängsviks kommun",
        "Socialtjänsten Ängsvik",
        Unit.Kind.SOCIAL_SERVICES,
        "Hamngatan 8",
        "999 51",
        "Ängsvik",
        "0999-200 20",
        "socialtjansten@angsvik.example",
    ),
    (
        "Region Sagoland",
        "BUP Sagoland",
        Unit.Kind.CAMHS,
        "Sjukhusvägen 10",
        "999 70",
        "Sagoby",
        "0999-300 10",
        "bup@sagoland.example",
    ),
    (
        "Region Sagoland",
        "Habiliteringen Sagoland",
        Unit.Kind.HABILITATION,
        "Sjukhusvägen 12",
        "999 70",
        "Sagoby",
        "0999-300 20",
        "habilitering@sagoland.example",
    ),
    (
        "Region Sagoland",
        "Vårdcentralen Sagoby",
        Unit.Kind.PRIMARY_CARE,
        "Torggatan 4",
        "999 31",
        "Sagoby",
        "0999-300 30",
        "vc.sagoby@sagoland.example",
    ),
    (
        "Hemmet Lindgården AB",
        "HVB Lindgården",
        Unit.Kind.RESIDENTIAL_CARE,
        "Lindvägen 1",
        "999 90",
        "Ängsvik",
        "0999-400 10",
        "kontakt@lindgarden.example",
    ),
]

# unit, kind, title
FUNCTIONS = [
    ("Ekbackens skola", Function.Kind.MENTOR, "Mentor"),
    ("Ekbackens skola", Function.Kind.HEAD_TEACHER, "Rektor"),
    ("Elevhälsan Sagoby", Function.Kind.COUNSELLOR, "Kurator"),
    ("Elevhälsan Sagoby", Function.Kind.SCHOOL_NURSE, "Skolsköterska"),
    ("Elevhälsan Sagoby", Function.Kind.PSYCHOLOGIST, "Skolpsykolog"),
    ("Solrosens förskola", Function.Kind.SPECIAL_EDUCATOR, "Specialpedagog"),
    ("Socialtjänsten Sagoby, barn och familj", Function.Kind.SOCIAL_WORKER, "Socialsekreterare"),
    ("Ängsviks skola", Function.Kind.MENTOR, "Mentor"),
    ("Ängsviks skola", Function.Kind.COUNSELLOR, "Kurator"),
    ("Socialtjänsten Ängsvik", Function.Kind.SOCIAL_WORKER, "Socialsekreterare"),
    ("BUP Sagoland", Function.Kind.PSYCHOLOGIST, "Psykolog"),
    ("BUP Sagoland", Function.Kind.DOCTOR, "Läkare"),
    ("Habiliteringen Sagoland", Function.Kind.REPRESENTATIVE, "Representant"),
    ("Vårdcentralen Sagoby", Function.Kind.NURSE, "Sjuksköterska"),
    ("HVB Lindgården", Function.Kind.CONTACT_PERSON, "Kontaktperson"),
]

# e-mail, given name, family name, [(unit, role, job title, function title or "")]
STAFF = [
    (
        "sara.ek@sagoby.example",
        "Sara",
        "Ek",
        [
            (
                "Socialtjänsten Sagoby, barn och familj",
                Role.CASEWORKER,
                "Socialsekreterare",
                "Socialsekreterare",
            )
        ],
    ),
    (
        "karim.berg@sagoby.example",
        "Karim",
        "Berg",
        [("Socialtjänsten Sagoby, barn och familj", Role.COORDINATOR, "SIP-samordnare", "")],
    ),
    (
        "lena.holm@sagoby.example",
        "Lena",
        "Holm",
        [("Elevhälsan Sagoby", Role.CASEWORKER, "Kurator", "Kurator")],
    ),
    (
        "maja.strand@sagoby.example",
        "Maja",
        "Strand",
        [("Elevhälsan Sagoby", Role.CASEWORKER, "Skolsköterska", "Skolsköterska")],
    ),
    (
        "johan.lind@sagoby.example",
        "Johan",
        "Lind",
        [("Ekbackens skola", Role.MANAGER, "Rektor", "Rektor")],
    ),
    (
        "nils.dahl@sagoby.example",
        "Nils",
        "Dahl",
        [
            ("Ekbackens skola", Role.CASEWORKER, "Lärare och mentor", "Mentor"),
            ("Solrosens förskola", Role.CASEWORKER, "Specialpedagog", "Specialpedagog"),
        ],
    ),
    (
        "anders.nyberg@sagoby.example",
        "Anders",
        "Nyberg",
        [("Socialtjänsten Sagoby, barn och familj", Role.MANAGER, "Enhetschef", "")],
    ),
    (
        "elin.sjo@sagoby.example",
        "Elin",
        "Sjö",
        [("Digitaliseringsenheten Sagoby", Role.LOCAL_ADMIN, "Systemförvaltare", "")],
    ),
    (
        "robin.drift@sagoby.example",
        "Robin",
        "Drift",
        [("Digitaliseringsenheten Sagoby", Role.SYSTEM_ADMIN, "Driftansvarig", "")],
    ),
    (
        "omar.khalil@angsvik.example",
        "Omar",
        "Khalil",
        [("Socialtjänsten Ängsvik", Role.CASEWORKER, "Socialsekreterare", "Socialsekreterare")],
    ),
    (
        "hanna.falk@angsvik.example",
        "Hanna",
        "Falk",
        [("Ängsviks skola", Role.CASEWORKER, "Mentor", "Mentor")],
    ),
    (
        "amira.nasser@sagoland.example",
        "Amira",
        "Nasser",
        [("BUP Sagoland", Role.CASEWORKER, "Psykolog", "Psykolog")],
    ),
    (
        "per.viklund@sagoland.example",
        "Per",
        "Viklund",
        [
            ("Habiliteringen Sagoland", Role.COORDINATOR, "Kurator", "Representant"),
            ("BUP Sagoland", Role.CASEWORKER, "Kurator", ""),
        ],
    ),
    (
        "eva.roos@sagoland.example",
        "Eva",
        "Roos",
        [("BUP Sagoland", Role.MANAGER, "Verksamhetschef", "")],
    ),
    (
        "tove.ahl@sagoland.example",
        "Tove",
        "Ahl",
        [("Vårdcentralen Sagoby", Role.LOCAL_ADMIN, "Systemförvaltare", "")],
    ),
    (
        "ida.borg@lindgarden.example",
        "Ida",
        "Borg",
        [("HVB Lindgården", Role.CASEWORKER, "Kontaktperson", "Kontaktperson")],
    ),
]


# given, family, number (or birth date for a reserve number), registering unit, school units,
# language, protected, [(guardian given, family, number, protected)]
CHILDREN = [
    (
        "Nora",
        "Sagström",
        "20140312-9826",
        "Elevhälsan Sagoby",
        ["Ekbackens skola"],
        Language.SWEDISH,
        "",
        [("Karin", "Sagström", "19780415-9866", ""), ("Mattias", "Sagström", "19810922-9875", "")],
    ),
    (
        "Liam",
        "Björkvik",
        "20160805-9836",
        "Socialtjänsten Sagoby, barn och familj",
        ["Ekbackens skola"],
        Language.SWEDISH,
        "",
        [
            ("Sanna", "Björkvik", "19850101-9882", ProtectedIdentity.PROTECTED_REGISTRATION),
            ("Per", "Björkvik", "19870707-9896", ""),
        ],
    ),
    (
        "Ella",
        "Sjöberg",
        "20121130-9842",
        "BUP Sagoland",
        ["Sagoby gymnasium"],
        Language.SWEDISH,
        ProtectedIdentity.CONFIDENTIALITY_MARKING,
        [("Maria", "Sjöberg", "19750303-9906", ProtectedIdentity.CONFIDENTIALITY_MARKING)],
    ),
    (
        "Theo",
        "Lindgren",
        "20190520-9852",
        "Ekbackens skola",
        ["Solrosens förskola"],
        Language.ARABIC,
        "",
        [("Lina", "Lindgren", "19830611-9911", "")],
    ),
    (
        "Samir",
        "Nouri",
        date(2010, 1, 1),
        "Socialtjänsten Ängsvik",
        ["Ängsviks skola", "HVB Lindgården"],
        Language.DARI,
        "",
        [],
    ),
]


@transaction.atomic
def load_demo() -> bool:
    """Create the demo organisations, staff and children. False when all were there."""
    loaded = False
    if not User.objects.filter(email=STAFF[0][0]).exists():
        _load_organisations()
        loaded = True
    if not Child.objects.exists():
        _load_children()
        loaded = True
    if not Plan.objects.exists():
        _load_plans()
        loaded = True
    return loaded


def _load_organisations() -> None:
    principals = {
        name: Principal.objects.get_or_create(
            organisation_number=number, defaults={"name": name, "kind": kind}
        )[0]
        for name, kind, number in PRINCIPALS
    }
    units = {}
    for principal, name, kind, street, code, city, phone, mailbox in UNITS:
        units[name] = Unit.objects.get_or_create(
            principal=principals[principal],
            name=name,
            defaults={
                "kind": kind,
                "visiting_address": f"{street}, {city}",
                "postal_address": street,
                "postal_code": code,
                "postal_city": city,
                "phone": phone,
                "functional_mailbox": mailbox,
            },
        )[0]
    functions = {
        (unit, title): Function.objects.get_or_create(
            unit=units[unit], title=title, defaults={"kind": kind}
        )[0]
        for unit, kind, title in FUNCTIONS
    }
    for email, given, family, roles in STAFF:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, given_name=given, family_name=family
        )
        for unit, role, title, function in roles:
            Membership.objects.create(user=user, unit=units[unit], role=role, title=title)
            if function:
                functions[(unit, function)].holders.add(user)


def _address(family: str, number: int, unit: Unit) -> dict:
    return {
        "street_address": f"{family}s väg {number}",
        "postal_code": unit.postal_code,
        "city": unit.postal_city,
        "phone": f"0999-{number:02d} {number:02d} {number:02d}",
    }


def _email(given: str, family: str) -> str:
    plain = f"{given}.{family}".lower().translate(str.maketrans("åäöé", "aaoe"))
    return f"{plain}@post.example"


def _load_children() -> None:
    units = {unit.name: unit for unit in Unit.objects.all()}
    serials = itertools.count(21)  # every person's own house number and phone
    for given, family, number, registrar, schools, language, protected, guardians in CHILDREN:
        unit = units[registrar]
        if isinstance(number, date):
            parsed = identity.issue_reserve_number(number, taken=lambda _value: False)
        else:
            parsed = identity.normalise(number)
        child = Child.objects.create(
            given_name=given,
            family_name=family,
            identity_number=parsed.value,
            birth_date=parsed.birth_date,
            preferred_language=language,
            interpreter_needed=language not in (Language.SWEDISH, Language.ENGLISH),
            protected_identity=protected,
            registered_by_unit=unit,
            **_address(family, next(serials), unit),
        )
        child.units.set(units[name] for name in schools)
        for g_given, g_family, g_number, g_protected in guardians:
            guardian = Guardian.objects.create(
                given_name=g_given,
                family_name=g_family,
                identity_number=identity.normalise(g_number).value,
                protected_identity=g_protected,
                registered_by_unit=unit,
                email=_email(g_given, g_family),
                **_address(g_family, next(serials), unit),
            )
            Guardianship.objects.create(child=child, guardian=guardian)
    liam = Child.objects.get(given_name="Liam", family_name="Björkvik")
    Relative.objects.create(
        child=liam,
        name="Ingrid Björkvik",
        relation="Mormor",
        phone="0999-55 55 55",
        registered_by_unit=liam.registered_by_unit,
    )
    samir = Child.objects.get(given_name="Samir", family_name="Nouri")
    Trustee.objects.create(
        child=samir,
        name="Göran Ekholm",
        phone="0999-66 66 66",
        appointed_on=date(2025, 9, 1),
        chief_guardian="Överförmyndarnämnden Ängsvik",
        chief_guardian_contact="0999-200 90",
        registered_by_unit=samir.registered_by_unit,
    )


def _load_meetings(plan, staff, units) -> Meeting:
    """Nora's first SIP meeting, held with minutes, and the follow-up booked at it: invited,
    some answers in, one week's reminder still to come."""
    school_health = units["Elevhälsan Sagoby"]
    social = units["Socialtjänsten Sagoby, barn och familj"]
    held = Meeting.objects.create(
        plan=plan,
        starts_at=datetime(2026, 10, 22, 13, 0, tzinfo=STOCKHOLM),
        place="Ekbackens skola, konferensrummet",
        status=Meeting.Status.HELD,
        booked_by=staff["lena.holm"],
        unit=school_health,
        convener=staff["lena.holm"],
        leader=staff["lena.holm"],
        note_taker=staff["sara.ek"],
        presentation_done=True,
        purpose_read=True,
        situation="Nora berättar att hon får ont i magen på söndagskvällar. Mamma Karin "
        "berättar att morgnarna är svåra.",
        actors_views="Skolan ser att Nora trivs på fritids. BUP erbjuder en bedömning. "
        "Socialtjänsten erbjuder föräldrastöd.",
        plan_read_aloud=True,
        closed_at=datetime(2026, 10, 22, 14, 30, tzinfo=STOCKHOLM),
        closed_by=staff["lena.holm"],
    )
    for person in ("lena.holm", "sara.ek", "amira.nasser", "nils.dahl"):
        user = staff[person]
        Participant.objects.create(
            meeting=held,
            kind=Participant.Kind.STAFF,
            user=user,
            unit=user.memberships.first().unit,
            response=Participant.Response.ACCEPTED,
            attendance=Participant.Attendance.PRESENT,
        )
    Participant.objects.create(
        meeting=held, kind=Participant.Kind.CHILD, attendance=Participant.Attendance.PRESENT
    )
    for guardian in plan.child.guardians.all():
        Participant.objects.create(
            meeting=held,
            kind=Participant.Kind.GUARDIAN,
            guardian=guardian,
            attendance=Participant.Attendance.PRESENT,
        )
    follow_up = Meeting.objects.create(
        plan=plan,
        kind=Meeting.Kind.FOLLOW_UP,
        starts_at=datetime(2026, 12, 15, 10, 0, tzinfo=STOCKHOLM),
        place="Socialtjänsten Sagoby, rum Linnea",
        link="https://mote.sagoby.example/sip-uppfoljning",
        booked_by=staff["sara.ek"],
        unit=social,
        convener=staff["sara.ek"],
        leader=staff["sara.ek"],
        note_taker=staff["lena.holm"],
    )
    held.next_meeting = follow_up
    held.save(update_fields=["next_meeting"])
    copy_participants(held, follow_up)
    answers = {
        "lena.holm": Participant.Response.ACCEPTED,
        "nils.dahl": Participant.Response.DECLINED,
    }
    invited_at = datetime(2026, 11, 2, 9, 0, tzinfo=STOCKHOLM)
    for participant in follow_up.participants.select_related("user"):
        participant.new_link_nonce()
        participant.invited_at, participant.invited_sequence = invited_at, 0
        response = answers.get(participant.user.email.split("@")[0] if participant.user else "")
        if response:
            participant.response, participant.response_via = response, Participant.Via.LINK
            participant.responded_at, participant.link_nonce = invited_at, ""
        participant.save()
    return held


def demo_logins() -> list[dict]:
    """The demo users as make run prints them."""
    return [
        {
            "email": email,
            "name": f"{given} {family}",
            "role": role.label,
            "unit": unit,
        }
        for email, given, family, roles in STAFF
        for unit, role, _title, _function in roles[:1]
    ]


def _load_plans() -> None:
    """An active SIP for Nora with three principals' measures, and a draft for Liam."""
    units = {unit.name: unit for unit in Unit.objects.select_related("principal")}
    staff = {user.email.split("@")[0]: user for user in User.objects.all()}
    school_health, social = (
        units["Elevhälsan Sagoby"],
        units["Socialtjänsten Sagoby, barn och familj"],
    )
    bup = units["BUP Sagoland"]
    nora = Child.objects.get(given_name="Nora")
    plan = Plan.objects.create(
        child=nora,
        initiating_unit=school_health,
        convener=staff["lena.holm"],
        child_wishes="Jag vill ha en kompis att vara med på rasterna och slippa ont i magen.",
        reason="Nora är ofta frånvarande och familjen har kontakt med både socialtjänst och BUP.",
        purpose="Hur kan skola, socialtjänst och BUP tillsammans hjälpa Nora att gå till "
        "skolan och må bra?",
        needs="Trygghet i skolan, stöd till familjen, utredning av oro och magont.",
        overall_responsibility=social.principal,
        coordinator=staff["sara.ek"],
        coordinator_unit=social,
        family_contact="Sara Ek, socialsekreterare, 0999-100 50",
        status=Status.ACTIVE,
        next_follow_up=date(2026, 12, 15),
    )
    consent = Consent.objects.create(
        plan=plan,
        information="Skolgång och frånvaro, hälsa, familjens situation och pågående insatser.",
        form=Consent.Form.ORAL,
        given_on=date(2026, 10, 1),
        documented_by=staff["lena.holm"],
        documented_by_unit=school_health,
    )
    consent.units.add(social, bup, units["Ekbackens skola"])
    ConsentParty.objects.create(consent=consent, is_child=True)
    for guardian in nora.guardians.all():
        ConsentParty.objects.create(consent=consent, guardian=guardian)
    preparation = Preparation.objects.create(
        plan=plan,
        child_participation=Preparation.ChildParticipation.PART,
        trusted_person="Mamma Karin",
        views_gathering="Kuratorn träffar Nora före mötet.",
        childs_views="Nora vill att de vuxna pratar med varandra så att hon slipper berätta "
        "samma sak många gånger.",
    )
    preparation.invited_units.add(social, bup, units["Ekbackens skola"])
    held = _load_meetings(plan, staff, units)
    long_goal = Goal.objects.create(
        plan=plan, term=Goal.Term.LONG, text="Jag vill tycka om skolan.", in_childs_words=True
    )
    short_goal = Goal.objects.create(
        plan=plan, term=Goal.Term.SHORT, text="Nora är i skolan minst fyra dagar i veckan."
    )
    for unit, person, description, goal, extra in [
        (school_health, "lena.holm", "Samtal med kurator varje vecka.", short_goal, {}),
        (social, "sara.ek", "Föräldrastöd i hemmet två gånger i månaden.", long_goal, {}),
        (bup, "amira.nasser", "Utredning av oro och magont.", long_goal, {}),
        (
            units["Ekbackens skola"],
            "nils.dahl",
            "Rastaktivitet med fritidsgården, som drivs av föreningen Sagobys unga.",
            short_goal,
            {
                "other_actor": "Föreningen Sagobys unga",
                "other_actor_kind": Measure.OtherActor.CIVIL_SOCIETY,
            },
        ),
    ]:
        own = "other_actor" not in extra
        Measure.objects.create(
            plan=plan,
            goal=goal,
            description=description,
            responsible_unit=unit if own else None,
            kept_by_unit=unit,
            responsible_person=staff[person] if own else None,
            starts_on=date(2026, 10, 26),
            ends_on=date(2027, 6, 11),
            status=Measure.Status.ONGOING,
            **extra,
        )
    CoordinatorAssignment.objects.create(
        plan=plan,
        coordinator=staff["sara.ek"],
        unit=social,
        assigned_by=staff["lena.holm"],
        meeting=held,
        reason="Sara träffar familjen regelbundet och Nora vill ha henne som kontakt.",
    )
    ResponsibilityAssignment.objects.create(
        plan=plan,
        principal=social.principal,
        assigned_by=staff["lena.holm"],
        meeting=held,
        reason="Socialtjänsten har de flesta insatserna och familjens förtroende.",
    )
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        meeting=held,
        approved_on=date(2026, 10, 22),
        approved_by=staff["lena.holm"],
        attendees="Nora (en del av mötet), Karin och Mattias Sagström, Lena Holm, Sara Ek, "
        "Amira Nasser, Nils Dahl",
        content=snapshot(plan),
    )
    # Recorded at the first SIP meeting, as it was approved.
    PlanVersion.objects.filter(pk=version.pk).update(
        approved_at=datetime(2026, 10, 22, 14, 20, tzinfo=STOCKHOLM)
    )
    liam = Child.objects.get(given_name="Liam")
    Plan.objects.create(
        child=liam,
        initiating_unit=liam.registered_by_unit,
        convener=staff["sara.ek"],
        child_wishes="Att mamma och pappa inte bråkar.",
        reason="Skolan och socialtjänsten ser oro kring Liams hemsituation.",
        purpose="Hur får Liam ett tryggt vardagsliv?",
    )
