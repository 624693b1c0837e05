"""`<input type="date">` takes only ISO values: every date field of the project renders one in every language, so
the browser keeps the value (a localized 20/01/2026 is dropped and a required date shows blank)."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook

from billing.forms import RequesterTariffForm
from billing.models import RequesterTariff
from bookings.models import Status
from config.widgets import DateInput, DateTimeInput, TimeInput
from interpreters.forms import AbsenceForm
from portal.views.staff import BookingFilterForm
from reporting.forms import StatisticsFilterForm
from tests.billing.conftest import requester_tariff
from tests.factories import BookingFactory, StaffFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["nl", "fr", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_widgets_render_iso_values_in_every_language(language):
    moment = timezone.make_aware(timezone.datetime(2026, 1, 20, 14, 30))
    with override(language):
        assert 'value="2026-01-20"' in DateInput().render("d", date(2026, 1, 20))
        assert 'value="14:30"' in TimeInput().render("t", moment.time())
        assert 'value="2026-01-20T14:30"' in DateTimeInput().render("dt", moment.replace(tzinfo=None))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_date_form_renders_and_reads_back_iso_dates(language):
    RequesterTariff.objects.all().delete()  # the seeded ones: this tariff's period is the only one
    tariff = requester_tariff(valid_from=date(2026, 1, 20), valid_until=date(2026, 12, 31))
    with override(language):
        tariff_html = RequesterTariffForm(instance=tariff).as_p()
        statistics = StatisticsFilterForm(today=date(2026, 3, 5))
        statistics_html = statistics.as_p()
        absence_html = AbsenceForm(initial={"starts_on": date(2026, 2, 1), "ends_on": date(2026, 2, 3)}).as_p()
        bound = StatisticsFilterForm({"start": "2026-01-20", "end": "2026-03-05"}, today=date(2026, 3, 5))
        staff_filter = BookingFilterForm({"starts_from": "2026-01-20"})

    assert 'type="date"' in tariff_html and 'value="2026-01-20"' in tariff_html and 'value="2026-12-31"' in tariff_html
    assert 'value="2026-01-01"' in statistics_html and 'value="2026-03-05"' in statistics_html
    assert 'value="2026-02-01"' in absence_html and 'value="2026-02-03"' in absence_html
    assert bound.is_valid() and bound.cleaned_data["start"] == date(2026, 1, 20)
    assert staff_filter.is_valid() and staff_filter.cleaned_data["starts_from"] == date(2026, 1, 20)


def test_the_unfiltered_statistics_page_exports_files(client):
    client.force_login(StaffFactory())
    BookingFactory(status=Status.COMPLETED, starts_at=timezone.now() - timedelta(minutes=5))
    url = reverse("reporting:statistics")
    page = client.get(url)
    today = timezone.localdate()
    query = f"start={today.replace(month=1, day=1).isoformat()}&amp;end={today.isoformat()}"

    exported_csv = client.get(url, {"export": "csv"})
    exported_xlsx = client.get(url, {"export": "xlsx"})

    assert f'href="?{query}&amp;export=csv"' in page.content.decode()
    assert exported_csv["Content-Type"].startswith("text/csv")
    # the page downloads are for people (reporting/exports.py): Dutch labels, `;` for Belgian Excel
    csv_rows = list(csv.reader(io.StringIO(exported_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert csv_rows[0] == ["Indicator", "Indeling", "Onderdeel", "Waarde"]
    assert any(row[1:] == ["Totaal", "", "1"] for row in csv_rows[1:])
    xlsx_rows = list(load_workbook(io.BytesIO(exported_xlsx.content)).active.iter_rows(values_only=True))
    assert any(row[1:] == ("Totaal", None, 1) for row in xlsx_rows[1:])
