"""helpline: an SMS and phone helpline for families affected by OMS/DES."""

from dataclasses import dataclass, field

from flask import Flask, current_app

from . import config, hours, languages
from .audio import Renderer, spoken
from .conversation import Lexicon, SmsConversation
from .dialogue import PhoneDialogue
from .store import open_store
from .store.guard import Guard, ensure_upkeep

LOCAL_MODE_WARNING = (
    "TWILIO_AUTH_TOKEN is not set: LOCAL MODE. Webhook signatures are NOT checked, "
    "so only requests from this machine (loopback) are answered. Set TWILIO_AUTH_TOKEN "
    "before putting this helpline on a public address."
)


@dataclass
class Helpline:
    """What every request shares: the state (the store, guarded against its faults) and the conversations."""

    state: Guard
    lexicon: Lexicon
    sms: SmsConversation
    phone: PhoneDialogue
    audio: Renderer
    # A call step's TwiML, by what the dialogue answered, for a few seconds (see voice.render).
    spoken: dict = field(default_factory=dict)


def shared() -> Helpline:
    """What the current app's requests share (inside a request or app context)."""
    return current_app.extensions["helpline"]


def create_app(config_overrides=None) -> Flask:
    """Build the helpline app; `config_overrides` beats the environment (tests use it)."""
    overrides = dict(config_overrides or {})
    # INSTANCE_PATH: where the store and generated secret live by default.
    app = Flask(__name__, instance_path=overrides.pop("INSTANCE_PATH", None), instance_relative_config=True)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # Twilio's webhooks are a few kB
    config.load(app, overrides)
    try:
        offered = languages.parse_list(app.config["HELPLINE_LANGUAGES"], app.config["REVIEWED_LANGUAGES_ONLY"])
    except ValueError as e:
        raise config.ConfigError(str(e)) from None
    try:
        rate = app.config["SMS_RATE_LIMIT"]
        store = open_store(
            app.config["STORE_URL"], app.config["HELPLINE_SECRET"], app.config["STATE_RETENTION_DAYS"],
            window_seconds=rate[1] if rate else 3600,
        )
    except ValueError as e:
        raise config.ConfigError(str(e)) from None
    state = Guard(store, app.config["OPTOUT_JOURNAL"])
    state.purge()  # then hourly, in a thread of each worker (ensure_upkeep), never inside a request
    asked = app.config["HELPLINE_LANGUAGES"]
    english_only = asked and [c.strip() for c in str(asked).split(",") if c.strip()] == [languages.DEFAULT.code]
    if not english_only and not languages.catalogs_found():
        # Never silently English-only: an install without its catalogs is broken, and says where it looked.
        raise config.ConfigError(
            f"HELPLINE_LANGUAGES: the translations were not found at {languages.LOCALES_DIR}; reinstall the "
            "helpline (the wheel carries them), or set HELPLINE_LANGUAGES=en to offer English only"
        )
    if not app.config["HELPLINE_LANGUAGES"]:
        for lang in languages.TABLE:
            reason = None if lang is languages.DEFAULT else languages.not_offered_because(lang.code)
            if reason and languages.catalog(lang.code) is not None:
                # A language that was offered drops out when English changes: never silently.
                app.logger.warning("%s is not offered: its catalog has %s", lang.code, reason)
    for lang in offered:
        st = languages.status(lang.code)
        if lang is not languages.DEFAULT and not st.complete:
            # Offered on purpose (HELPLINE_LANGUAGES), but missing words fall back to English: say so.
            app.logger.warning(
                "%s is offered but its catalog is incomplete (%d of %d translated, %d fuzzy): those texts are in English",
                lang.code, st.translated, st.messages, st.fuzzy,
            )
    drafts = [lang.code for lang in offered if languages.is_draft(lang.code)]
    if drafts:
        app.logger.warning(
            "offered in draft, not yet checked by a medical translator (families are told so; "
            "REVIEWED_LANGUAGES_ONLY=1 offers only reviewed languages): %s", ", ".join(drafts),
        )
    lexicon = Lexicon(offered)
    audio = Renderer(app.config["AUDIO_DIR"], app.config["TTS_ENGINE"])
    audio.recordings.needed = spoken(lexicon)  # so a recording dropped in is matched to its text when first seen
    app.extensions["helpline"] = Helpline(state=state, lexicon=lexicon, sms=SmsConversation(lexicon, app.config["PUBLIC_BASE_URL"] or "http://localhost:5000",
                                                              app.config["TRUST_OPENING"]),
                                          phone=PhoneDialogue(lexicon, app.config["TRUST_OPENING"],
                                                              lambda: hours.moment(app.config["HELPLINE_NOW"])),
                                          audio=audio)
    app.config["LOCAL_MODE"] = not app.config["TWILIO_AUTH_TOKEN"]
    if app.config["LOCAL_MODE"]:
        app.logger.warning(LOCAL_MODE_WARNING)

    from . import sms, voice, web

    app.before_request(ensure_upkeep)
    app.register_blueprint(sms.bp)
    app.register_blueprint(voice.bp)
    app.register_blueprint(web.bp)

    @app.errorhandler(403)
    def forbidden(_error):
        return "Forbidden\n", 403, {"Content-Type": "text/plain"}

    return app
