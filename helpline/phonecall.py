"""One request of a phone call: who is calling, in which language, and how to speak and listen to them."""

import re
from dataclasses import replace

from flask import Response, current_app, request
from twilio.twiml.voice_response import VoiceResponse

from . import content, languages, shared
from .audio import AudioError
from .dialogue import Heard, Speech
from .twiml import twiml
from .urls import audio_url

# ASCII punctuation Twilio's hints cannot hold (a comma separates hints); letters of every script, with their
# vowel signs and other marks, stay as they are.
HINT_NOISE = re.compile(r"[!-&(-,./:-@\[-`{-~]")
GATHER_TIMEOUT = 8  # seconds of silence before the prompt is repeated: tired parents, small phones


class CallRequest:
    """One webhook of a call: who is calling, in which language, and how to speak and listen to them."""

    def __init__(self):
        helpline = shared()
        self.keeper = helpline.state
        self.lexicon = helpline.lexicon
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

    def heard(self) -> Heard:
        """What the caller pressed (a key) or said (what it means), from a <Gather>'s post."""
        digits = request.form.get("Digits", "").strip()
        if digits:
            return Heard(key=digits[:1])
        speech = request.form.get("SpeechResult", "").strip()
        if speech:
            return Heard(intent=self.lexicon.vocab[self.lang.code].interpret(speech))
        return Heard()

    def remember(self, **changes):
        new = replace(self.state, known=True, **changes)
        self.keeper.commit(self.number, self.state, new)
        self.state = new

    def speak(self, speech: Speech, verb=None):
        """Say a message: values that are messages or languages are put in the same words."""
        language = speech.language or self.lang

        def fill(texts, name):
            return texts.get(speech.message, **{
                k: texts.get(v) if isinstance(v, content.Msg) else getattr(v, name) if isinstance(v, languages.Language) else v
                for k, v in speech.values.items()
            })

        own = fill(self.lexicon.texts[language.code], "native_name")
        # The English words are needed only where speech is rendered, should rendering fail.
        english = None if language.voice else fill(self.lexicon.english, "english_name")
        self.voice_text(own, verb, language, english=english)

    def voice_text(self, text: str, verb=None, language: languages.Language | None = None, english: str | None = None):
        """Text to the caller's ear: <Say> with the language's voice, or <Play> of rendered audio where Twilio
        has none."""
        language = language or self.lang
        verb = verb or self.response
        recorded = shared().audio.recordings.served(language.code, text)
        if recorded:
            verb.play(audio_url(recorded))  # a person's voice, while the text it was made for holds
            return
        if language.voice:
            verb.say(text, voice=language.voice, language=language.say)
            return
        try:
            name = shared().audio.render(language, text, wait=False)  # no caller waits on gTTS
        except AudioError:
            # No engine could speak it: English is better than silence.
            current_app.logger.exception("no audio for a %s prompt; saying it in English", language.code)
            verb.say(english or text, voice=languages.DEFAULT.voice, language=languages.DEFAULT.say)
            return
        verb.play(audio_url(name))

    def gather(self, url: str, hints: tuple[str, ...] | None = None):
        """A one-key <Gather>, with speech where Twilio recognises the language."""
        speech = self.lang.gather
        hints = self.lexicon.vocab[self.lang.code].hints if hints is None else hints
        # Twilio's hint format: phrases separated by commas, no brackets or other punctuation (error 13330).
        hints = [" ".join(HINT_NOISE.sub(" ", h).split()) for h in hints]
        return self.response.gather(
            input="dtmf speech" if speech else "dtmf",
            language=speech,
            hints=", ".join(h for h in dict.fromkeys(hints) if h) if speech else None,
            speech_timeout="auto" if speech else None,
            action=url,
            method="POST",
            num_digits=1,
            timeout=GATHER_TIMEOUT,
        )

    def done(self) -> Response:
        return twiml(self.response)
