"""Plain web endpoints: the health check, the listen pages, and the speech files."""

import re

import datetime as dt
import functools
import hmac

from flask import Blueprint, Response, abort, current_app, render_template, request, send_from_directory

from . import content, prompts, reports, shared
from .hours import LONDON
from .audio import AudioError
from .store import StoreError

bp = Blueprint("web", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the app and its store are usable now, 503 when the store is not; answers within a second."""
    try:
        # Written and read back now (for SQLite, in the file the app opened), with any journalled
        # opt-outs applied first: a store that only answers reads is not healthy.
        shared().state.check()
    except StoreError as e:
        current_app.logger.error("health check: store unusable: %s", e)
        return {"status": "store unavailable"}, 503
    return {"status": "ok"}


AUDIO_NAME = re.compile(r"^[0-9a-f]{32}\.(mp3|wav)$")
FIRST_SENTENCE = re.compile(r".+?(?:[.。۔।](?=\s|$)|$)", re.S)  # the welcome's first sentence, in any script


def _language(code: str):
    """An offered language by the code texted to choose it (pl, tam, zh) or its locale code (zh_Hans)."""
    lexicon = shared().lexicon
    for lang in lexicon.offered:
        if code.lower() in (lang.reply_code.lower(), lang.code.lower()):
            return lang
    return None


def _reports_allowed():
    """REPORTS_PASSWORD, by HTTP basic auth (any user name); off when unset; never over plain http but locally."""
    password = current_app.config["REPORTS_PASSWORD"]
    if not password:
        abort(404)
    base = current_app.config["PUBLIC_BASE_URL"] or ""
    if not current_app.config["LOCAL_MODE"] and not base.startswith("https://"):
        abort(403)  # a password must not cross the network in the clear
    auth = request.authorization
    if auth is None or not hmac.compare_digest((auth.password or "").encode(), password.encode()):
        return Response("The reports need the password.\n", 401, {"WWW-Authenticate": 'Basic realm="helpline reports"'})
    return None


def _last_30_days():
    today = dt.datetime.now(LONDON).date()
    span = reports.days(today - dt.timedelta(days=29), today)
    return shared().state.store.tallies(span[0], span[-1]), span


def reports_view(view):
    """The password, then the last 30 days' counters for the view."""

    @functools.wraps(view)
    def checked():
        refused = _reports_allowed()
        if refused is not None:
            return refused
        try:
            tallies, span = _last_30_days()
        except StoreError:
            abort(503)
        response = view(tallies, span)
        response.headers["Cache-Control"] = "no-store"
        return response

    return checked


@bp.get("/reports")
@reports_view
def reports_page(tallies, span):
    """The last 30 days for the Trust and the hospital: charts a person reads at a glance, each with its table."""
    page = render_template("reports.html", charts=reports.charts(tallies, span), first=span[0], last=span[-1],
                           small=reports.SMALL)
    return Response(page, mimetype="text/html")


@bp.get("/reports.csv")
@reports_view
def reports_csv(tallies, span):
    response = Response(reports.as_csv(tallies, span), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="helpline-{span[0]}-{span[-1]}.csv"'
    return response


@bp.get("/l/<code>/<int:number>")
def listen(code, number):
    """One part of the sheet, to hear and to read, in one language: one small page, no script needed."""
    helpline = shared()
    lang = _language(code)
    if lang is None or number not in content.SECTION_BY_NUMBER:
        abort(404)
    t = helpline.lexicon.texts[lang.code]
    section = content.SECTION_BY_NUMBER[number]
    spoken = t.get(section.voice)
    audio = helpline.audio.cached(lang, spoken)
    if audio is None:
        try:
            audio = helpline.audio.render(lang, spoken, wait=False)  # espeak-ng now, the better voice later
        except AudioError:
            audio = None  # the page says the recording is coming: never a broken player

    def part(n):
        return {"url": f"/l/{code}/{n}", "title": t.get(content.SECTION_BY_NUMBER[n].title)} \
            if n in content.SECTION_BY_NUMBER else None

    others = [{"url": f"/l/{other.reply_code.lower()}/{number}", "lang": other.locale.language,
               "dir": other.direction, "name": other.native_name}
              for other in helpline.lexicon.offered if other is not lang]
    page = render_template(
        "listen.html", lang=lang, number=number, title=t.get(section.title),
        service=FIRST_SENTENCE.match(t.get(prompts.VOICE["welcome"])).group(0),
        text=[spoken], audio=f"/audio/{audio}" if audio else None,
        listen=t.get(prompts.WEB["listen"]), audio_coming=t.get(prompts.WEB["audio_coming"]),
        previous=part(number - 1), next=part(number + 1), previous_label=t.get(prompts.WEB["previous"]),
        next_label=t.get(prompts.WEB["next"]), call=t.get(prompts.WEB["call"]), website=t.get(prompts.WEB["website"]),
        safety=t.get(prompts.WEB["safety"]), languages_label=t.get(prompts.WEB["languages"]), others=others,
        draft=t.get(prompts.WEB["draft"]) if t.draft else None, **content.CONTACT,
    )
    response = current_app.response_class(page, mimetype="text/html")
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Content-Language"] = lang.locale.language
    return response


@bp.get("/audio/<name>")
def audio_file(name):
    """Rendered speech, for Twilio's <Play>: named by its content's hash, so it never changes."""
    if not AUDIO_NAME.match(name):
        abort(404)
    response = send_from_directory(current_app.config["AUDIO_DIR"], name, max_age=365 * 86400)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
