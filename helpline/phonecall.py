"""One request of a phone call: who is calling, in which language, and how to speak and listen to them."""

import re
from dataclasses import replace

from flask import Response, current_app, request, url_for
from twilio.twiml.voice_response import VoiceResponse

from . import content, languages
from .twiml import twiml
from .audio import AudioError
from .conversation import Intent, Vocabulary

# ASCII punctuation Twilio's hints cannot hold (a comma separates hints); letters of every script, with their
# vowel signs and other marks, stay as they are.
HINT_NOISE = re.compile(r"[!-&(-,./:-@\[-`{-~]")
GATHER_TIMEOUT = 8  # seconds of silence before the prompt is repeated: tired parents, small phones


def action(endpoint: str, **params) -> str:
    """The absolute URL of a step, as Twilio will call and sign it."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if base:
        return base + url_for(endpoint, **params)
    return url_for(endpoint, _external=True, **params)


class Call:
    """One request of a call: who is calling, in which language, and how to speak to them."""

    def __init__(self):
        helpline = current_app.extensions["helpline"]
        self.keeper = helpline.state
        self.lexicon = helpline.lexicon
        self.offered = self.lexicon.offered
        self.number = request.form.get("From", "")
        self.state = self.keeper.load(self.number)
        self.response = VoiceResponse()
        line = current_app.config["LANGUAGE_LINES"].get(request.form.get("To", ""))
        self.choose(self.lexicon.language(request.args.get("lang") or self.state.language or line))

    def choose(self, language: languages.Language | None):
        """Speak `language` from now on (None: not chosen yet, so English)."""
        self.language = language
        self.texts = self.lexicon.texts[(language or languages.DEFAULT).code]

    @property
    def lang(self) -> languages.Language:
        return self.texts.language

    def say(self, text: str, verb=None, language: languages.Language | None = None, english: str | None = None):
        """Speak text: <Say> with the language's voice, or <Play> of rendered audio where Twilio has none."""
        language = language or self.lang
        verb = verb or self.response
        if language.voice:
            verb.say(text, voice=language.voice, language=language.say)
            return
        try:
            name = current_app.extensions["helpline"].audio.render(language, text)
        except AudioError:
            # No engine could speak it: English is better than silence.
            current_app.logger.exception("no audio for a %s prompt; saying it in English", language.code)
            fallback = english or text
            verb.say(fallback, voice=languages.DEFAULT.voice, language=languages.DEFAULT.say)
            return
        verb.play(action("web.audio_file", name=name))

    def said(self, m, verb=None, language: languages.Language | None = None, **values):
        """Speak a message; values that are messages or languages are put in the same words."""
        language = language or self.lang

        def fill(texts, name):
            return texts.get(m, **{
                k: texts.get(v) if isinstance(v, content.Msg) else getattr(v, name) if isinstance(v, languages.Language) else v
                for k, v in values.items()
            })

        own = fill(self.lexicon.texts[language.code], "native_name")
        # The English words are needed only where speech is rendered, should rendering fail.
        english = None if language.voice else fill(self.lexicon.english, "english_name")
        self.say(own, verb, language, english=english)

    def gather(self, endpoint: str, hints: list[str] | None = None, **params):
        """A one-key <Gather>, with speech where Twilio recognises the language."""
        speech = self.lang.gather
        hints = self.vocabulary().hints if hints is None else hints
        # Twilio's hint format: phrases separated by commas, no brackets or other punctuation (error 13330).
        hints = [" ".join(HINT_NOISE.sub(" ", h).split()) for h in hints]
        return self.response.gather(
            input="dtmf speech" if speech else "dtmf",
            language=speech,
            hints=", ".join(h for h in dict.fromkeys(hints) if h) if speech else None,
            speech_timeout="auto" if speech else None,
            action=action(endpoint, **params),
            method="POST",
            num_digits=1,
            timeout=GATHER_TIMEOUT,
        )

    def vocabulary(self) -> Vocabulary:
        return self.lexicon.vocab[self.lang.code]

    def remember(self, **changes):
        new = replace(self.state, known=True, **changes)
        self.keeper.commit(self.number, self.state, new)
        self.state = new

    def heard(self) -> tuple[str, Intent | None]:
        """What the caller pressed (a key) or said (an intent), from a <Gather>'s post."""
        digits = request.form.get("Digits", "").strip()
        if digits:
            return digits[:1], None
        speech = request.form.get("SpeechResult", "").strip()
        if speech:
            return "", self.vocabulary().interpret(speech)
        return "", None

    def done(self) -> Response:
        return twiml(self.response)
