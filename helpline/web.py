"""Plain web endpoints: the health check (and, later, listen pages and audio)."""

import re

from flask import Blueprint, abort, current_app, send_from_directory

from . import shared
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


@bp.get("/audio/<name>")
def audio_file(name):
    """Rendered speech, for Twilio's <Play>: named by its content's hash, so it never changes."""
    if not AUDIO_NAME.match(name):
        abort(404)
    response = send_from_directory(current_app.config["AUDIO_DIR"], name, max_age=365 * 86400)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
