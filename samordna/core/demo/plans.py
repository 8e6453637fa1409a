"""The demo's SIPs, one for each way a SIP goes, dated from today:

- Nora: active. The first meeting was held six weeks ago and approved version 1; the
  follow-up in two weeks is invited, some have answered; since the meeting a need that no
  organisation has taken on was written into the draft.
- Liam: his mother has protected personal data. Consent; a first meeting cancelled (the
  cancellation letters wait to be printed) and the next booked in three and a half weeks
  with the invitations sent: her letters go "c/o" social services.
- Ella, 17: closed three weeks ago, after a year; she consented herself.
- Theo: an internal SIP (I-SIP) between the preschool and pupil health of one board.
- Samir, 16, unaccompanied: the god man consented with him; measures by the contracted
  home, the school, Migrationsverket and the god man, and a need no one has taken on.
- Wilma: a SIP at discharge from inpatient care (LUS), its meeting in three days.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from samordna.accounts.models import User
from samordna.consents.models import Consent, ConsentParty
from samordna.meetings.models import Meeting, Participant
from samordna.organisations.models import Unit
from samordna.people.models import Child
from samordna.plans.models import (
    ClosureReason,
    CoordinatorAssignment,
    FollowUp,
    Goal,
    Measure,
    Plan,
    PlanVersion,
    Preparation,
    ResponsibilityAssignment,
    Status,
)
from samordna.plans.services import snapshot

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ORALLY, IN_WRITING = Consent.Informed.ORALLY, Consent.Informed.IN_WRITING
EASY_READ, INTERPRETER = Consent.Informed.EASY_READ, Consent.Informed.INTERPRETER
SOCIAL = "Socialtjänsten Sagoby, barn och familj"


@dataclass
class Demo:
    today: date
    units: dict
    staff: dict

    def day(self, days: int) -> date:
        """`days` from today; a day ahead that falls on a weekend moves to the Monday, since
        nobody books a SIP meeting on a Saturday."""
        day = self.today + timedelta(days=days)
        while days > 0 and day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def at(self, days: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(self.day(days), time(hour, minute), tzinfo=STOCKHOLM)


def load_plans(today: date) -> None:
    demo = Demo(
        today=today,
        units={unit.name: unit for unit in Unit.objects.select_related("principal")},
        staff={user.email.split("@")[0]: user for user in User.objects.all()},
    )
    for load in (_nora, _liam, _ella, _theo, _samir, _wilma):
        load(demo)


# --- The parts of a SIP --------------------------------------------------------------------
def _consent(demo, plan, units, *, by, given, told, how, language="", child=False,
             trustees=(), maturity="", **fields) -> Consent:  # fmt: skip
    """The consent of the plan's child (if `child`), every guardian, and the trustees."""
    user, unit = by
    consent = Consent.objects.create(
        plan=plan,
        information=fields.pop(
            "information", "Skolgång och frånvaro, hälsa, familjens situation och insatser."
        ),
        form=fields.pop("form", Consent.Form.ORAL),
        given_on=demo.day(given),
        informed_on=demo.day(told),
        informed_how=how,
        informed_language=language,
        maturity_assessment=maturity,
        documented_by=demo.staff[user],
        documented_by_unit=demo.units[unit],
        **fields,
    )
    consent.units.add(*(demo.units[name] for name in units))
    if child:
        ConsentParty.objects.create(consent=consent, is_child=True)
    for guardian in plan.child.guardians.all():
        ConsentParty.objects.create(consent=consent, guardian=guardian)
    for trustee in trustees:
        ConsentParty.objects.create(consent=consent, trustee=trustee)
    return consent


def _invite(demo, meeting, staff, *, invited=None, answers=None, attended=False) -> None:
    """Staff (by e-mail name), the child and every guardian, trustee and relative of the
    preparation; invited `invited` days from today; `answers` (answer, reason for a
    decline) by e-mail name."""
    plan = meeting.plan
    people = [{"kind": Participant.Kind.STAFF, "user": demo.staff[name]} for name in staff] + [
        {"kind": Participant.Kind.CHILD}
    ]
    people += [
        {"kind": Participant.Kind.GUARDIAN, "guardian": g} for g in plan.child.guardians.all()
    ]
    people += [{"kind": Participant.Kind.TRUSTEE, "trustee": t} for t in plan.child.trustees.all()]
    preparation = getattr(plan, "preparation", None)
    if preparation is not None:
        people += [
            {"kind": Participant.Kind.RELATIVE, "relative": r} for r in preparation.relatives.all()
        ]
    for fields in people:
        user = fields.get("user")
        participant = Participant(
            meeting=meeting, unit=user.memberships.first().unit if user else None, **fields
        )
        if invited is not None:
            participant.new_link_nonce()
            participant.invited_at = demo.at(invited, 9)
            participant.invited_sequence = meeting.sequence
        answer, reason = (answers or {}).get(user.email.split("@")[0] if user else "", ("", ""))
        if answer or attended:
            participant.decline_reason = reason
            participant.response = answer or Participant.Response.ACCEPTED
            participant.response_via = Participant.Via.LINK
            participant.responded_at = participant.invited_at or meeting.booked_at
            participant.link_nonce = ""
        if attended:
            participant.attendance = Participant.Attendance.PRESENT
        participant.save()


def _held(demo, plan, days, unit, *, convener, note_taker, place, situation, views, staff,
          kind=Meeting.Kind.FIRST) -> Meeting:  # fmt: skip
    """A meeting held `days` from today (negative), by its agenda, everyone present."""
    meeting = Meeting.objects.create(
        plan=plan,
        kind=kind,
        starts_at=demo.at(days, 13),
        place=place,
        status=Meeting.Status.HELD,
        booked_by=demo.staff[convener],
        unit=demo.units[unit],
        convener=demo.staff[convener],
        leader=demo.staff[convener],
        note_taker=demo.staff[note_taker],
        presentation_done=True,
        previous_plan_read=kind == Meeting.Kind.FOLLOW_UP,
        purpose_read=True,
        situation=situation,
        actors_views=views,
        plan_read_aloud=True,
        closed_at=demo.at(days, 14, 30),
        closed_by=demo.staff[convener],
    )
    _invite(demo, meeting, staff, invited=days - 21, attended=True)
    return meeting


def _booked(demo, plan, days, unit, *, convener, place, staff, invited=None, answers=None,
            **fields) -> Meeting:  # fmt: skip
    meeting = Meeting.objects.create(
        plan=plan,
        starts_at=demo.at(days, fields.pop("hour", 10)),
        place=place,
        booked_by=demo.staff[convener],
        unit=demo.units[unit],
        convener=demo.staff[convener],
        leader=demo.staff[convener],
        **fields,
    )
    _invite(demo, meeting, staff, invited=invited, answers=answers)
    return meeting


def _measure(demo, plan, kept_by, description, goal, *, person=None, unit=None,
             starts=None, ends=None, **fields) -> Measure:  # fmt: skip
    """A measure `kept_by` wrote down: its own unless another `unit`, an `other_actor` or
    no one (`unit=False`: a need no organisation has taken on) carries it out."""
    keeper = demo.units[kept_by]
    if unit is None and not fields.get("other_actor"):
        unit = keeper
    return Measure.objects.create(
        plan=plan,
        goal=goal,
        description=description,
        responsible_unit=demo.units[unit] if isinstance(unit, str) else unit or None,
        kept_by_unit=keeper,
        responsible_person=demo.staff[person] if person else None,
        starts_on=demo.day(starts) if starts is not None else None,
        ends_on=demo.day(ends) if ends is not None else None,
        **fields,
    )


def _lead(demo, plan, meeting, *, coordinator, unit, why, principal, because, by) -> None:
    """The coordinator and the overall responsibility, as decided at `meeting`."""
    plan.coordinator, plan.coordinator_unit = demo.staff[coordinator], demo.units[unit]
    plan.overall_responsibility = demo.units[principal].principal
    plan.save(update_fields=["coordinator", "coordinator_unit", "overall_responsibility"])
    assigned = {"assigned_by": demo.staff[by], "meeting": meeting}
    CoordinatorAssignment.objects.create(
        plan=plan, coordinator=plan.coordinator, unit=plan.coordinator_unit, reason=why, **assigned
    )
    ResponsibilityAssignment.objects.create(
        plan=plan, principal=plan.overall_responsibility, reason=because, **assigned
    )
    # Recorded at the meeting, as they were decided.
    for history in (plan.coordinator_history, plan.responsibility_history):
        history.update(assigned_at=meeting.starts_at + timedelta(hours=1))


def _approve(demo, plan, meeting, *, by, attendees) -> PlanVersion:
    """The plan as it stands, approved at `meeting` (in Swedish, as every version)."""
    number = (plan.versions.count() or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        meeting=meeting,
        approved_on=meeting.starts_at.date(),
        approved_by=demo.staff[by],
        attendees=attendees,
        content=snapshot(plan),
    )
    PlanVersion.objects.filter(pk=version.pk).update(
        approved_at=meeting.starts_at + timedelta(hours=1, minutes=20)
    )
    return version


def _plan(demo, child, unit, convener, *, started=-60, **fields) -> Plan:
    plan = Plan.objects.create(
        child=Child.objects.get(given_name=child),
        initiating_unit=demo.units[unit],
        convener=demo.staff[convener],
        **fields,
    )
    Plan.objects.filter(pk=plan.pk).update(created_at=demo.at(started, 9))
    return plan


# --- The SIPs ------------------------------------------------------------------------------
def _nora(demo: Demo) -> None:
    plan = _plan(
        demo,
        "Nora",
        "Elevhälsan Sagoby",
        "lena.holm",
        child_wishes="Jag vill ha en kompis att vara med på rasterna och slippa ont i magen.",
        reason="Nora är ofta frånvarande och familjen har kontakt med både socialtjänst och BUP.",
        purpose="Hur kan skola, socialtjänst och BUP tillsammans hjälpa Nora att gå till "
        "skolan och må bra?",
        needs="Trygghet i skolan, stöd till familjen, utredning av oro och magont.",
        family_contact="Sara Ek, socialsekreterare, 0999-100 50",
        status=Status.ACTIVE,
        next_follow_up=demo.day(14),
    )
    _consent(
        demo,
        plan,
        [SOCIAL, "BUP Sagoland", "Ekbackens skola"],
        by=("lena.holm", "Elevhälsan Sagoby"),
        given=-50,
        told=-52,
        how=[ORALLY, IN_WRITING],
        child=True,
        maturity="Nora är 12 år. Hon förstod vad en SIP är när kuratorn förklarade med "
        "bilder, och vill själv att de vuxna pratar med varandra.",
    )
    preparation = Preparation.objects.create(
        plan=plan,
        child_participation=Preparation.ChildParticipation.PART,
        trusted_person="Mamma Karin",
        views_gathering="Kuratorn träffar Nora före mötet.",
        childs_views="Nora vill att de vuxna pratar med varandra så att hon slipper berätta "
        "samma sak många gånger.",
    )
    preparation.invited_units.add(
        demo.units[SOCIAL], demo.units["BUP Sagoland"], demo.units["Ekbackens skola"]
    )
    staff = ["lena.holm", "sara.ek", "amira.nasser", "nils.dahl"]
    held = _held(
        demo,
        plan,
        -42,
        "Elevhälsan Sagoby",
        convener="lena.holm",
        note_taker="sara.ek",
        place="Ekbackens skola, konferensrummet",
        situation="Nora berättar att hon får ont i magen på söndagskvällar. Mamma Karin "
        "berättar att morgnarna är svåra.",
        views="Skolan ser att Nora trivs på fritids. BUP erbjuder en bedömning. "
        "Socialtjänsten erbjuder föräldrastöd.",
        staff=staff,
    )
    follow_up = _booked(
        demo,
        plan,
        14,
        SOCIAL,
        convener="sara.ek",
        place="Socialtjänsten Sagoby, rum Linnea",
        link="https://mote.sagoby.example/sip-uppfoljning",
        kind=Meeting.Kind.FOLLOW_UP,
        note_taker=demo.staff["lena.holm"],
        staff=staff,
        invited=-40,
        answers={
            "lena.holm": (Participant.Response.ACCEPTED, ""),
            "nils.dahl": (Participant.Response.DECLINED, "Har utvecklingssamtal samma tid."),
        },
    )
    held.next_meeting = follow_up
    held.save(update_fields=["next_meeting"])
    long_goal = Goal.objects.create(
        plan=plan, term=Goal.Term.LONG, text="Jag vill tycka om skolan.", in_childs_words=True
    )
    short_goal = Goal.objects.create(
        plan=plan, term=Goal.Term.SHORT, text="Nora är i skolan minst fyra dagar i veckan."
    )
    ongoing = {"starts": -38, "ends": 190, "status": Measure.Status.ONGOING}
    _measure(demo, plan, "Elevhälsan Sagoby", "Samtal med kurator varje vecka.", short_goal,
             person="lena.holm", **ongoing)  # fmt: skip
    _measure(demo, plan, SOCIAL, "Föräldrastöd i hemmet två gånger i månaden.", long_goal,
             person="sara.ek", **ongoing)  # fmt: skip
    _measure(demo, plan, "BUP Sagoland", "Utredning av oro och magont.", long_goal,
             person="amira.nasser", **ongoing)  # fmt: skip
    _measure(
        demo,
        plan,
        "Ekbackens skola",
        "Rastaktivitet med fritidsgården, som drivs av föreningen Sagobys unga.",
        short_goal,
        other_actor="Föreningen Sagobys unga",
        other_actor_kind=Measure.OtherActor.CIVIL_SOCIETY,
        timing="Varje lunchrast",
        status=Measure.Status.ONGOING,
    )
    _lead(
        demo,
        plan,
        held,
        coordinator="sara.ek",
        unit=SOCIAL,
        why="Sara träffar familjen regelbundet och Nora vill ha henne som kontakt.",
        principal=SOCIAL,
        because="Socialtjänsten har de flesta insatserna och familjens förtroende.",
        by="lena.holm",
    )
    _approve(
        demo,
        plan,
        held,
        by="lena.holm",
        attendees="Nora (en del av mötet), Karin och Mattias Sagström, Lena Holm, Sara Ek, "
        "Amira Nasser, Nils Dahl",
    )
    # Since the meeting: a need no organisation has taken on yet, in the draft.
    _measure(
        demo,
        plan,
        SOCIAL,
        "En kontaktperson på fritiden, någon Nora kan göra roliga saker med.",
        long_goal,
        unit=False,
        timing="Varannan helg",
    )


def _liam(demo: Demo) -> None:
    plan = _plan(
        demo,
        "Liam",
        SOCIAL,
        "sara.ek",
        child_wishes="Att mamma och pappa inte bråkar.",
        reason="Skolan och socialtjänsten ser oro kring Liams hemsituation.",
        purpose="Hur får Liam ett tryggt vardagsliv, hemma och i skolan?",
        status=Status.BOOKED,
    )
    _consent(
        demo,
        plan,
        ["Ekbackens skola"],
        by=("sara.ek", SOCIAL),
        given=-5,
        told=-7,
        how=[ORALLY, EASY_READ],
    )
    preparation = Preparation.objects.create(
        plan=plan,
        child_participation=Preparation.ChildParticipation.WHOLE,
        trusted_person="Mormor Ingrid",
    )
    preparation.invited_units.add(demo.units["Ekbackens skola"])
    preparation.relatives.add(plan.child.relatives.get())
    Goal.objects.create(
        plan=plan,
        term=Goal.Term.LONG,
        text="Jag vill att det ska vara lugnt hemma.",
        in_childs_words=True,
    )
    staff = ["sara.ek", "nils.dahl", "johan.lind"]
    # The first time booked was cancelled (the letters saying so are ready to print) …
    cancelled = _booked(
        demo,
        plan,
        4,
        SOCIAL,
        convener="sara.ek",
        place="Ekbackens skola, konferensrummet",
        staff=staff,
        invited=-20,
        short_notice_reason="Familjen ville träffas före jullovet.",
    )
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED, sequence=1)
    cancelled.participants.update(link_nonce="")
    # … and the meeting booked again, in three and a half weeks.
    _booked(
        demo,
        plan,
        25,
        SOCIAL,
        convener="sara.ek",
        place="Socialtjänsten Sagoby, rum Linnea",
        hour=14,
        staff=staff,
        invited=-1,
    )


def _ella(demo: Demo) -> None:
    plan = _plan(
        demo,
        "Ella",
        "BUP Sagoland",
        "amira.nasser",
        started=-380,
        child_wishes="Jag vill klara gymnasiet och orka med vardagen.",
        reason="Ella har ångest som gör det svårt att gå till skolan.",
        purpose="Hur kan BUP och skolan tillsammans hjälpa Ella att klara sina studier?",
        needs="Behandling för ångest och anpassningar i skolan.",
        family_contact="Amira Nasser, psykolog på BUP, 0999-300 10",
        status=Status.CLOSED,
        closed_at=demo.at(-21, 15),
        closure_reason=ClosureReason.NO_JOINT_NEEDS,
        closure_note="Ella mår bättre och klarar skolan med de anpassningar skolan själv ger.",
    )
    _consent(
        demo,
        plan,
        ["Sagoby gymnasium", "Elevhälsan Sagoby"],
        by=("amira.nasser", "BUP Sagoland"),
        given=-375,
        told=-376,
        how=[ORALLY, IN_WRITING],
        child=True,
    )
    first = _held(
        demo,
        plan,
        -360,
        "BUP Sagoland",
        convener="amira.nasser",
        note_taker="maja.strand",
        place="BUP Sagoland, mötesrum 2",
        situation="Ella berättar att hon inte orkar gå till skolan när ångesten är stark.",
        views="BUP erbjuder behandling. Skolan kan anpassa schemat.",
        staff=["amira.nasser", "maja.strand"],
    )
    goal = Goal.objects.create(
        plan=plan, term=Goal.Term.LONG, text="Jag vill ta studenten.", in_childs_words=True
    )
    done = {"starts": -355, "ends": -30, "status": Measure.Status.DONE}
    _measure(demo, plan, "BUP Sagoland", "Behandling (KBT) varje vecka.", goal,
             person="amira.nasser", **done)  # fmt: skip
    _measure(demo, plan, "Elevhälsan Sagoby", "Anpassad studiegång och en lugn plats.", goal,
             person="maja.strand", **done)  # fmt: skip
    _lead(
        demo,
        plan,
        first,
        coordinator="amira.nasser",
        unit="BUP Sagoland",
        why="Ella träffar Amira varje vecka.",
        principal="BUP Sagoland",
        because="Behandlingen är det viktigaste stödet.",
        by="amira.nasser",
    )
    _approve(demo, plan, first, by="amira.nasser", attendees="Ella, Amira Nasser, Maja Strand")
    follow_up = _held(
        demo,
        plan,
        -60,
        "BUP Sagoland",
        convener="amira.nasser",
        note_taker="maja.strand",
        place="BUP Sagoland, mötesrum 2",
        situation="Ella går i skolan varje dag och behandlingen är avslutad.",
        views="Alla ser att behoven av samordning är uppfyllda.",
        staff=["amira.nasser", "maja.strand"],
        kind=Meeting.Kind.FOLLOW_UP,
    )
    first.next_meeting = follow_up
    first.save(update_fields=["next_meeting"])
    follow_up.no_next_reason = "SIP:en avslutas."
    follow_up.save(update_fields=["no_next_reason"])
    FollowUp.objects.create(
        plan=plan,
        held_on=demo.day(-60),
        wishes_met="Ja, Ella klarar skolan.",
        measures_delivered="Ja.",
        how_measures_work="Bra, i rätt ordning.",
        results="Ingen frånvaro den senaste terminen.",
        assessments="BUP och skolan ser att målen är nådda.",
        recorded_by=demo.staff["amira.nasser"],
    )


def _theo(demo: Demo) -> None:
    plan = _plan(
        demo,
        "Theo",
        "Solrosens förskola",
        "nils.dahl",
        kind=Plan.Kind.INTERNAL,
        child_wishes="Theo visar att han tycker om att bygga och vara ute.",
        reason="Förskolan och elevhälsan behöver planera stödet inför förskoleklass.",
        purpose="Hur får Theo en bra start i förskoleklass?",
        status=Status.CONSENT,
    )
    _consent(
        demo,
        plan,
        ["Elevhälsan Sagoby"],
        by=("nils.dahl", "Solrosens förskola"),
        given=-3,
        told=-4,
        how=[ORALLY, INTERPRETER],
        language="ar",
    )
    preparation = Preparation.objects.create(
        plan=plan,
        child_participation=Preparation.ChildParticipation.NONE,
        views_gathering="Specialpedagogen är med Theo i förskolan och samtalar med honom "
        "med bildstöd.",
    )
    preparation.invited_units.add(demo.units["Elevhälsan Sagoby"])


def _samir(demo: Demo) -> None:
    plan = _plan(
        demo,
        "Samir",
        "Socialtjänsten Ängsvik",
        "omar.khalil",
        child_wishes="Jag vill lära mig svenska, spela fotboll och få stanna i Sverige.",
        reason="Samir kom ensam till Sverige. Boendet, skolan, gode mannen och "
        "socialtjänsten behöver samordna sig.",
        purpose="Hur får Samir trygghet, skolgång och stöd medan asylärendet prövas?",
        needs="Ett tryggt boende, studiehandledning på dari, stöd genom asylprocessen.",
        family_contact="Omar Khalil, socialsekreterare, 0999-200 20",
        status=Status.ACTIVE,
        next_follow_up=demo.day(35),
    )
    trustee = plan.child.trustees.get()
    _consent(
        demo,
        plan,
        ["Ängsviks skola", "HVB Lindgården"],
        by=("omar.khalil", "Socialtjänsten Ängsvik"),
        given=-28,
        told=-30,
        how=[ORALLY, INTERPRETER],
        language="prs",
        child=True,
        trustees=[trustee],
    )
    staff = ["omar.khalil", "hanna.falk", "ida.borg"]
    held = _held(
        demo,
        plan,
        -21,
        "Socialtjänsten Ängsvik",
        convener="omar.khalil",
        note_taker="ida.borg",
        place="HVB Lindgården, samlingsrummet",
        situation="Samir berättar med tolk att han sover dåligt och saknar sin familj.",
        views="Skolan ordnar studiehandledning. Boendet ser att Samir trivs i fotbollen.",
        staff=staff,
    )
    Participant.objects.create(
        meeting=held,
        kind=Participant.Kind.INTERPRETER,
        name="Tolkförmedlingen Ängsvik",
        language="Dari",
        email="bokning@tolk-angsvik.example",
        attendance=Participant.Attendance.PRESENT,
    )
    goal = Goal.objects.create(
        plan=plan, term=Goal.Term.LONG, text="Jag vill klara skolan i Sverige.",
        in_childs_words=True,
    )  # fmt: skip
    _measure(demo, plan, "HVB Lindgården", "Boende och stöd i vardagen.", goal,
             person="ida.borg", starts=-120, status=Measure.Status.ONGOING)  # fmt: skip
    _measure(demo, plan, "Ängsviks skola", "Studiehandledning på dari tre gånger i veckan.",
             goal, person="hanna.falk", starts=-20, ends=180,
             status=Measure.Status.ONGOING)  # fmt: skip
    _measure(
        demo,
        plan,
        "Socialtjänsten Ängsvik",
        "Prövar Samirs ansökan om uppehållstillstånd.",
        goal,
        unit="Mottagningsenheten Ängsvik",
        timing="Besked väntas i vår",
    )
    _measure(
        demo,
        plan,
        "Socialtjänsten Ängsvik",
        "Följer med Samir till Migrationsverket och förklarar beskeden.",
        goal,
        other_actor="Göran Ekholm, god man",
        other_actor_kind=Measure.OtherActor.TRUSTEE,
        timing="Vid varje möte med Migrationsverket",
    )
    _measure(
        demo,
        plan,
        "Socialtjänsten Ängsvik",
        "Traumabehandling.",
        goal,
        unit=False,
        timing="Så snart som möjligt",
    )
    _lead(
        demo,
        plan,
        held,
        coordinator="omar.khalil",
        unit="Socialtjänsten Ängsvik",
        why="Socialtjänsten placerade Samir och har kontakt med alla runt honom.",
        principal="Socialtjänsten Ängsvik",
        because="Socialnämnden ansvarar för Samirs placering.",
        by="omar.khalil",
    )
    _approve(
        demo,
        plan,
        held,
        by="omar.khalil",
        attendees="Samir, Göran Ekholm (god man), Omar Khalil, Hanna Falk, Ida Borg, tolk",
    )
    follow_up = _booked(
        demo,
        plan,
        35,
        "Socialtjänsten Ängsvik",
        convener="omar.khalil",
        place="HVB Lindgården, samlingsrummet",
        kind=Meeting.Kind.FOLLOW_UP,
        staff=staff,
    )
    held.next_meeting = follow_up
    held.save(update_fields=["next_meeting"])


def _wilma(demo: Demo) -> None:
    ward = "BUP heldygnsvård, avdelning 34"
    plan = _plan(
        demo,
        "Wilma",
        ward,
        "sofia.lund",
        kind=Plan.Kind.DISCHARGE,
        child_wishes="Jag vill komma hem och börja skolan igen, men inte allt på en gång.",
        reason="Wilma skrivs ut från slutenvården inom kort och behöver stöd hemma och i skolan.",
        purpose="Hur blir hemgången trygg för Wilma och familjen?",
        status=Status.BOOKED,
    )
    _consent(
        demo,
        plan,
        ["BUP Sagoland", SOCIAL, "Ekbackens skola"],
        by=("sofia.lund", ward),
        given=-2,
        told=-2,
        how=[ORALLY, IN_WRITING],
        child=True,
    )
    Preparation.objects.create(
        plan=plan, child_participation=Preparation.ChildParticipation.WHOLE
    ).invited_units.add(demo.units["BUP Sagoland"], demo.units[SOCIAL])
    # At discharge time is short: no three weeks' notice (LUS).
    _booked(
        demo,
        plan,
        3,
        ward,
        convener="sofia.lund",
        place="BUP heldygnsvård, avdelning 34, samtalsrummet",
        link="https://mote.sagoland.example/avd34",
        staff=["sofia.lund", "amira.nasser", "karim.berg", "nils.dahl"],
        invited=-1,
    )
