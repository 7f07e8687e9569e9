"""French dates: month names and weekdays, dates as written in a sentence, dates of folded text.

* :data:`MONTH` (as written, accents optional), :data:`MONTH_FOLDED` and :data:`WEEKDAY_FOLDED`
  (folded text, month abbreviations included), from ``data/french.json``;
* :data:`DATE`: a date in a sentence as written (« du 3 au 7 février 2025 », « 2-3 juin 2025 », « 31 mai 2003 »,
  « mai 2003 », « 15/10/2025 », « 2025-06-16 », « 2003 »), and :data:`YEAR_ONLY`;
* :data:`DATE_FOLDED` and :func:`parse_date`: a full date of folded text (« 10/03/2025 »,
  « 2025-03-10 », « lundi 3 fevr. 2025 ») and its value.

Every pattern is linear (no nested quantifiers over the same characters).
"""

from __future__ import annotations

import re
from datetime import date

from .folding import fold
from .lexicon import lexicon


def _accents_optional(word: str) -> str:
    return "".join(c if fold(c) == c else f"[{c}{fold(c)}]" for c in word)


#: A month name as written, accents optional (« février », « fevrier »): use with re.IGNORECASE.
MONTH = "(?:" + "|".join(_accents_optional(m) for m in lexicon().months) + ")"
#: A month name or abbreviation of folded text (« fevrier », « fevr », « sept »), longest first.
MONTH_FOLDED = "(?:" + "|".join(sorted(lexicon().month_numbers, key=len, reverse=True)) + ")"
#: A weekday of folded text (« lundi »).
WEEKDAY_FOLDED = "(?:" + "|".join(fold(d) for d in lexicon().weekdays) + ")"

_DAY = r"(?:1er|[0-3]?\d)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
#: A date in a sentence as written (case ignored), from a lone year to a range of days.
DATE = re.compile(
    rf"\b(?:(?:du\s+|entre\s+le\s+)?{_DAY}(?:\s+{MONTH})?\s+(?:au|et)\s+|{_DAY}\s?[-–]\s?)?{_DAY}\s+{MONTH}(?:\s+{_YEAR})?\b"
    rf"|\b{MONTH}\s+{_YEAR}\b"
    r"|\b[0-3]?\d/[01]?\d/(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d-[01]\d-[0-3]\d\b"
    rf"|(?<!loi )(?<!n° )\b{_YEAR}\b",  # « loi 1901 » names a law, not a date
    re.IGNORECASE,
)
#: A year alone (1800–2099).
YEAR_ONLY = re.compile(_YEAR)

#: A full date of folded text, its parts in named groups: ``d1 m1 y1`` (« 10/03/2025 », « 10.03.25 »),
#: ``y2 m2 d2`` (« 2025-03-10 »), ``d3 m3 y3`` (« lundi 1er fevr. 2025 »). Read by :func:`parse_date`.
DATE_FOLDED = (
    r"(?:(?P<d1>\d{1,2})\s?[/.-]\s?(?P<m1>\d{1,2})\s?[/.-]\s?(?P<y1>\d{4}|\d{2})(?!\d)"
    r"|(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})(?!\d)"
    rf"|(?:{WEEKDAY_FOLDED}\s+)?(?P<d3>\d{{1,2}}|1er)\s+(?P<m3>{MONTH_FOLDED})\.?\s+(?P<y3>\d{{4}}))"
)


def parse_date(m: re.Match[str]) -> date | None:
    """The date a match of :data:`DATE_FOLDED` names (two-digit years: 00–49 → 2000s, 50–99 → 1900s),
    ``None`` when it is not a real day or lies outside 1950–2100."""
    try:
        if m.group("y1"):
            year = int(m.group("y1"))
            year = year + (2000 if year < 50 else 1900) if year < 100 else year
            result = date(year, int(m.group("m1")), int(m.group("d1")))
        elif m.group("y2"):
            result = date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        else:
            day = 1 if m.group("d3") == "1er" else int(m.group("d3"))
            result = date(int(m.group("y3")), lexicon().month_numbers[m.group("m3")], day)
    except (ValueError, TypeError, KeyError):
        return None
    return result if 1950 <= result.year <= 2100 else None
