"""Settings, read from the environment once and checked at start."""

import os
import re
import secrets
import time

from flask import Flask

from . import hours, languages, phones

DEFAULT_TRUST_PHONE = "+441475794577"

# Every setting of DESIGN.md: name -> default (None: worked out at start).
DEFAULTS = {
    "TWILIO_AUTH_TOKEN": None,
    "TWILIO_ACCOUNT_SID": None,
    "PUBLIC_BASE_URL": None,
    "STORE_URL": None,
    "HELPLINE_SECRET": None,
    "TRUST_PHONE": DEFAULT_TRUST_PHONE,
    "HELPLINE_LANGUAGES": None,
    "REVIEWED_LANGUAGES_ONLY": False,
    "LANGUAGE_LINES": None,
    "AUDIO_DIR": None,
    "TTS_ENGINE": "gtts",
    "STATE_RETENTION_DAYS": 365,
    "OPTOUT_JOURNAL": None,
    "SMS_RATE_LIMIT": "30/hour",
    "TRUST_HOURS": None,
    "TRUST_HOLIDAYS": None,
    "TRUST_SCREEN": True,
    "HELPLINE_NOW": None,
    "SMS_FROM": None,
    "REPORTS_PASSWORD": None,
    "TWILIO_API_URL": None,
    "SMS_ALLOWED_COUNTRIES": None,
}

RATE_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


def environment(environ=None) -> dict:
    """The helpline's settings that are set in the environment (the only reader of os.environ)."""
    environ = os.environ if environ is None else environ
    return {name: environ[name] for name in DEFAULTS if environ.get(name)}


def load(app: Flask, overrides=None, environ=None) -> None:
    """Fill app.config from the defaults, the environment, then `overrides`, and check it."""
    app.config.update(DEFAULTS)
    app.config.update(environment(environ))
    if overrides:
        app.config.update(overrides)
    _check(app)


def _check(app: Flask) -> None:
    cfg = app.config
    base = cfg["PUBLIC_BASE_URL"]
    if cfg["TWILIO_AUTH_TOKEN"] and not base:
        # Without it the signature would be checked against whatever Host the request names, so a signature
        # made for another app on the same Twilio account would pass (shared/FACTS.md).
        raise ConfigError(
            "PUBLIC_BASE_URL must be set with TWILIO_AUTH_TOKEN: the https origin Twilio calls, "
            "e.g. https://helpline.example.org"
        )
    account = cfg["TWILIO_ACCOUNT_SID"]
    if account and not re.match(r"^AC[0-9a-f]{32}$", str(account)):
        raise ConfigError(f"TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits (Twilio Console), not {account!r}")
    if base:
        if not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", base):
            raise ConfigError(
                f"PUBLIC_BASE_URL must be an origin such as https://helpline.example.org, not {base!r}"
            )
        cfg["PUBLIC_BASE_URL"] = base.rstrip("/")

    try:
        # As the number is often written: +44 (0)1475 794577, 01475 794 577 (libphonenumber, UK by default).
        cfg["TRUST_PHONE"] = phones.parse_setting("TRUST_PHONE", cfg["TRUST_PHONE"])
    except ValueError as e:
        raise ConfigError(str(e)) from None

    try:
        days = int(cfg["STATE_RETENTION_DAYS"])
    except (TypeError, ValueError):
        days = 0
    if days < 1:
        raise ConfigError(f"STATE_RETENTION_DAYS must be a whole number of days, 1 or more, not {cfg['STATE_RETENTION_DAYS']!r}")
    cfg["STATE_RETENTION_DAYS"] = days

    cfg["REVIEWED_LANGUAGES_ONLY"] = flag("REVIEWED_LANGUAGES_ONLY", cfg["REVIEWED_LANGUAGES_ONLY"])
    cfg["LANGUAGE_LINES"] = _language_lines(cfg["LANGUAGE_LINES"])
    cfg["SMS_RATE_LIMIT"] = _rate(cfg["SMS_RATE_LIMIT"])
    cfg["TRUST_SCREEN"] = flag("TRUST_SCREEN", cfg["TRUST_SCREEN"])
    if cfg["SMS_FROM"]:
        try:
            cfg["SMS_FROM"] = phones.parse_setting("SMS_FROM", cfg["SMS_FROM"])
        except ValueError as e:
            raise ConfigError(str(e)) from None
    try:
        cfg["TRUST_OPENING"] = hours.TrustHours.parse(cfg["TRUST_HOURS"], cfg["TRUST_HOLIDAYS"])
        hours.moment(cfg["HELPLINE_NOW"])
    except ValueError as e:
        raise ConfigError(str(e) if "TRUST" in str(e) else f"HELPLINE_NOW: {e}") from None
    try:
        cfg["SMS_ALLOWED_COUNTRIES"] = phones.parse_regions(cfg["SMS_ALLOWED_COUNTRIES"])
    except ValueError as e:
        raise ConfigError(str(e)) from None
    if not cfg["AUDIO_DIR"]:
        cfg["AUDIO_DIR"] = os.path.join(app.instance_path, "audio")  # beside the store, wherever it is installed
    if cfg["TTS_ENGINE"] not in ("gtts", "espeak"):
        raise ConfigError(f"TTS_ENGINE must be gtts or espeak, not {cfg['TTS_ENGINE']!r}")

    if not cfg["STORE_URL"]:
        cfg["STORE_URL"] = "sqlite:///" + os.path.join(app.instance_path, "helpline.sqlite3")
    if not cfg["OPTOUT_JOURNAL"]:
        cfg["OPTOUT_JOURNAL"] = os.path.join(app.instance_path, "optout-journal")
    if not cfg["HELPLINE_SECRET"]:
        cfg["HELPLINE_SECRET"] = _instance_secret(app.instance_path)


def _rate(value) -> tuple[int, int] | None:
    """SMS_RATE_LIMIT, '30/hour' (second, minute, hour or day; 'off' for none), as (replies, window seconds)."""
    if isinstance(value, tuple) or value is None:
        return value
    text = str(value).strip().lower()
    if text in ("off", "none", "0"):
        return None
    count, _, unit = text.partition("/")
    unit = unit.strip().rstrip("s")
    if not count.strip().isdigit() or int(count) < 1 or unit not in RATE_UNITS:
        raise ConfigError(f"SMS_RATE_LIMIT must be like 30/hour (per second, minute, hour or day), or off; not {value!r}")
    return int(count), RATE_UNITS[unit]


def flag(name: str, value) -> bool:
    """A yes/no setting: 1, true, yes, on or 0, false, no, off."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{name} must be 1 or 0 (yes or no), not {value!r}")


def _language_lines(value) -> dict[str, str]:
    """Parse LANGUAGE_LINES, '+442071234567=pl,+442071234568=ur', into {number: language}."""
    if isinstance(value, dict):
        pairs = list(value.items())
    else:
        pairs = [item.partition("=")[::2] for item in (value or "").split(",") if item.strip()]
    lines = {}
    for number, code in pairs:
        try:
            number = phones.parse_setting("LANGUAGE_LINES", number)
        except ValueError:
            number = None
        code = code.strip()
        if number is None or code not in languages.BY_CODE:
            raise ConfigError(
                f"LANGUAGE_LINES must be like +442071234567=pl,+442071234568=ur (languages: "
                f"{', '.join(languages.BY_CODE)}), not {value!r}"
            )
        lines[number] = code
    return lines


def _instance_secret(instance_path: str) -> str:
    """Read the hashing key kept in the instance folder, making it the first time."""
    os.makedirs(instance_path, exist_ok=True)
    path = os.path.join(instance_path, "helpline-secret")
    try:
        # O_EXCL: of several workers starting at once, exactly one writes the key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            with open(path, encoding="ascii") as f:
                key = f.read().strip()
            if key:
                return key
            time.sleep(0.02)  # another worker is still writing it
        raise ConfigError(f"HELPLINE_SECRET is unset and {path} is empty: delete it or set HELPLINE_SECRET")
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key + "\n")
    return key
