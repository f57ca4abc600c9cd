"""What a message means and what comes next: the core, with no Flask and no Twilio."""

import difflib
import functools
import unicodedata
from dataclasses import dataclass, replace

from . import content, languages, prompts, smstext

SECTION_COUNT = len(content.SECTIONS)
MAX_SEGMENTS = 4  # no SMS reply is longer, in any language


@dataclass(frozen=True)
class State:
    """What the helpline remembers of one phone number."""

    language: str | None = None  # None: never chosen, so English by text and the language menu by phone
    last_section: int | None = None
    last_part: int | None = None  # the part of last_section sent last by text; None: all of it
    opted_out: bool = False
    known: bool = False  # False until the first message has been answered
    recent: int = 0  # replies sent to this number in the current rate-limit window
    blocked: bool = False  # the operator blocked this number (harassment): nothing is answered


@dataclass(frozen=True)
class Intent:
    """What a message asks for: a command name, with a section number or language code."""

    name: str  # menu, section, more, trust, help, lang, choose, stop, start, unknown
    section: int | None = None
    language: str | None = None


def words(text: str) -> list[str]:
    """Split a message into comparable words: case, accents and punctuation ignored."""
    out = []
    # Turkish dotless ı: casefold() keeps it, so 'TANI' and 'tanı' would differ.
    for ch in unicodedata.normalize("NFKD", text or "").casefold().replace("ı", "i"):
        category = unicodedata.category(ch)
        if ch in IGNORABLE_MARKS:
            continue  # accents: 'Symptômes' and 'symptomes' are the same word
        if category == "Nd":
            out.append(str(unicodedata.decimal(ch)))  # '٣', '৩' and '３' are all 3
        elif category[0] in "LMN":
            out.append(ch)
        else:
            out.append(" ")
    return "".join(out).split()


def _unspaced(ch: str) -> bool:
    """Whether a character belongs to a script written without spaces between words."""
    return unicodedata.name(ch, "").startswith("CJK")


def _intents(texts: "Texts") -> dict[str, Intent]:
    """The words of one language's lists (sections and commands), each with what it asks for."""
    found: dict[str, Intent] = {}
    for section in content.SECTIONS:
        for w in words(texts.get(section.words)):
            found[w] = Intent("section", section=section.number)
    for name, m in content.COMMAND_WORDS.items():
        for w in words(texts.get(m)):
            found[w] = Intent(name)
    return found


# Marks a reader can leave out without changing the word: Latin accents (as
# NFKD separates them) and Arabic short-vowel signs. Not the vowel signs of
# Indic scripts, which are letters in all but name: Punjabi ਦੇ ('of') and ਦੋ
# ('two') differ only by theirs.
IGNORABLE_MARKS = frozenset(
    chr(c)
    for low, high in ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
                      (0x064B, 0x065F), (0x0670, 0x0670))
    for c in range(low, high + 1)
)


# Intents whose words also serve as ordinary words in a sentence.
FILLER = (Intent("section", section=1), Intent("menu"))


class Vocabulary:
    """The words that mean each intent, for one language plus English."""

    def __init__(self, texts: "Texts", offered: tuple[languages.Language, ...]):
        english = _intents(Texts(languages.DEFAULT))
        own = _intents(texts)
        self.exact: dict[str, Intent] = {**english, **own}
        self.fuzzy = {w: i for w, i in self.exact.items() if len(w) >= 4}
        self.unspaced = {w: i for w, i in self.exact.items() if any(_unspaced(ch) for ch in w)}
        # Number words match exactly ('there' is not 'three'), and only in a message of a word or two:
        # French 'un' and Italian 'sei' are also 'a' and 'you are'.
        self.numbers = {}
        for t in (Texts(languages.DEFAULT), texts):
            for number, w in enumerate(words(t.get(content.NUMBER_WORDS)), start=1):
                self.numbers.setdefault(w, Intent("section", section=number))
        # This language's own words, which English does not use: a stranger's
        # first message in them says which language to answer in.
        self.own = set() if texts.language is languages.DEFAULT else set(own) - set(english)
        # Words to help speech recognition: this language's own.
        code = texts.language.code
        self.hints = [languages.lower(w, code) for s in content.SECTIONS for w in texts.get(s.words).split()]
        self.hints += [languages.lower(w, code) for m in content.COMMAND_WORDS.values() for w in texts.get(m).split()]
        self.choose: dict[str, Intent] = {}
        for lang in offered:
            for name in (lang.reply_code, *lang.names):
                self.choose["".join(words(name))] = Intent("choose", language=lang.code)
        self.opt_out = {w.casefold() for w in content.OPT_OUT_WORDS}
        self.opt_in = {w.casefold() for w in content.OPT_IN_WORDS}

    def interpret(self, text: str) -> Intent:
        """Read one message; anything not understood is Intent('unknown')."""
        tokens = words(text)
        if not tokens:
            return Intent("menu")
        whole = "".join(tokens)
        if whole in self.opt_out:
            return Intent("stop")
        if whole in self.opt_in:
            return Intent("start")
        if whole in self.choose:
            return self.choose[whole]
        found = [self._token(t, fuzzy=len(tokens) == 1, numbers=len(tokens) <= 2) for t in tokens]
        found = list(dict.fromkeys(i for i in found if i is not None))
        if not found:
            # Chinese is written without spaces: '我想看症状' holds the word '症状'.
            found = list(dict.fromkeys(i for w, i in self.unspaced.items() if w in whole))
        if len(found) > 1:
            # "tell me about treatment", French "des symptômes": ABOUT and DES are filler.
            found = [i for i in found if i not in FILLER]
        return found[0] if len(found) == 1 else Intent("unknown")

    def _token(self, token: str, fuzzy: bool, numbers: bool) -> Intent | None:
        if token.isdigit():
            n = int(token)
            return Intent("section", section=n) if 1 <= n <= SECTION_COUNT else None
        if token in self.exact:
            return self.exact[token]
        if numbers and token in self.numbers:
            return self.numbers[token]
        if fuzzy and len(token) >= 4:
            # A near-miss such as 'symtoms'; only for a single word, where it can't
            # pick a stray word out of a sentence.
            close = difflib.get_close_matches(token, self.fuzzy, n=1, cutoff=0.8)
            if close:
                return self.fuzzy[close[0]]
        return None


class Texts:
    """Messages in one language, with the Trust's contact filled in."""

    def __init__(self, language: languages.Language, translations=None):
        self.language = language
        self._t = translations or languages.translations(language.code)
        # Not yet checked by a medical translator: families are told so, in their language.
        self.draft = languages.is_draft(language.code)

    def get(self, m: content.Msg, **values) -> str:
        text = self._t.pgettext(m.context, m.id)
        return text % {**content.CONTACT, **values} if "%" in text else text


@dataclass(frozen=True)
class Limits:
    """How far the helpline answers one number by text."""

    replies: int | None = None  # replies a number gets per window (SMS_RATE_LIMIT); None: no limit
    answered: bool = True  # False for a sender outside SMS_ALLOWED_COUNTRIES: its state is kept, nothing is sent


# What Twilio tells the webhook when Advanced Opt-Out recognised a keyword (its OptOutType field).
TWILIO_OPT_OUT_TYPES = ("STOP", "START", "HELP")


@dataclass(frozen=True)
class Reply:
    """The text to send (None: send nothing), the state to keep, and a notice sent as a message of its own."""

    text: str | None
    state: State
    notice: str | None = None  # e.g. that this language's translation is a draft
    media: int | None = None  # the part whose speech goes with the text (WhatsApp)

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(m for m in (self.text, self.notice) if m)


class Lexicon:
    """The offered languages, each with its texts and the words it understands, built once."""

    def __init__(self, offered: tuple[languages.Language, ...], translations: dict | None = None):
        """`translations` ({code: gettext translations}) stands in for catalogs on disk (a translator's check)."""
        self.offered = offered
        self.texts = {lang.code: Texts(lang, (translations or {}).get(lang.code)) for lang in offered}
        self.english = self.texts[languages.DEFAULT.code]
        self.vocab = {code: Vocabulary(t, offered) for code, t in self.texts.items()}

    def language(self, code: str | None) -> languages.Language | None:
        """The offered language with this code, or None."""
        texts = self.texts.get(code or "")
        return texts.language if texts else None

    def script_language(self, text: str) -> str | None:
        """The offered language whose script (letters or digits) a message is written in."""
        for ch in text:
            code = _script_language(ch, text)
            if code:
                return code if code in self.texts else None
        return None

    def word_language(self, text: str) -> str | None:
        """The one offered language whose own words, or letters, a Latin-script message uses."""
        tokens = set(words(text))
        hits = [code for code, v in self.vocab.items() if tokens & v.own]
        if len(hits) == 1:
            return hits[0]
        for ch in text:
            code = LETTER_LANGUAGE.get(ch.casefold())
            if code in self.texts:
                return code
        return None


# Scripts (the first word of a character's Unicode name) used by one offered language only.
SCRIPT_LANGUAGE = {"GURMUKHI": "pa", "BENGALI": "bn", "GUJARATI": "gu", "TAMIL": "ta", "CJK": "zh_Hans",
                   "ARABIC-INDIC": "ar", "EXTENDED": "ur"}
# Letters of the Arabic script that Urdu uses and Arabic does not.
URDU_LETTERS = set("ٹڈڑںےۓھہیکگپچژ")
# Letters that, among the offered languages, only one uses; a hint when nothing else says.
LETTER_LANGUAGE = {**dict.fromkeys("łżśźćń", "pl"), **dict.fromkeys("șță", "ro"), **dict.fromkeys("ğı", "tr"),
                   **dict.fromkeys("ėįųū", "lt"), **dict.fromkeys("ŵŷ", "cy"), **dict.fromkeys("ãõ", "pt"),
                   **dict.fromkeys("ñ¿¡", "es")}


def _script_language(ch: str, text: str) -> str | None:
    name = unicodedata.name(ch, "")
    script = name.split(" ")[0]
    if script == "ARABIC" and (ch.isalpha() or "DIGIT" in name):
        return "ur" if URDU_LETTERS & set(text) or "EXTENDED" in name else "ar"
    if script == "EXTENDED" and "ARABIC-INDIC" not in name:
        return None
    return SCRIPT_LANGUAGE.get(script)


TWILIO_OPT_OUT_WORDS = frozenset(w.casefold() for w in content.OPT_OUT_WORDS)


def twilio_handles_opt_out(body: str) -> bool:
    """Whether Twilio itself acts on this message as an opt-out: one of its keywords, alone, in any case
    (Twilio support article 223134027: the whole body must match; 'Stop please' does not)."""
    return (body or "").strip().casefold() in TWILIO_OPT_OUT_WORDS


class SmsConversation:
    """The SMS helpline for one set of offered languages."""

    def __init__(self, lexicon: Lexicon, listen_base: str = "http://localhost", hours=None):
        """`listen_base`: the public origin of the listen pages (PUBLIC_BASE_URL); `hours`: when the Trust
        answers (hours.TrustHours), told with its number."""
        self.hours = hours
        self.lexicon = lexicon
        self.offered = lexicon.offered
        self._texts = lexicon.texts
        self._vocab = lexicon.vocab
        self.listen_base = listen_base.rstrip("/")

    def listen_url(self, code: str, number: int) -> str:
        """The short link to a part's page, to hear it (and read it) in a language."""
        return f"{self.listen_base}/l/{self._texts[code].language.reply_code.lower()}/{number}"

    def reply(
        self, body: str, state: State, line_language: str | None = None, opt_out_type: str | None = None,
        limits: Limits = Limits(), whatsapp: bool = False,
    ) -> Reply:
        """Answer one incoming message given what we remember of the texter.

        `line_language` is the language the Twilio number itself is tied to, if any. `opt_out_type` is what
        Twilio's Advanced Opt-Out recognised (STOP, START or HELP): Twilio itself sends the confirmation, in the
        texter's language if the operator set it up, so the helpline records the choice and sends nothing.
        """
        if opt_out_type in TWILIO_OPT_OUT_TYPES:
            if opt_out_type == "HELP":
                return Reply(None, state)
            return Reply(None, replace(state, opted_out=opt_out_type == "STOP", known=True))
        dropped = state.language is not None and self.lexicon.language(state.language) is None
        if dropped:
            # Their language is no longer offered (its catalog turned incomplete after an English change, or an
            # operator took it off): English from now on, and one line to say why.
            state = replace(state, language=None)
        reply = self._reply(body, state, line_language, whatsapp)
        if dropped and reply.text:
            reply = replace(reply, notice=prompts.LANGUAGE_DROPPED)
        if state.blocked and reply.state.opted_out == state.opted_out:
            return Reply(None, state)  # blocked by the operator; a STOP or START is still kept
        if reply.text and not limits.answered:
            return Reply(None, reply.state)
        if reply.text and limits.replies is not None and state.recent >= limits.replies:
            # One message to say why the replies stop, in their language; then nothing until the window ends.
            t = self._texts.get(reply.state.language or "", self.lexicon.english)
            return Reply(t.get(prompts.SMS["slow_down"]) if state.recent == limits.replies else None, reply.state)
        return reply

    def _reply(self, body: str, state: State, line_language: str | None, whatsapp: bool = False) -> Reply:
        detected = english = None
        if self.lexicon.language(state.language):
            code = state.language
        else:
            # Never chosen: a message in another script says which language to answer in;
            # so do another language's own words, in a stranger's first message.
            detected = self.lexicon.script_language(body)
            if detected is None and not state.known:
                english = self._vocab[languages.DEFAULT.code].interpret(body)
                if english.name == "unknown":
                    detected = self.lexicon.word_language(body)  # 'symptoms', 'Hi, I'm Łukasz': English
            code = detected or (line_language if line_language in self._texts else languages.DEFAULT.code)
            if detected:
                state = replace(state, language=detected)
        intent = english if english and code == languages.DEFAULT.code else self._vocab[code].interpret(body)
        reply = self._answer(intent, state, code, whatsapp)
        if intent.name == "stop" and twilio_handles_opt_out(body):
            # Twilio blocked the number before this webhook ran (error 21610 for any reply): it sends its own
            # confirmation, so the helpline keeps the opt-out and sends nothing it could not deliver.
            return Reply(None, reply.state)
        if reply.text and intent.name != "stop" and (intent.name == "choose" or not state.known):
            # The first reply in a language: say whether its translation is a draft, and the way back to
            # English, in a message of their own so the reply itself keeps its whole segment budget.
            t = self._texts[reply.state.language or code]
            notice = t.get(prompts.SMS["draft"]) if t.draft else None
            if detected:
                notice = f"{notice}\n{prompts.ENGLISH_WAY_BACK}" if notice else None
                longer = reply.text + "\n" + prompts.ENGLISH_WAY_BACK
                if notice is None and smstext.segments(longer) <= MAX_SEGMENTS:
                    reply = Reply(longer, reply.state)
                elif notice is None:
                    notice = prompts.ENGLISH_WAY_BACK
            if notice:
                both = "\n".join(n for n in (notice, reply.notice) if n)
                # One message of notices: the draft's first, the Trust's hours too where they still fit.
                reply = replace(reply, notice=both if smstext.segments(both) <= MAX_SEGMENTS else notice)
        return reply

    def _answer(self, intent: Intent, state: State, code: str, whatsapp: bool = False) -> Reply:
        was_known = state.known
        if intent.name == "start":
            state = replace(state, opted_out=False)
        elif state.opted_out:
            return Reply(None, state)  # they said STOP: nothing until START
        if intent.name == "stop":
            return Reply(self._texts[code].get(prompts.SMS["stopped"]), replace(state, opted_out=True, known=True))
        if intent.name == "start" and state.known:
            return Reply(self._texts[code].get(prompts.SMS["started"]), replace(state, known=True))
        if intent.name == "choose":
            state = replace(state, language=intent.language, known=True)
            t = self._texts[intent.language]
            return Reply(t.get(prompts.SMS["language_set"], name=t.language.native_name) + "\n" + self.menu(t), state)
        t = self._texts[code]
        state = replace(state, known=True)
        if intent.name == "unknown" and not was_known:
            intent = Intent("menu")  # a first hello, in whatever words, gets the menu
        part = 1
        if intent.name == "more":
            last, sent = state.last_section or 0, state.last_part
            if last and sent and sent < len(self.parts(t, last)):
                intent, part = Intent("section", section=last), sent + 1  # the rest of this section
            else:
                intent = Intent("section", section=last + 1)
            if intent.section > SECTION_COUNT:
                return Reply(t.get(prompts.SMS["end"]), state)
        if intent.name == "section" and whatsapp:
            # WhatsApp has no segments (1,600 characters a message): the whole part at once, with its speech.
            whole = len(self.parts(t, intent.section))
            return Reply(self.section(t, intent.section, whole=True),
                         replace(state, last_section=intent.section, last_part=whole), media=intent.section)
        if intent.name == "section":
            return Reply(self.section_reply(code, intent.section, part),
                         replace(state, last_section=intent.section, last_part=part))
        if intent.name == "listen":
            number = state.last_section or 1
            title = t.get(content.SECTION_BY_NUMBER[number].title)
            return Reply(t.get(prompts.LISTEN, number=number, title=title, url=self.listen_url(code, number)), state)
        if intent.name == "lang":
            return Reply(self.language_list(code), state)
        if intent.name == "trust" and self.hours is not None:
            # When the Trust answers, as a message of its own: the TRUST reply keeps its whole segment budget.
            return Reply(t.get(prompts.SMS["trust"]), state, notice=t.get(prompts.HOURS["sms"], hours=self.hours.describe(t)))
        if intent.name in ("trust", "help"):
            return Reply(t.get(prompts.SMS[intent.name]), state)
        if intent.name == "unknown":
            return Reply(t.get(prompts.SMS["sorry"]), state)
        return Reply(self.menu(t), state)  # menu, start

    @functools.lru_cache(maxsize=None)  # noqa: B019 - one per language, for the conversation's lifetime
    def language_list(self, code: str) -> str:
        """The LANG reply: every offered language by its own name, with the code to reply with."""
        t = self._texts[code]
        lines = "\n".join(
            t.get(prompts.SMS["language_line"], code=lang.reply_code, name=lang.native_name) for lang in self.offered
        )
        return t.get(prompts.SMS["languages"], languages=lines)

    @functools.cache  # noqa: B019 - one per language, for the conversation's lifetime
    def menu(self, t: Texts) -> str:
        lines = "\n".join(
            t.get(prompts.SMS["menu_line"], number=s.number, title=t.get(s.title)) for s in content.SECTIONS
        )
        return t.get(prompts.SMS["menu"], sections=lines)

    @functools.lru_cache(maxsize=None)  # noqa: B019 - a few hundred texts, for the conversation's lifetime
    def section_reply(self, code: str, number: int, part: int) -> str:
        """A part of a section as sent by SMS: with how to hear it, where the segment budget allows."""
        t = self._texts[code]
        text = self.section(t, number, part)
        body, footer = text.rsplit("\n", 1)  # the hint goes above what to reply next
        hinted = f"{body}\n{t.get(prompts.LISTEN_HINT)}\n{footer}"
        return hinted if smstext.segments(hinted) <= MAX_SEGMENTS else text

    @staticmethod
    @functools.lru_cache(maxsize=1024)  # every language's eight sections, for the process's lifetime
    def parts(t: Texts, number: int) -> tuple[str, ...]:
        """A section's SMS text in one language, as the parts sent one by one."""
        return tuple(content.parts(t.get(content.SECTION_BY_NUMBER[number].sms)))

    def section(self, t: Texts, number: int, part: int = 1, whole: bool = False) -> str:
        """One part of a section, with its heading ("3/8 Symptoms, 1/2") and the footer that says what next
        (`whole`: every part, as one message)."""
        parts = self.parts(t, number)
        if whole:
            parts = ["\n".join(parts)]
            part = 1
        part = min(max(part, 1), len(parts))
        title = t.get(content.SECTION_BY_NUMBER[number].title)
        summary = parts[part - 1]
        if part < len(parts):
            return t.get(
                prompts.SMS["section_part"], number=number, title=title, part=part, parts=len(parts), summary=summary
            )
        if len(parts) > 1:
            title = t.get(prompts.SMS["part_title"], title=title, part=part, parts=len(parts))
        template = prompts.SMS["section_last" if number == SECTION_COUNT else "section"]
        return t.get(template, number=number, title=title, summary=summary)

    def error(self, code: str | None) -> str:
        """The apology sent when something inside failed."""
        t = self._texts.get(code or "", self._texts[languages.DEFAULT.code])
        return t.get(prompts.SMS["error"])
