"""The demo's organisations and staff: two municipalities, each board its own principal, a
region, a contracted private home and a state agency.

Organisation numbers use series no real organisation has; e-mail addresses use the
reserved .example domains.
"""

from samordna.accounts.models import Membership, Role, User
from samordna.organisations.models import Function, Principal, Unit

DEMO_PASSWORD = "samordna-demo-2026"

# key, name, kind, organisation number, board, contracted by (key)
PRINCIPALS = [
    ("sagoby_bun", "Sagoby kommun", Principal.Kind.MUNICIPAL, "212999-0012",
     "Barn- och utbildningsnämnden", None),
    ("sagoby_sn", "Sagoby kommun", Principal.Kind.MUNICIPAL, "212999-0012", "Socialnämnden",
     None),
    ("sagoby_ks", "Sagoby kommun", Principal.Kind.MUNICIPAL, "212999-0012", "Kommunstyrelsen",
     None),
    ("angsvik_bun", "Ängsviks kommun", Principal.Kind.MUNICIPAL, "212999-0020",
     "Barn- och utbildningsnämnden", None),
    ("angsvik_sn", "Ängsviks kommun", Principal.Kind.MUNICIPAL, "212999-0020", "Socialnämnden",
     None),
    ("region", "Region Sagoland", Principal.Kind.REGION, "232999-0010", "", None),
    ("lindgarden", "Hemmet Lindgården AB", Principal.Kind.PRIVATE, "559999-0016", "",
     "angsvik_sn"),
    ("migration", "Migrationsverket", Principal.Kind.STATE, "202999-0005", "", None),
]  # fmt: skip

# principal, unit name, kind, street, postal code, city, phone, mailbox
UNITS = [
    ("sagoby_bun", "Solrosens förskola", Unit.Kind.PRESCHOOL, "Solrosvägen 2", "999 10",
     "Sagoby", "0999-100 10", "solrosen@sagoby.example"),
    ("sagoby_bun", "Ekbackens skola", Unit.Kind.COMPULSORY_SCHOOL, "Skolgatan 5", "999 11",
     "Sagoby", "0999-100 20", "ekbacken@sagoby.example"),
    ("sagoby_bun", "Sagoby gymnasium", Unit.Kind.UPPER_SECONDARY, "Gymnasievägen 1", "999 12",
     "Sagoby", "0999-100 30", "gymnasiet@sagoby.example"),
    ("sagoby_bun", "Elevhälsan Sagoby", Unit.Kind.PUPIL_HEALTH, "Skolgatan 5", "999 11",
     "Sagoby", "0999-100 40", "elevhalsan@sagoby.example"),
    ("sagoby_sn", "Socialtjänsten Sagoby, barn och familj", Unit.Kind.SOCIAL_SERVICES,
     "Stora torget 1", "999 30", "Sagoby", "0999-100 50", "barnochfamilj@sagoby.example"),
    ("sagoby_ks", "Digitaliseringsenheten Sagoby", Unit.Kind.OTHER, "Stora torget 1", "999 30",
     "Sagoby", "0999-100 60", "it@sagoby.example"),
    ("angsvik_bun", "Ängsviks skola", Unit.Kind.COMPULSORY_SCHOOL, "Ängsvägen 3", "999 50",
     "Ängsvik", "0999-200 10", "skolan@angsvik.example"),
    ("angsvik_sn", "Socialtjänsten Ängsvik", Unit.Kind.SOCIAL_SERVICES, "Hamngatan 8",
     "999 51", "Ängsvik", "0999-200 20", "socialtjansten@angsvik.example"),
    ("region", "BUP Sagoland", Unit.Kind.CAMHS, "Sjukhusvägen 10", "999 70", "Sagoby",
     "0999-300 10", "bup@sagoland.example"),
    ("region", "BUP heldygnsvård, avdelning 34", Unit.Kind.CAMHS, "Sjukhusvägen 10", "999 70",
     "Sagoby", "0999-300 40", "avd34@sagoland.example"),
    ("region", "Habiliteringen Sagoland", Unit.Kind.HABILITATION, "Sjukhusvägen 12", "999 70",
     "Sagoby", "0999-300 20", "habilitering@sagoland.example"),
    ("region", "Vårdcentralen Sagoby", Unit.Kind.PRIMARY_CARE, "Torggatan 4", "999 31",
     "Sagoby", "0999-300 30", "vc.sagoby@sagoland.example"),
    ("lindgarden", "HVB Lindgården", Unit.Kind.RESIDENTIAL_CARE, "Lindvägen 1", "999 90",
     "Ängsvik", "0999-400 10", "kontakt@lindgarden.example"),
    ("migration", "Mottagningsenheten Ängsvik", Unit.Kind.OTHER, "Box 90", "999 55", "Ängsvik",
     "0999-500 10", ""),
]  # fmt: skip

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
    ("BUP heldygnsvård, avdelning 34", Function.Kind.NURSE, "Sjuksköterska"),
    ("Habiliteringen Sagoland", Function.Kind.REPRESENTATIVE, "Representant"),
    ("Vårdcentralen Sagoby", Function.Kind.NURSE, "Sjuksköterska"),
    ("HVB Lindgården", Function.Kind.CONTACT_PERSON, "Kontaktperson"),
]

SOCIAL = "Socialtjänsten Sagoby, barn och familj"
IT = "Digitaliseringsenheten Sagoby"

# e-mail, given name, family name, [(unit, role, job title, function title or "")]
STAFF = [
    ("sara.ek@sagoby.example", "Sara", "Ek",
     [(SOCIAL, Role.CASEWORKER, "Socialsekreterare", "Socialsekreterare")]),
    ("karim.berg@sagoby.example", "Karim", "Berg",
     [(SOCIAL, Role.COORDINATOR, "SIP-samordnare", "")]),
    ("anders.nyberg@sagoby.example", "Anders", "Nyberg",
     [(SOCIAL, Role.MANAGER, "Enhetschef", "")]),
    ("lena.holm@sagoby.example", "Lena", "Holm",
     [("Elevhälsan Sagoby", Role.CASEWORKER, "Kurator", "Kurator")]),
    ("maja.strand@sagoby.example", "Maja", "Strand",
     [("Elevhälsan Sagoby", Role.CASEWORKER, "Skolsköterska", "Skolsköterska")]),
    ("johan.lind@sagoby.example", "Johan", "Lind",
     [("Ekbackens skola", Role.MANAGER, "Rektor", "Rektor")]),
    ("nils.dahl@sagoby.example", "Nils", "Dahl",
     [("Ekbackens skola", Role.CASEWORKER, "Lärare och mentor", "Mentor"),
      ("Solrosens förskola", Role.CASEWORKER, "Specialpedagog", "Specialpedagog")]),
    # The municipality's system administrator looks after the users of every board.
    ("elin.sjo@sagoby.example", "Elin", "Sjö",
     [(IT, Role.LOCAL_ADMIN, "Systemförvaltare", ""),
      ("Elevhälsan Sagoby", Role.LOCAL_ADMIN, "Systemförvaltare", ""),
      (SOCIAL, Role.LOCAL_ADMIN, "Systemförvaltare", "")]),
    ("robin.drift@sagoby.example", "Robin", "Drift",
     [(IT, Role.SYSTEM_ADMIN, "Driftansvarig", "")]),
    ("omar.khalil@angsvik.example", "Omar", "Khalil",
     [("Socialtjänsten Ängsvik", Role.CASEWORKER, "Socialsekreterare", "Socialsekreterare")]),
    ("hanna.falk@angsvik.example", "Hanna", "Falk",
     [("Ängsviks skola", Role.CASEWORKER, "Mentor", "Mentor")]),
    ("amira.nasser@sagoland.example", "Amira", "Nasser",
     [("BUP Sagoland", Role.CASEWORKER, "Psykolog", "Psykolog")]),
    ("sofia.lund@sagoland.example", "Sofia", "Lund",
     [("BUP heldygnsvård, avdelning 34", Role.CASEWORKER, "Sjuksköterska", "Sjuksköterska")]),
    ("per.viklund@sagoland.example", "Per", "Viklund",
     [("Habiliteringen Sagoland", Role.COORDINATOR, "Kurator", "Representant"),
      ("BUP Sagoland", Role.CASEWORKER, "Kurator", "")]),
    ("eva.roos@sagoland.example", "Eva", "Roos",
     [("BUP Sagoland", Role.MANAGER, "Verksamhetschef", "")]),
    ("tove.ahl@sagoland.example", "Tove", "Ahl",
     [("Vårdcentralen Sagoby", Role.LOCAL_ADMIN, "Systemförvaltare", "")]),
    ("ida.borg@lindgarden.example", "Ida", "Borg",
     [("HVB Lindgården", Role.CASEWORKER, "Kontaktperson", "Kontaktperson")]),
]  # fmt: skip


def load_organisations() -> None:
    principals = {}
    for key, name, kind, number, board, contracted_by in PRINCIPALS:
        principals[key] = Principal.objects.get_or_create(
            organisation_number=number,
            board=board,
            defaults={
                "name": name,
                "kind": kind,
                "contracted_by": principals.get(contracted_by),
            },
        )[0]
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


def demo_logins() -> list[dict]:
    """The demo users as make run prints them."""
    return [
        {"email": email, "name": f"{given} {family}", "role": role.label, "unit": unit}
        for email, given, family, roles in STAFF
        for unit, role, _title, _function in roles[:1]
    ]
