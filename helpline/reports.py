"""The day's anonymous counters, shaped for people: tables, CSV, and the charts of the reports page.

Counters hold no number, no message text and no key that could be tied back to a number: only what was
done, when (by day, Europe/London), on which channel and in which language. Counts under 5 are shown as
'<5' (the usual NHS small-number suppression), so no family can be singled out.
"""

import csv
import datetime as dt
import io

SMALL = 5

GROUPS = (
    ("Calls and texts", ("voice", "sms", "whatsapp")),
    ("Languages", "language:"),
    ("Parts read", "section:"),
    ("Put-throughs to the Trust", "put-through:"),
    ("Other", ("language switch", "texts sent from calls", "opt-out", "opt-in", "refused:rate", "refused:country",
               "refused:blocked")),
)
PARTS = {1: "About", 2: "Causes", 3: "Symptoms", 4: "Diagnosis", 5: "Treatment", 6: "Care team", 7: "Outlook",
         8: "Support"}


def days(first: dt.date, last: dt.date) -> list[str]:
    return [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def shown(n: int, exact: bool = False) -> str:
    """A count as it may be shown: '<5' for 1 to 4 unless `exact` (the operator's own use)."""
    return str(n) if exact or n == 0 or n >= SMALL else f"<{SMALL}"


def label(name: str) -> str:
    if name.startswith("section:"):
        number = int(name.split(":")[1])
        return f"{number} {PARTS.get(number, '')}".strip()
    return name.split(":", 1)[1] if ":" in name and not name.startswith("refused") else name


def members(group, names) -> list[str]:
    pattern = group[1]
    if isinstance(pattern, tuple):
        return [n for n in pattern if n in names] if pattern != GROUPS[0][1] else list(pattern)
    return sorted((n for n in names if n.startswith(pattern)), key=lambda n: (len(n), n))


def totals(tallies: dict[str, dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for counts in tallies.values():
        for name, n in counts.items():
            out[name] = out.get(name, 0) + n
    return out


def as_csv(tallies: dict[str, dict[str, int]], span: list[str], exact: bool = False) -> str:
    """day, counter, count: a row for every counter of every day (a spreadsheet pivots it)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["day", "counter", "count"])
    for day in span:
        for name, n in sorted(tallies.get(day, {}).items()):
            writer.writerow([day, name, shown(n, exact)])
    return out.getvalue()


def as_table(tallies: dict[str, dict[str, int]], span: list[str], exact: bool = False) -> str:
    """A plain-text table: each counter's total over the days, group by group."""
    names = totals(tallies)
    lines = [f"{span[0]} to {span[-1]}" if span else "no days"]
    for title, _ in GROUPS:
        rows = [(label(n), names.get(n, 0)) for n in members((title, _), names)]
        if not rows:
            continue
        lines.append(f"\n{title}")
        width = max(len(r[0]) for r in rows)
        lines += [f"  {name:<{width}}  {shown(n, exact):>6}" for name, n in rows]
    return "\n".join(lines)


def charts(tallies: dict[str, dict[str, int]], span: list[str]) -> list[dict]:
    """The reports page's charts: for each, bars (label, value shown, width %) and the same as a table."""
    names = totals(tallies)
    out = []
    per_day = [{"label": day[5:], "value": sum(tallies.get(day, {}).get(c, 0) for c in ("voice", "sms", "whatsapp"))}
               for day in span]
    out.append(_chart("Calls and texts per day", per_day))
    for title, pattern in GROUPS[1:4]:
        rows = [{"label": label(n), "value": names.get(n, 0)} for n in members((title, pattern), names)]
        out.append(_chart(title, rows))
    return out


def _chart(title: str, rows: list[dict]) -> dict:
    top = max([r["value"] for r in rows] + [1])
    for r in rows:
        r["shown"] = shown(r["value"])
        # A bar no longer than what it may say: a suppressed count is drawn at the suppression line.
        drawn = r["value"] if r["value"] == 0 or r["value"] >= SMALL else SMALL - 1
        r["width"] = round(100 * drawn / max(top, SMALL), 1)
    return {"title": title, "rows": rows}
