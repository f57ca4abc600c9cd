"""The Twilio edge: every webhook is signed by Twilio, well formed, and from our account, or it gets a bare 403.

Each channel's blueprint runs `require_twilio` before any of its views. Nothing a
request carries is trusted before that: not its Host (the signature is checked
against PUBLIC_BASE_URL, which production requires), not a proxy's headers (in
local mode, a request relayed by a proxy or tunnel is refused), not its fields
(a signed request whose fields were regrouped so the signed string is unchanged
loses the fields Twilio always sends, and is refused).
"""

import ipaddress
import re

from flask import abort, current_app, request
from twilio.request_validator import SIGNATURE_SETTINGS_HEADER, RequestValidator, get_signature_algorithm
from werkzeug.exceptions import HTTPException

# Twilio's identifiers: two letters and 32 hex digits.
ACCOUNT_SID = re.compile(r"^AC[0-9a-f]{32}$")
MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-f]{32}$")
CALL_SID = re.compile(r"^CA[0-9a-f]{32}$")
# What Twilio always sends with each kind of webhook (its "request parameters" for Messaging and Voice).
REQUIRED = {
    "sms": {"MessageSid": MESSAGE_SID, "AccountSid": ACCOUNT_SID, "From": None, "To": None},
    "voice": {"CallSid": CALL_SID, "AccountSid": ACCOUNT_SID},
}
# Headers that only a proxy or tunnel adds (nginx, ngrok, Cloudflare, cloud load balancers).
RELAY_HEADERS = ("forwarded", "via", "x-real-ip", "true-client-ip", "cf-connecting-ip", "fly-client-ip")
RELAY_PREFIXES = ("x-forwarded-", "x-original-", "cf-", "ngrok-", "x-envoy-", "x-amzn-")


def signed_url() -> str:
    """The URL Twilio signed: PUBLIC_BASE_URL + path and query (production always names it), else the request's own
    (local mode, where only a request made on this machine gets this far)."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if not base:
        return request.url
    query = request.query_string.decode("latin-1")
    return base + request.path + ("?" + query if query else "")


def is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def relayed() -> bool:
    """Whether a proxy or tunnel passed this request on (so it may come from anywhere)."""
    for name in request.headers.keys():
        name = name.lower()
        if name in RELAY_HEADERS or name.startswith(RELAY_PREFIXES):
            return True
    return False


def request_is_from_twilio() -> bool:
    """Whether this request carries a valid X-Twilio-Signature (or, in local mode, was made on this machine)."""
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    if not token:
        # Local mode: no signature to check, so only this machine may talk to us: the socket's own address, and
        # no proxy or tunnel in between (ngrok or a reverse proxy on this machine would relay the world).
        if relayed():
            current_app.logger.warning(
                "refused a request relayed by a proxy or tunnel in local mode: set TWILIO_AUTH_TOKEN and "
                "PUBLIC_BASE_URL to put the helpline on a public address"
            )
            return False
        return is_loopback(request.remote_addr)
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    try:
        algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
        params = request.form if request.method == "POST" else {}
        return RequestValidator(token).validate(signed_url(), params, signature, algorithm)
    except HTTPException:
        raise  # a body over the size limit is 413, as werkzeug says
    except Exception:  # noqa: BLE001 - odd multipart names, bad encodings: none of them is Twilio
        return False


def well_formed(kind: str) -> bool:
    """Whether a signed request has every field Twilio always sends for it, each in Twilio's form, from our account."""
    form = request.form
    for name, pattern in REQUIRED[kind].items():
        value = form.get(name, "")
        if not value or (pattern is not None and not pattern.match(value)):
            return False
    account = current_app.config.get("TWILIO_ACCOUNT_SID")
    return not account or form.get("AccountSid") == account


def require_twilio(kind: str):
    """A before_request hook for a channel's blueprint: 403, and nothing else, unless Twilio sent this request."""

    def check():
        if not request_is_from_twilio():
            current_app.logger.warning("refused an unsigned or wrongly signed request to %s", request.path)
            abort(403)
        if current_app.config["TWILIO_AUTH_TOKEN"] and not well_formed(kind):
            # Signed, but not as Twilio sends it: a replay with its fields regrouped, or another account's.
            current_app.logger.warning("refused a signed request to %s without Twilio's own fields", request.path)
            abort(403)

    return check
