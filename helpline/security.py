"""Twilio signature checks: every webhook passes through `twilio_only`."""

import functools
import ipaddress

from flask import abort, current_app, request
from twilio.request_validator import SIGNATURE_SETTINGS_HEADER, RequestValidator, get_signature_algorithm


def signed_url() -> str:
    """The URL Twilio signed: PUBLIC_BASE_URL + path and query when set, else the request's own."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if not base:
        return request.url  # scheme and host already corrected by ProxyFix
    query = request.query_string.decode("latin-1")
    return base + request.path + ("?" + query if query else "")


def is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def request_is_from_twilio() -> bool:
    """Whether this request carries a valid X-Twilio-Signature (or local mode allows it)."""
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    if not token:
        # Local mode: no signature to check, so only this machine may talk to us.
        # The socket's own address, not one a proxy header claims.
        original = request.environ.get("werkzeug.proxy_fix.orig", {})
        return is_loopback(original.get("REMOTE_ADDR", request.environ.get("REMOTE_ADDR")))
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    params = request.form if request.method == "POST" else {}
    return RequestValidator(token).validate(signed_url(), params, signature, algorithm)


def twilio_only(view):
    """Refuse, with a bare 403, any request Twilio did not sign."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        if not request_is_from_twilio():
            current_app.logger.warning("refused an unsigned or wrongly signed request to %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return checked
