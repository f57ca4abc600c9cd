"""TwiML out: the one place a channel's answer becomes the XML Twilio reads."""

import re

from flask import Response

# Characters XML 1.0 does not allow at all (control characters, lone surrogates, U+FFFE/FFFF). ElementTree
# writes them as they are, and Twilio cannot parse the answer: whatever a request carried, none goes out.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text with every character XML cannot carry left out."""
    return NOT_XML.sub("", text)


def twiml_xml(response) -> str:
    """A TwiML builder's (twilio's MessagingResponse or VoiceResponse) XML, fit to send."""
    return xml_text(str(response))


def twiml(response) -> Response:
    """A TwiML builder, or XML made by twiml_xml, as Twilio's answer."""
    return Response(response if isinstance(response, str) else twiml_xml(response), mimetype="text/xml")
