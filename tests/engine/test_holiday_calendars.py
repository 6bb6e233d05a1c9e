"""The holidays of one country without importing every country's module
(billdesk.domain.holiday_calendars): the same dates and errors as holidays.country_holidays."""

import subprocess
import sys

import holidays
import pytest

from billdesk.domain.holiday_calendars import country_holidays
from billdesk.domain.tariff import FieldError, parse_tariff
from billdesk.engine.schedule import holiday_dates

CASES = [("CH", None), ("CH", "ZH"), ("CH", "GE"), ("CH", "TI"), ("CHE", "BE"), ("DE", "BY"),
         ("DE", None), ("AT", None), ("FR", None), ("IT", None), ("LI", None), ("US", "CA"),
         ("GB", "SCT"), ("UK", None), ("NL", None), ("BE", None)]


@pytest.mark.parametrize("country,subdiv", CASES)
def test_same_dates_and_names_as_holidays(country, subdiv):
    years = [2023, 2024, 2025, 2026]
    ours = country_holidays(country, subdiv=subdiv, years=years)
    theirs = holidays.country_holidays(country, subdiv=subdiv, years=years)
    assert type(ours) is type(theirs)
    assert sorted(ours.items()) == sorted(theirs.items())
    assert len(ours) > 5


def test_errors_are_those_of_holidays():
    with pytest.raises(NotImplementedError):
        country_holidays("XX", years=2025)
    with pytest.raises(NotImplementedError):
        holidays.country_holidays("XX", years=2025)
    for f in (country_holidays, holidays.country_holidays):
        with pytest.raises(Exception) as exc:
            f("CH", subdiv="NOPE", years=2025)
        assert type(exc.value) is NotImplementedError or "NOPE" in str(exc.value)
    with pytest.raises(Exception) as ours:
        country_holidays("CH", subdiv="NOPE", years=2025)
    with pytest.raises(Exception) as theirs:
        holidays.country_holidays("CH", subdiv="NOPE", years=2025)
    assert type(ours.value) is type(theirs.value) and str(ours.value) == str(theirs.value)


def test_a_class_name_goes_to_holidays_itself():
    assert sorted(country_holidays("Switzerland", years=2025).items()) == \
        sorted(holidays.country_holidays("Switzerland", years=2025).items())


def test_one_country_module_imported_in_a_fresh_process():
    code = ("import sys\n"
            "from billdesk.domain.tariff import parse_tariff\n"
            "from billdesk.engine.schedule import holiday_dates\n"
            "d = holiday_dates('CH', 'ZH', (2025,))\n"
            "mods = sorted(m for m in sys.modules if m.startswith('holidays.countries'))\n"
            "print(len(d), mods)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split(None, 1)
    assert out[0] == "9"                                   # Zurich's 2025 public holidays
    assert out[1].strip() == "['holidays.countries.switzerland']"


TARIFF = {"code": "T", "name": "T", "currency": "CHF", "timezone": "Europe/Zurich",
          "valid_from": "2025-01-01",
          "components": [{"type": "energy", "label": "Energy", "price": "0.2", "vat_rate": "8.1"}]}


def test_tariff_validation_of_the_holiday_calendar():
    tv = parse_tariff({**TARIFF, "holidays": {"country": "DE", "subdiv": "BY"}})
    assert (tv.holidays_country, tv.holidays_subdiv) == ("DE", "BY")
    with pytest.raises(FieldError) as exc:
        parse_tariff({**TARIFF, "holidays": {"country": "XX"}})
    assert exc.value.field == "holidays.country" and "unknown holiday country 'XX'" in str(exc.value)
    with pytest.raises(FieldError) as exc:
        parse_tariff({**TARIFF, "holidays": {"country": "CH", "subdiv": "NOPE"}})
    # holidays raises NotImplementedError for an unknown region too: reported as the
    # country's (as before this module)
    assert exc.value.field == "holidays.country"
    assert holiday_dates("CH", "ZH", (2025,)) == frozenset(
        holidays.country_holidays("CH", subdiv="ZH", years=[2025]).keys())


def test_a_frozen_build_without_module_files_imports_the_package():
    """In the frozen app (PyInstaller) the country modules are in its archive, not files
    beside ``holidays/__init__``: the calendar still comes, through the package's import."""
    code = ("import holidays, sys, tempfile, os\n"
            "holidays.__file__ = os.path.join(tempfile.mkdtemp(), '__init__.pyc')\n"
            "from billdesk.domain.holiday_calendars import country_holidays\n"
            "h = country_holidays('CH', subdiv='ZH', years=2025)\n"
            "print(len(h), 'holidays.countries' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    import holidays

    want = len(holidays.country_holidays("CH", subdiv="ZH", years=2025))
    assert out.stdout.split() == [str(want), "True"]
