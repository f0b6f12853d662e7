"""Presidio recognizers for personal information in Chinese customer data.

One module per identifier, each with the same shape (a docstring describing the
number, ``compact`` / ``is_valid`` helpers where the identifier has a structure, and
one recognizer class).  Add them to any Presidio ``RecognizerRegistry``::

    from workbench.pii.cn import all_recognizers
    for recognizer in all_recognizers("zh"):
        registry.add_recognizer(recognizer)

What the project's columnar engine asks of a recognizer beyond Presidio's API is declared
in ``protocol.py`` (``ColumnRecognizer``); every recognizer of the pack implements it.
"""

from .address import CnAddressRecognizer
from .bank_card import CnBankCardRecognizer
from .date_of_birth import CnDateOfBirthRecognizer
from .email import CnEmailRecognizer
from .hk_macau_permit import CnHkMacauPermitRecognizer
from .ip_address import CnIpAddressRecognizer
from .landline_phone import CnLandlinePhoneRecognizer
from .mobile_phone import CnMobilePhoneRecognizer
from .passport import CnPassportRecognizer
from .protocol import ColumnDefaults, ColumnRecognizer
from .person import CnPersonRecognizer
from .resident_id import CnResidentIdRecognizer
from .uscc import CnUsccRecognizer
from .vehicle_plate import CnVehiclePlateRecognizer

RECOGNIZER_CLASSES = (
    CnResidentIdRecognizer,
    CnMobilePhoneRecognizer,
    CnLandlinePhoneRecognizer,
    CnBankCardRecognizer,
    CnUsccRecognizer,
    CnPassportRecognizer,
    CnHkMacauPermitRecognizer,
    CnVehiclePlateRecognizer,
    CnEmailRecognizer,
    CnIpAddressRecognizer,
    CnDateOfBirthRecognizer,
    CnPersonRecognizer,
    CnAddressRecognizer,
)


def all_recognizers(language: str = "zh") -> list:
    """A fresh instance of every recognizer of the pack for ``language``."""
    return [cls(supported_language=language) for cls in RECOGNIZER_CLASSES]


__all__ = [cls.__name__ for cls in RECOGNIZER_CLASSES] + [
    "RECOGNIZER_CLASSES",
    "all_recognizers",
    "ColumnRecognizer",
    "ColumnDefaults",
]
