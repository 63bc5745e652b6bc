"""Coverage-guided fuzzing of the code, numeric and amount parsers with atheris, as its own
process: `python -m tests.reliability.atheris_parsers RUNS`. Any exception other than the
parsers' typed errors is a crash: atheris prints it and exits non-zero."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from kinpay import base45, codes, money
    from kinpay.errors import CodeError, MoneyError

CURRENCIES = money.currencies()


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    choice = fdp.ConsumeIntInRange(0, 3)
    if choice == 0:
        text = fdp.ConsumeUnicodeNoSurrogates(400)
    elif choice == 1:
        text = codes.TEXT_PREFIX + base45.encode(fdp.ConsumeBytes(260))
    elif choice == 2:
        text = fdp.ConsumeUnicodeNoSurrogates(30)
        try:
            codes.parse_numeric(text)
        except CodeError:
            pass
        return
    else:
        currency = CURRENCIES[fdp.ConsumeIntInRange(0, len(CURRENCIES) - 1)]
        try:
            money.parse_minor(fdp.ConsumeUnicodeNoSurrogates(45), currency)
        except MoneyError:
            pass
        return
    try:
        codes.verify_code(text, {}, now_s=1_800_000_000)
    except CodeError:
        pass


def main() -> None:
    runs = int(sys.argv[1])
    atheris.Setup([sys.argv[0], f"-runs={runs}", "-max_total_time=600"], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
