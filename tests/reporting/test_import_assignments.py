from datetime import UTC, datetime, timedelta

from bookings.models import Booking, Kind, Status, StatusChange
from organisations.models import Organisation, OrganisationKind
from tests.factories import OrganisationFactory, municipality

HEADER = "reference,organisation,postcode,kind,mode,language,starts_at,duration_minutes,status\n"
GOOD = HEADER + (
    "H-1,OCMW Hasselt,3500,interpreting,on_site,ara,2017-03-01T10:00:00+01:00,60,completed\n"
    "H-2,OCMW Hasselt,3500,interpreting,phone,prs,2017-12-31T23:30:00+01:00,30,cancelled\n"
    "H-3,Nieuwe Vzw,9000,translation,,tir,2017-06-01T09:00:00+02:00,,completed\n"
    "H-4,Nieuwe Vzw,9000,interpreting,video,rus,2017-06-02T09:00:00+02:00,90,unfilled\n"
)
BAD = HEADER + (
    "H-1,OCMW Hasselt,3500,interpreting,on_site,ara,2017-03-01T10:00:00+01:00,60,completed\n"
    "H-1,OCMW Hasselt,3500,interpreting,on_site,ara,2017-03-01T10:00:00+01:00,60,completed\n"
    "H-3,Vzw,0000,interpreting,on_site,ara,2017-03-01T10:00:00+01:00,60,completed\n"
    "H-4,Vzw,3500,dancing,on_site,ara,2017-03-01T10:00:00+01:00,60,completed\n"
    "H-5,Vzw,3500,interpreting,skype,ara,2017-03-01T10:00:00+01:00,60,completed\n"
    "H-6,Vzw,3500,translation,phone,ara,2017-03-01T10:00:00+01:00,,completed\n"
    "H-7,Vzw,3500,interpreting,phone,xxq,2017-03-01T10:00:00+01:00,60,completed\n"
    "H-8,Vzw,3500,interpreting,phone,ara,2017-03-01T10:00:00,60,completed\n"
    "H-9,Vzw,3500,interpreting,phone,ara,1 maart 2017,60,completed\n"
    "H-10,Vzw,3500,interpreting,phone,ara,2017-03-01T10:00:00+01:00,20,completed\n"
    "H-11,Vzw,3500,interpreting,phone,ara,2017-03-01T10:00:00+01:00,60,done\n"
    ",Vzw,3500,interpreting,phone,ara,2017-03-01T10:00:00+01:00,60,completed\n"
)


def _write(tmp_path, text):
    path = tmp_path / "assignments.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_creates_bookings_organisations_and_history(db, tmp_path, run_command):
    hasselt = OrganisationFactory(name="OCMW Hasselt", municipality=municipality("3500"))

    assert run_command("import_assignments", _write(tmp_path, GOOD)) == 0

    bookings = {b.reference: b for b in Booking.objects.select_related("organisation__municipality")}
    assert set(bookings) == {"H-1", "H-2", "H-3", "H-4"}
    assert bookings["H-1"].organisation == hasselt
    assert bookings["H-1"].status == Status.COMPLETED and bookings["H-1"].interpreter is None
    assert bookings["H-1"].starts_at == datetime(2017, 3, 1, 9, 0, tzinfo=UTC)
    assert bookings["H-1"].duration_minutes == 60
    assert bookings["H-2"].status == Status.CANCELLED and bookings["H-2"].late_cancellation is False
    translation = bookings["H-3"]
    assert translation.kind == Kind.TRANSLATION and translation.mode == ""
    assert translation.target_language_id == "nld" and translation.deadline == translation.starts_at
    new = Organisation.objects.get(name="Nieuwe Vzw")
    assert new.kind == OrganisationKind.OTHER and new.municipality.postcode == "9000"
    assert bookings["H-4"].organisation == new
    assert StatusChange.objects.filter(booking__reference__startswith="H-").count() == 4


def test_importing_the_same_file_again_changes_nothing(db, tmp_path, run_command):
    assert run_command("import_assignments", _write(tmp_path, GOOD)) == 0
    before = list(Booking.objects.order_by("reference").values_list("reference", "status", "starts_at", "updated_at"))

    assert run_command("import_assignments", _write(tmp_path, GOOD)) == 0

    after = list(Booking.objects.order_by("reference").values_list("reference", "status", "starts_at", "updated_at"))
    assert after == before
    assert Organisation.objects.filter(name="Nieuwe Vzw").count() == 1
    assert StatusChange.objects.count() == 4


def test_a_bad_file_writes_nothing_and_names_every_bad_line(db, tmp_path, capsys, run_command):
    organisations = Organisation.objects.count()

    code = run_command("import_assignments", _write(tmp_path, BAD))

    err = capsys.readouterr().err
    assert code == 1
    assert Booking.objects.count() == 0
    assert Organisation.objects.count() == organisations
    assert ": regel 2:" not in err
    for line, reason in [
        (3, "referentie 'H-1' staat al op regel 2"),
        (4, "postcode '0000'"),
        (5, "soort 'dancing'"),
        (6, "modus 'skype'"),
        (7, "een vertaling heeft geen modus"),
        (8, "taal 'xxq'"),
        (9, "start '2017-03-01T10:00:00' heeft geen tijdzone"),
        (10, "start '1 maart 2017' is geen ISO 8601"),
        (11, "een tolkopdracht duurt minstens 30 minuten"),
        (12, "status 'done'"),
        (13, "referentie ontbreekt"),
    ]:
        assert f"regel {line}: {reason}" in err, (line, err)


def test_every_booking_status_can_be_imported_as_history(db, tmp_path, run_command):
    rows = "".join(
        f"S-{status},Vzw,3500,interpreting,phone,ara,2017-05-02T10:00:00+02:00,60,{status}\n"
        for status in Status.values
    )
    assert run_command("import_assignments", _write(tmp_path, HEADER + rows)) == 0

    imported = dict(Booking.objects.filter(reference__startswith="S-").values_list("reference", "status"))
    assert imported == {f"S-{status}": status for status in Status.values}
    confirmed = Booking.objects.get(reference="S-confirmed")
    assert confirmed.imported is True and confirmed.interpreter is None


def test_imported_rows_read_back_as_the_orm_would_have_saved_them(db, tmp_path, run_command):
    """The rows are written without model instances (bookings/bulk.py): every column still gets its default."""
    assert run_command("import_assignments", _write(tmp_path, GOOD)) == 0
    booking = Booking.objects.get(reference="H-4")
    assert booking.imported and booking.sector == "andere" and booking.urgent is False
    assert booking.meeting_room == "" and booking.notes == "" and booking.updated_at is not None
    assert booking.ends_at == booking.starts_at + timedelta(minutes=90)
    history = StatusChange.objects.get(booking=booking)
    assert (history.from_status, history.to_status, history.note_text) == ("", "unfilled", "Geïmporteerd")
    assert history.at == booking.created_at == datetime(2017, 6, 2, 7, 0, tzinfo=UTC)
