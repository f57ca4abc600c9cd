"""The `helpline` command: run the webhook server, or try the helpline in a terminal."""

import secrets
import sys

import click

from . import config, create_app, smstext
from .config import ConfigError
from .security import is_loopback
from .simulate import TwilioSimulator

DEMO_NUMBER = "+447400123456"


def _app(overrides=None):
    try:
        return create_app(overrides)
    except ConfigError as e:
        raise click.ClickException(f"configuration: {e}") from None


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
    overrides = {}
    if not config.environment().get("TWILIO_AUTH_TOKEN"):
        overrides["TWILIO_AUTH_TOKEN"] = secrets.token_hex(16)  # sign for real, with a one-off token
    app = _app(overrides)
    sim = TwilioSimulator(app, from_number)
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo(f"Texting the helpline as {from_number}. Try HI, 3, MORE, TRUST, HELP, STOP. Ctrl-D ends.")
    while True:
        try:
            line = input("you> " if interactive else "")
        except EOFError:
            break
        if not interactive:
            click.echo(f"you> {line}")
        replies = sim.text(line)
        if not replies:
            click.echo("(no reply)")
        for text in replies:
            info = smstext.info(text)
            encoding = "GSM-7" if info.encoding == smstext.GSM7 else "UCS-2"
            click.echo(text)
            click.secho(f"[{info.segments} segment(s), {encoding}, {len(text)} characters]", dim=True)
        click.echo("")
