"""The `helpline` command: run the webhook server, or try the helpline in a terminal."""

import datetime as dt
import secrets
import sys

import click
from babel.messages.pofile import read_po

from . import catalogs, config, create_app, languages, phones, prompts, reports, smstext
from .config import ConfigError
from .security import is_loopback
from .simulate import PhoneCall, TwilioSimulator
from .store import StoreError

DEMO_NUMBER = "+447400123456"


def _app(overrides=None):
    try:
        return create_app(overrides)
    except ConfigError as e:
        raise click.ClickException(f"configuration: {e}") from None


def _signed_app(overrides=None):
    """The app as configured, signing for real: with a one-off token (and a local origin) where none is set."""
    overrides = dict(overrides or {})
    if not config.environment().get("TWILIO_AUTH_TOKEN"):
        overrides.update({"TWILIO_AUTH_TOKEN": secrets.token_hex(16), "PUBLIC_BASE_URL": "http://localhost"})
    return _app(overrides)


def _ask(prompt: str) -> str | None:
    """A line typed at the prompt, or None at the end of input; piped input is echoed like typing."""
    interactive = sys.stdin.isatty()
    try:
        line = input(prompt if interactive else "")
    except EOFError:
        return None
    if not interactive:
        click.echo(f"{prompt}{line}")
    return line


@click.group()
def main():
    """An SMS and phone helpline for families affected by OMS/DES.

    Settings come from environment variables (see README.md and .env.example).
    """


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, envvar="PORT", help="Port to listen on ($PORT).")
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
def serve(host, port, workers):
    """Run the webhook server (gunicorn) for Twilio to call.

    Point the Twilio number's messaging webhook at https://YOUR-HOST/sms.
    Without TWILIO_AUTH_TOKEN it runs in local mode and only on loopback.
    """
    app = _app()
    if app.config["LOCAL_MODE"] and not is_loopback(host):
        raise click.ClickException(
            f"refusing to listen on {host}: TWILIO_AUTH_TOKEN is not set, so nothing would check "
            "that requests come from Twilio. Set it, or listen on 127.0.0.1."
        )
    if app.config["LOCAL_MODE"]:
        click.secho("LOCAL MODE: webhook signatures are not checked; loopback only.", fg="yellow", err=True)
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("timeout", 30)
            self.cfg.set("accesslog", "-")

        def load(self):
            return app

    Server().run()


@main.command()
@click.option("--from", "from_number", default=DEMO_NUMBER, show_default=True, help="The phone number you text from.")
def chat(from_number):
    """Text the helpline from this terminal, with no Twilio account.

    Each line you type is sent as a signed SMS webhook through the app, using
    the store in STORE_URL; the reply is printed with its SMS segment count.
    End with Ctrl-D.
    """
    sim = TwilioSimulator(_signed_app(), from_number)
    if sys.stdin.isatty():
        click.echo(f"Texting the helpline as {from_number}. Try HI, 3, MORE, TRUST, HELP, STOP. Ctrl-D ends.")
    while True:
        line = _ask("you> ")
        if line is None:
            break
        replies = sim.text(line)
        if not replies:
            click.echo("(no reply)")
        for text in replies:
            info = smstext.info(text)
            encoding = "GSM-7" if info.encoding == smstext.GSM7 else "UCS-2"
            click.echo(text)
            click.secho(f"[{info.segments} segment(s), {encoding}, {len(text)} characters]", dim=True)
        click.echo("")


# What the Trust's phone does: Twilio's DialCallStatus values, and a voicemail (answered, but no one pressed 1).
DIAL_OUTCOMES = ("completed", "voicemail", "busy", "no-answer", "failed", "canceled")


@main.command()
@click.option("--from", "from_number", default=DEMO_NUMBER, show_default=True, help="The phone number you call from.")
@click.option(
    "--trust",
    "dial_status",
    type=click.Choice(DIAL_OUTCOMES),
    default=None,
    help="What happens when you are put through to the Trust; asked each time if not given.",
)
@click.option("--at", "moment", default=None,
              help="Call at this moment (Europe/London), e.g. 'Sat 10:00' or 2026-12-25T10:00: tries TRUST_HOURS.")
def call(from_number, dial_status, moment):
    """Ring the helpline from this terminal, as Twilio would.

    You hear (as text) every <Say>, see every <Play> and <Dial>. At each menu,
    type a key (0-9, * or #) to press it, type words to say them, or press
    Enter alone to stay silent. Each step is a signed webhook through the app.
    """
    def trust_answers():
        # Asked at the moment of each put-through, so every outcome can be tried.
        answer = (_ask(f"(ringing the Trust) does it answer? {'/'.join(DIAL_OUTCOMES)} [completed]> ") or "").strip()
        return answer if answer in DIAL_OUTCOMES else "completed"

    phone = PhoneCall(TwilioSimulator(_signed_app({"HELPLINE_NOW": moment} if moment else None), from_number),
                      dial_status=dial_status or trust_answers)
    click.echo(f"Calling the helpline as {from_number}.")
    turn = phone.start()
    while True:
        for spoken in turn.heard:
            if spoken.play:
                click.echo(f"  PLAY  {spoken.play}")
            elif spoken.dial:
                click.echo(f"  DIAL  {spoken.dial}")
            else:
                click.echo(f"  SAY [{spoken.language}, {spoken.voice}]  {spoken.text}")
        for whisper in turn.whispers:
            click.echo(f"  (the Trust hears: {whisper})")
        if turn.ended:
            click.echo("  (call ended)")
            return
        line = _ask("key, words, or Enter for silence> ")
        if line is None:
            click.echo("  (you hung up)")
            return
        line = line.strip()
        if not line:
            turn = phone.silence()
        elif len(line) == 1 and line in "0123456789*#":
            turn = phone.press(line)
        else:
            turn = phone.say(line)


@main.command("languages")
def languages_command():
    """List every language: catalog completeness, review status, and what the phone can do in it."""
    settings = config.environment()
    try:
        offered = {
            lang.code for lang in languages.parse_list(
                settings.get("HELPLINE_LANGUAGES"),
                config.flag("REVIEWED_LANGUAGES_ONLY", settings.get("REVIEWED_LANGUAGES_ONLY", False)),
            )
        }
    except ValueError as e:
        raise click.ClickException(f"configuration: {e}") from None
    with open(catalogs.POT, "rb") as f:
        total = sum(1 for m in read_po(f) if m.id)
    header = f"{'code':<8}{'reply':<6}{'name':<11}{'msgs':>5}{'done':>5}{'fuzzy':>6}  {'review':<8}{'offered':<8}"
    click.echo(header + f"{'phone voice':<33}{'speech in':<13}text-to-speech")
    for lang in languages.TABLE:
        st = languages.status(lang.code)
        if lang is languages.DEFAULT:
            st = languages.CatalogStatus(total, total, 0, "source")
        voice = f"{lang.say} {lang.voice}" if lang.voice else "none: plays rendered audio"
        click.echo(
            f"{lang.code:<8}{lang.reply_code:<6}{lang.native_name:<11}{st.messages:>5}{st.translated:>5}{st.fuzzy:>6}  "
            f"{st.review:<8}{'yes' if lang.code in offered else 'no':<8}{voice:<33}"
            f"{lang.gather or 'keys only':<13}{('gTTS ' + lang.gtts) if lang.gtts else 'espeak-ng only'}, espeak-ng"
        )
    dropped = [(lang.code, languages.not_offered_because(lang.code)) for lang in languages.TABLE
               if lang is not languages.DEFAULT and lang.code not in offered]
    for code, reason in dropped:
        if reason:
            click.echo(f"\n{code} is not offered: its catalog has {reason}.")
    drafts = [code for code in offered if languages.is_draft(code)]
    if drafts:
        click.echo(
            "\nOffered in draft, not yet checked by a medical translator (families are told so): "
            + ", ".join(sorted(drafts)) + ".\nREVIEWED_LANGUAGES_ONLY=1 offers only reviewed languages."
        )


@main.command("optout-replies")
def optout_replies():
    """Print, per language, the replies to paste into Twilio's Advanced Opt-Out.

    In the Twilio Console: Messaging > Services > your service > Opt-Out Management. Add a
    language for each offered one; paste its opt-out, opt-in and help texts. Twilio then
    confirms STOP, START and HELP itself, in the texter's language, and the helpline
    records each one (Twilio tells it with the OptOutType field) and sends nothing more.
    """
    app = _app()
    lexicon = app.extensions["helpline"].lexicon
    for lang in lexicon.offered:
        t = lexicon.texts[lang.code]
        click.echo(f"== {lang.english_name} ({lang.native_name}, {lang.code})")
        for label, key in (("opt-out (STOP)", "stopped"), ("opt-in (START)", "started"), ("help (HELP)", "help")):
            click.echo(f"-- {label}:\n{t.get(prompts.SMS[key])}")
        click.echo()


def _set_blocked(number: str, blocked: bool) -> str:
    """Block or unblock a number as an operator wrote it; returns it in E.164."""
    app = _app()
    try:
        parsed = phones.parse_setting("the number", number)
        app.extensions["helpline"].state.store.block(parsed, blocked)
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    except StoreError as e:
        raise click.ClickException(f"the store cannot be used just now: {e}") from None
    return parsed


@main.command()
@click.argument("number")
def block(number):
    """Stop answering a number that harasses the helpline (texts and calls).

    Only the HMAC of the number is kept, as for every other number. National UK forms
    (07400 123456) are understood. `helpline unblock NUMBER` lets it in again.
    """
    click.echo(f"Blocked {_set_blocked(number, True)}: its texts get no reply, its calls are refused.")


@main.command()
@click.argument("number")
def unblock(number):
    """Answer a blocked number again."""
    click.echo(f"Unblocked {_set_blocked(number, False)}.")


@main.command()
@click.option("--from", "first", default=None, help="First day, e.g. 2026-12-01 (default: 30 days ago).")
@click.option("--to", "last", default=None, help="Last day (default: today).")
@click.option("--csv", "as_csv", is_flag=True, help="CSV (day, counter, count) for a spreadsheet.")
@click.option("--exact", is_flag=True, help="Show counts under 5 as they are (for the operator's own use only).")
def report(first, last, as_csv, exact):
    """What the helpline did, day by day: calls, texts, languages, parts read, put-throughs, opt-outs.

    Anonymous counters: no number, no message. Counts under 5 show as <5 unless --exact.
    """
    try:
        end = dt.date.fromisoformat(last) if last else dt.date.today()
        start = dt.date.fromisoformat(first) if first else end - dt.timedelta(days=29)
    except ValueError as e:
        raise click.ClickException(f"--from and --to are days like 2026-12-01: {e}") from None
    if start > end:
        raise click.ClickException("--from must not be after --to")
    app = _app()
    span = reports.days(start, end)
    try:
        tallies = app.extensions["helpline"].state.store.tallies(span[0], span[-1])
    except StoreError as e:
        raise click.ClickException(f"the store cannot be used just now: {e}") from None
    click.echo(reports.as_csv(tallies, span, exact) if as_csv else reports.as_table(tallies, span, exact), nl=not as_csv)


@main.group()
def translate():
    """Work on the translations (Babel catalogs under locales/).

    After changing any English text: `helpline translate extract`, then
    `helpline translate update`, then translate what became new or fuzzy in
    each locales/<lang>/LC_MESSAGES/messages.po, then `helpline translate check`.
    """


@translate.command()
def extract():
    """Write locales/messages.pot from the texts marked in the code."""
    catalogs.extract()


@translate.command()
def update():
    """Merge messages.pot into every language's catalog."""
    catalogs.update()


@translate.command()
@click.argument("code")
def init(code):
    """Start the catalog of a new language (a draft until reviewed)."""
    click.echo(catalogs.init(code))


@translate.command()
@click.argument("codes", nargs=-1)
def check(codes):
    """Check catalogs: complete, numbers and keywords kept, every SMS within 4 segments."""
    codes = codes or [lang.code for lang in languages.TABLE if lang is not languages.DEFAULT]
    problems = [p for code in codes for p in catalogs.check(code)]
    for problem in problems:
        click.echo(problem)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s)")
    click.echo(f"{len(codes)} catalog(s) checked: no problems")


@main.group()
def audio():
    """Speech files: every part of the sheet in every language, Urdu's phone prompts, people's recordings."""


@audio.command()
@click.option("--engine", type=click.Choice(["gtts", "espeak"]), default=None,
              help="gtts (Google's voices, needs the internet) or espeak (espeak-ng, offline). Default: TTS_ENGINE.")
@click.option("--languages", "codes", default=None, help="Only these, e.g. en,pl,ur (default: every offered language).")
@click.option("--jobs", default=4, show_default=True, help="Files rendered at once.")
def build(engine, codes, jobs):
    """Render every part of the sheet, in every offered language, and the phone prompts of languages
    Twilio has no voice for (Urdu), into AUDIO_DIR as MP3, so no caller or listener waits for it.

    Files are named by their content: a rebuild renders only what is missing or changed, and removes
    what no text needs any more. Each file is written whole, then renamed. gTTS is retried after a
    rate limit or a network error; people's recordings (see `helpline audio status`) are kept.
    """
    from .audio import build as render_all
    from .audio import spoken

    app = _app()
    helpline = app.extensions["helpline"]
    engine = engine or app.config["TTS_ENGINE"]
    chosen = {c.strip() for c in codes.split(",")} if codes else None
    unknown = (chosen or set()) - {lang.code for lang in helpline.lexicon.offered}
    if unknown:
        raise click.ClickException(f"--languages names {', '.join(sorted(unknown))}, which is not offered")
    total = sum(1 for (code, _key) in spoken(helpline.lexicon) if chosen is None or code in chosen)
    with click.progressbar(length=total, label=f"rendering with {engine}", show_pos=True,
                           item_show_func=lambda code: code or "") as bar:
        failures = render_all(helpline.audio, helpline.lexicon, engine, chosen, jobs,
                              progress=lambda code: bar.update(1, code))
    for line in failures:
        click.echo(line, err=True)
    if failures:
        raise click.ClickException(f"{len(failures)} could not be rendered")
    click.echo(f"ready in {app.config['AUDIO_DIR']}")


@audio.command("status")
@click.option("--engine", type=click.Choice(["gtts", "espeak"]), default=None, help="Default: TTS_ENGINE.")
def audio_status(engine):
    """Per language: what is current, missing, and which people's recordings are out of date.

    To replace machine speech with a person's voice, put an MP3 at AUDIO_DIR/recorded/<lang>/<key>.mp3,
    with a key listed here (a part of the sheet such as 'symptoms', or a phone prompt such as
    'welcome'). It is used from then on, until the text it was made for changes.
    """
    from .audio import spoken, status

    app = _app()
    helpline = app.extensions["helpline"]
    engine = engine or app.config["TTS_ENGINE"]
    report = status(helpline.audio, helpline.lexicon, engine)
    unused = report.pop("unused")["files"]
    for code, row in report.items():
        click.echo(f"{code}: {len(row['current'])} current, {len(row['missing'])} missing"
                   + (f", recordings out of date: {', '.join(row['recording out of date'])}"
                      if row["recording out of date"] else ""))
        if row["missing"]:
            click.echo(f"  missing: {', '.join(row['missing'])}")
    click.echo(f"{len(unused)} file(s) no text needs (removed by `helpline audio build`)")
    click.echo("keys: " + ", ".join(dict.fromkeys(key for (_code, key) in spoken(helpline.lexicon))))
