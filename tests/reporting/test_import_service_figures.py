import pytest
from django.core.management import call_command

from reporting.models import ServiceFigure, ServiceIndicator

GOOD = """year,indicator,region,value
2018,mo_courses,,1000
2018,mo_new_students,,14000
2018,mo_new_students,limburg,1800
2018,brand_new_indicator,,5
"""
BAD = """year,indicator,region,value
2018,mo_courses,,1000
18,mo_courses,limburg,10
2018,mo_courses,atlantis,10
2018,mo_courses,,1001
2018,Bad Code!,,3
2018,staff,,-4
2018,offices,,12.5
"""


def _write(tmp_path, text):
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_is_imported_and_unknown_indicators_are_created(db, tmp_path, capsys, run_command):
    assert run_command("import_service_figures", _write(tmp_path, GOOD)) == 0

    figures = {(f.indicator.code, f.region.code if f.region else ""): f.value for f in ServiceFigure.objects.all()}
    assert figures == {
        ("mo_courses", ""): 1000,
        ("mo_new_students", ""): 14000,
        ("mo_new_students", "limburg"): 1800,
        ("brand_new_indicator", ""): 5,
    }
    assert ServiceIndicator.objects.get(code="brand_new_indicator").label_nl == "brand_new_indicator"
    assert "brand_new_indicator" in capsys.readouterr().out


def test_importing_again_updates_the_values(db, tmp_path):
    call_command("import_service_figures", str(_write(tmp_path, GOOD)))
    call_command("import_service_figures", str(_write(tmp_path, GOOD.replace("1000", "1111"))))

    assert ServiceFigure.objects.count() == 4
    assert ServiceFigure.objects.get(indicator__code="mo_courses", year=2018, region=None).value == 1111


def test_a_bad_file_writes_nothing_and_names_each_bad_line(db, tmp_path, capsys, run_command):
    code = run_command("import_service_figures", _write(tmp_path, BAD))

    err = capsys.readouterr().err
    assert code == 1
    assert ServiceFigure.objects.count() == 0
    assert ": regel 2:" not in err
    for line, reason in [
        (3, "jaar"),
        (4, "regio 'atlantis'"),
        (5, "dubbel"),
        (6, "indicator"),
        (7, "waarde '-4'"),
        (8, "waarde '12.5'"),
    ]:
        assert f"regel {line}: {reason}" in err
    assert not ServiceIndicator.objects.filter(code="Bad Code!").exists()


def test_wrong_columns_are_refused(db, tmp_path, capsys, run_command):
    assert run_command("import_service_figures", _write(tmp_path, "year,code,value\n2018,staff,3\n")) == 1
    assert "regel 1" in capsys.readouterr().err


def test_the_database_refuses_two_totals_for_one_indicator_and_year(db):
    from django.db import IntegrityError, transaction

    indicator = ServiceIndicator.objects.get(code="staff")
    ServiceFigure.objects.create(year=2017, indicator=indicator, region=None, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceFigure.objects.create(year=2017, indicator=indicator, region=None, value=2)
