import datetime as dt
from dataclasses import dataclass

from hemicycle.group import rules


@dataclass
class C:
    starts_on: dt.date
    ends_on: dt.date


TODAY = dt.date(2026, 11, 28)


def test_no_contract_no_warning():
    assert rules.contract_warnings([], today=TODAY) == []


def test_three_years_exactly_is_allowed_one_day_more_is_not():
    ok = C(dt.date(2024, 1, 1), dt.date(2026, 12, 31))
    too_long = C(dt.date(2024, 1, 1), dt.date(2027, 1, 1))
    assert not [w for w in rules.contract_warnings([ok], today=TODAY) if w.level == "alert"]
    alerts = [w for w in rules.contract_warnings([too_long], today=TODAY) if w.level == "alert"]
    assert len(alerts) == 1
    assert "durée maximale de 3 ans" in alerts[0].message


def test_total_above_six_years_is_an_alert():
    contracts = [
        C(dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
        C(dt.date(2022, 1, 1), dt.date(2024, 12, 31)),
        C(dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
    ]
    messages = [w.message for w in rules.contract_warnings(contracts, today=TODAY)]
    assert any("plafond de 6 ans" in m for m in messages)


def test_end_within_ninety_days_warns_with_renewal_room():
    current = C(dt.date(2025, 1, 1), dt.date(2027, 1, 15))
    warnings = rules.contract_warnings([current], today=TODAY)
    assert [w.level for w in warnings] == ["warn"]
    assert "15/01/2027" in warnings[0].message
    assert "dans 48 jours" in warnings[0].message
    assert "renouvellement possible" in warnings[0].message


def test_end_far_away_is_silent():
    current = C(dt.date(2026, 1, 1), dt.date(2028, 1, 1))
    assert rules.contract_warnings([current], today=TODAY) == []


def test_no_renewal_left_at_the_cap():
    contracts = [
        C(dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
        C(dt.date(2024, 1, 1), dt.date(2026, 12, 31)),
    ]
    warnings = rules.contract_warnings(contracts, today=TODAY)
    assert any("aucun renouvellement possible" in w.message for w in warnings)
    assert rules.remaining_days(contracts) == 0


def test_contract_beyond_the_mandature_is_an_alert():
    contract = C(dt.date(2026, 1, 1), dt.date(2028, 6, 30))
    messages = [
        w.message
        for w in rules.contract_warnings([contract], today=TODAY, term_end=dt.date(2028, 3, 31))
    ]
    assert any("après la fin de la mandature" in m for m in messages)


def test_leap_day_start():
    assert rules.add_years(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)
