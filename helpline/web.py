"""Plain web endpoints: the health check (and, later, listen pages and audio)."""

from flask import Blueprint, current_app

bp = Blueprint("web", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the app and its store are usable, 503 when the store is not."""
    try:
        current_app.extensions["helpline"].store.ping()
    except Exception:
        current_app.logger.exception("health check: store unusable")
        return {"status": "store unavailable"}, 503
    return {"status": "ok"}
