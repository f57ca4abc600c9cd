"""When the Trust answers its phone (TRUST_HOURS, Europe/London, bank holidays closed), said in any language."""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays

from . import prompts

LONDON = ZoneInfo("Europe/London")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RANGE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Opening:
    """Days (Monday 0) and the times on each of them, e.g. Mon-Fri 09:00-17:00."""

    first: int
    last: int
    start: dt.time
    end: dt.time

    def covers(self, moment: dt.datetime) -> bool:
        return self.first <= moment.weekday() <= self.last and self.start <= moment.time() < self.end


class TrustHours:
    """The Trust's opening hours, with the bank holidays it is closed on."""

    def __init__(self, openings: tuple[Opening, ...], holiday_region: str = "GB-ENG"):
        self.openings = openings
        country, _, subdivision = holiday_region.partition("-")
        self.holidays = holidays.country_holidays(country, subdiv=subdivision or None)

    @classmethod
    def parse(cls, hours: str | None, holiday_region: str | None) -> "TrustHours | None":
        """TRUST_HOURS ('Mon-Fri 09:00-17:00', ranges separated by commas) and TRUST_HOLIDAYS ('GB-SCT');
        None when hours are unset (always try). Raises ValueError naming the setting."""
        region = (holiday_region or "GB-ENG").strip().upper()
        country, _, subdivision = region.partition("-")
        try:
            holidays.country_holidays(country, subdiv=subdivision or None)
        except (NotImplementedError, KeyError, ValueError):
            raise ValueError(f"TRUST_HOLIDAYS must be a region such as GB-ENG, GB-SCT or GB-WLS, not {holiday_region!r}")
        if not hours or not str(hours).strip():
            return None
        openings = []
        for part in str(hours).split(","):
            found = RANGE.match(" ".join(part.strip().lower().split()))
            if not found:
                raise ValueError(f"TRUST_HOURS must be like Mon-Fri 09:00-17:00 (Europe/London), not {hours!r}")
            first, last, h1, m1, h2, m2 = found.groups()
            try:
                start, end = dt.time(int(h1), int(m1)), dt.time(int(h2), int(m2))
            except ValueError:
                raise ValueError(f"TRUST_HOURS has a time that is not one: {hours!r}") from None
            a, b = DAYS.index(first), DAYS.index(last or first)
            if b < a or end <= start:
                raise ValueError(f"TRUST_HOURS ranges must run forwards (Mon-Fri, 09:00-17:00), not {hours!r}")
            openings.append(Opening(a, b, start, end))
        return cls(tuple(openings), region)

    def open_at(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(LONDON)
        if local.date() in self.holidays:
            return False
        return any(o.covers(local) for o in self.openings)

    def describe(self, texts) -> str:
        """When it is open, in a language's own words: 'Monday to Friday, 09:00 to 17:00'."""
        locale = texts.language.locale
        names = locale.days["format"]["wide"]
        out = []
        for o in self.openings:
            days = names[o.first] if o.first == o.last else texts.get(
                prompts.HOURS["days"], first=names[o.first], last=names[o.last])
            # 24-hour ASCII digits, as UK services write them: CLDR's short times add Latin AM/PM in some
            # languages and a narrow no-break space that would make an English text UCS-2.
            out.append(texts.get(prompts.HOURS["hours"], days=days, start=f"{o.start:%H:%M}", end=f"{o.end:%H:%M}"))
        return "; ".join(out)


def moment(text: str | None, now: dt.datetime | None = None) -> dt.datetime:
    """HELPLINE_NOW or `helpline call --at`: an ISO time (2026-12-12T10:00), or a day and time this week
    ('Sat 10:00'), in Europe/London; unset: now."""
    now = (now or dt.datetime.now(LONDON)).astimezone(LONDON)
    if not text:
        return now
    text = text.strip()
    try:
        parsed = dt.datetime.fromisoformat(text)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=LONDON)
    except ValueError:
        pass
    found = re.match(r"^(mon|tue|wed|thu|fri|sat|sun)\w*\s+(\d{1,2}):(\d{2})$", text.lower())
    if not found:
        raise ValueError(f"a moment must be like 'Sat 10:00' or 2026-12-12T10:00, not {text!r}")
    day = DAYS.index(found.group(1))
    date = now.date() + dt.timedelta(days=(day - now.weekday()) % 7)
    return dt.datetime.combine(date, dt.time(int(found.group(2)), int(found.group(3))), tzinfo=LONDON)
