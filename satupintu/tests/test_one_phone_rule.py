"""Every place that takes a mobile number applies the one rule of core.identifiers, and the log
mask hides every number it lets through (issue 7, item 4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from satupintu.accounts import services as accounts
from satupintu.applications.tests.conftest import register_warsini
from satupintu.catalog.formdef import PhoneField
from satupintu.core.errors import ServiceError
from satupintu.notifications.services import _clean_address
from satupintu.privacy.services import clean_changes
from satupintu.tests.logcapture import masked_log

FIFTEEN = "081234567890123"
SIXTEEN = "0812345678901234"
NINE = "081234567"


def accepted_everywhere(number: str, world: Any) -> list[str]:
    """The normalised value each entry point keeps (raises if any of them refuses)."""
    kept = [
        accounts.normalise_contact(number)[1],
        PhoneField().clean(number),
        clean_changes({"phone": number}, user=world.siti)["phone"],
        _clean_address(number, "sms"),
    ]
    citizen = register_warsini(world, phone=number)
    kept.append(citizen.phone)
    return kept


@pytest.mark.django_db
def test_a_fifteen_digit_number_is_accepted_everywhere_and_masked_in_logs(world):
    assert accepted_everywhere("+62 812-3456-7890-123", world) == [FIFTEEN] * 5

    with masked_log("satupintu.counter") as (log, buffer):
        log.warning("walk-in %s, typed as +62 812-3456-7890-123", FIFTEEN)
    assert FIFTEEN not in buffer.getvalue()
    assert "3456-7890" not in buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("number", [NINE, SIXTEEN])
def test_numbers_outside_the_rule_are_refused_everywhere(number, world):
    with pytest.raises(ServiceError):
        accounts.normalise_contact(number)
    with pytest.raises(ValidationError):
        PhoneField().clean(number)
    with pytest.raises(ServiceError):
        clean_changes({"phone": number}, user=world.siti)
    with pytest.raises(ValueError):
        _clean_address(number, "sms")
    with pytest.raises(ServiceError) as refused:
        register_warsini(world, phone=number)
    assert refused.value.field == "phone"
