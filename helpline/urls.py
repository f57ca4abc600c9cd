"""The public URLs the helpline gives Twilio (and, later, families): one home for both channels."""

from flask import current_app, url_for


def public_url(endpoint: str, **params) -> str:
    """The absolute URL of an endpoint as Twilio will call and sign it: PUBLIC_BASE_URL, or in local mode this
    machine's own address."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if base:
        return base + url_for(endpoint, **params)
    return url_for(endpoint, _external=True, **params)


def audio_url(name: str) -> str:
    """Where a rendered or recorded speech file is served from (web.py's /audio/<name>)."""
    return public_url("web.audio_file", name=name)
