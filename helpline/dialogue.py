"""The phone dialogue: what a key, a phrase or silence means at each menu, and what comes next. No Flask here.

A call is a series of steps, each a webhook of Twilio's: the helpline speaks,
then listens (a <Gather>) and names the step that hears the answer. The core
takes the step, the caller's language and what was heard, and returns an
`Answer`: what to say, where to listen, and what happens if nothing is heard.
`voice.py` turns that into TwiML. Menus are tables of keys. Every menu is
repeated once when nothing is heard, then the Trust is offered and the call
ends politely (`_repeat_or_goodbye`): nothing ends in silence.
"""

import unicodedata
from dataclasses import dataclass, field

from . import content, languages, prompts
from .content import Msg
from .conversation import SECTION_COUNT, Intent, Lexicon

LANGUAGES_PER_PAGE = 8  # keys 1-8; 9 is the next page, 0 the Trust


@dataclass(frozen=True)
class Speech:
    """One thing said: a message with its values (a Msg value is said in the same language, a Language by
    its name), in the caller's language, or in `language` (each line of the language menu in its own)."""

    message: Msg
    values: dict = field(default_factory=dict)
    language: languages.Language | None = None


@dataclass(frozen=True)
class Step:
    """A step of the call, as a webhook: its name and parameters (the caller's language rides along)."""

    name: str  # language, language/choose, menu, menu/choose, section, section/choose, trust/done
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Listen:
    """A <Gather>: what is said while listening, and the step that hears the answer."""

    step: Step
    prompts: tuple[Speech, ...]
    hints: tuple[str, ...] | None = None  # None: the caller's own vocabulary


# What happens when the answer has been said (and, after a <Gather>, nothing was heard).
@dataclass(frozen=True)
class Redirect:
    step: Step


@dataclass(frozen=True)
class PutThrough:
    """Dial the Trust; its answer (or none) goes to the trust/done step."""


@dataclass(frozen=True)
class Hangup:
    pass


@dataclass(frozen=True)
class Reject:
    pass


@dataclass(frozen=True)
class Answer:
    """What the caller hears next, and what the helpline remembers."""

    say: tuple[Speech, ...] = ()  # said before listening
    listen: Listen | None = None
    then: Redirect | PutThrough | Hangup | Reject | None = None
    after: tuple[Speech, ...] = ()  # said after listening found nothing, before `then`
    language: languages.Language | None = None  # the language from now on, when it changed
    remember: dict | None = None  # state to keep ({} keeps only that the caller was here)
    send: tuple | None = None  # a text to send the caller first: ("section", n) or ("trust",); said how it went
    count: tuple[str, ...] = ()  # what to add to the day's anonymous counters (reports)


@dataclass(frozen=True)
class Heard:
    """What came back from a <Gather>: a key, or what the speech meant, or neither (silence)."""

    key: str = ""
    intent: Intent | None = None


def say(m: Msg, language: languages.Language | None = None, **values) -> Speech:
    return Speech(m, values, language)


class PhoneDialogue:
    """The phone menus for one set of offered languages."""

    def __init__(self, lexicon: Lexicon, hours=None, clock=None):
        """`hours`: when the Trust answers (hours.TrustHours; None: always try); `clock`: the time now."""
        self.lexicon = lexicon
        self.offered = lexicon.offered
        self.hours = hours
        self.clock = clock
        # Each menu's keys, and what they do: (step name) -> {key: handler(self, lang, params)}.
        self.steps = {
            "language": self.language_timeout,
            "language/choose": self.language_choice,
            "menu": self.menu_timeout,
            "menu/choose": self.menu_choice,
            "section": self.section_timeout,
            "section/choose": self.section_choice,
            "trust": lambda lang, params, heard: self.put_through(lang),
            "trust/done": self.trust_done,
            "trust/choose": self.trust_choice,
        }

    # -- entering the call ---------------------------------------------------

    def start(self, language: languages.Language | None, blocked: bool = False) -> Answer:
        """A new call: the section menu for a known language, else the language menu."""
        if blocked:
            return Answer(then=Reject())  # blocked by the operator (harassment): refused before it is answered
        if language is None:
            return self.language_menu(page=0, tries=0)
        return self._with(self.section_menu(language, tries=0, welcome=True), remember={})

    def step(self, name: str, language: languages.Language | None, params: dict, heard: Heard) -> Answer:
        """What follows one webhook of the call."""
        handler = self.steps.get(name)
        if handler is None:
            raise KeyError(name)
        return handler(language, params, heard)

    # -- the language menu ---------------------------------------------------

    def language_menu(self, page: int, tries: int, before: tuple[Speech, ...] = ()) -> Answer:
        shown = self.offered[page * LANGUAGES_PER_PAGE : (page + 1) * LANGUAGES_PER_PAGE]
        if not shown:
            page, shown = 0, self.offered[:LANGUAGES_PER_PAGE]
        # The menu listens in English (nothing is chosen yet): only names in Latin letters can be heard.
        hints = tuple(dict.fromkeys(
            name for lang in shown for name in (lang.native_name, lang.english_name, *lang.aliases) if _latin(name)
        ))
        lines = [say(prompts.VOICE["language_line"], lang, name=lang, digit=digit) for digit, lang in
                 enumerate(shown, start=1)]
        if (page + 1) * LANGUAGES_PER_PAGE < len(self.offered):
            lines.append(say(prompts.VOICE["language_more"]))
        lines.append(say(prompts.VOICE["menu_trust"]))
        menu = Answer(
            say=before,
            listen=Listen(Step("language/choose", {"page": page}), tuple(lines), hints),
            then=Redirect(Step("language", {"page": page, "tries": tries + 1})),
        )
        return self._repeat_or_goodbye(menu, tries, Step("language/choose", {"page": page}), hints=hints)

    def language_timeout(self, lang, params, heard) -> Answer:
        return self.language_menu(page=params.get("page", 0), tries=params.get("tries", 0))

    def language_choice(self, lang, params, heard: Heard) -> Answer:
        page = params.get("page", 0)
        key, intent = heard.key, heard.intent
        if key == "0" or (intent and intent.name == "trust"):
            return self.put_through(lang or languages.DEFAULT)
        if key == "9" and (page + 1) * LANGUAGES_PER_PAGE < len(self.offered):
            return self.language_menu(page=page + 1, tries=0)
        chosen = None
        if key.isdigit() and key != "9":
            index = page * LANGUAGES_PER_PAGE + int(key) - 1
            if 0 <= index < min(len(self.offered), (page + 1) * LANGUAGES_PER_PAGE):
                chosen = self.offered[index]
        elif intent and intent.name == "choose":
            chosen = self.lexicon.language(intent.language)
        if chosen is None:
            return self.language_menu(page=page, tries=0, before=(self._sorry(heard),))
        return self._with(self.section_menu(chosen, tries=0, welcome=True), language=chosen,
                          remember={"language": chosen.code}, count=("language switch",))

    # -- the section menu ----------------------------------------------------

    def section_menu(self, lang, tries: int, welcome: bool = False, before: tuple[Speech, ...] = ()) -> Answer:
        lines = []
        if welcome:
            lines.append(say(prompts.VOICE["welcome"]))
            if self.lexicon.texts[lang.code].draft:
                lines.append(say(prompts.VOICE["draft"]))
        lines.append(say(prompts.VOICE["menu_intro" if lang.gather else "menu_intro_keys"]))
        # One line each: each is rendered (and cached) once where speech is played from audio.
        lines += [say(prompts.VOICE["menu_line"], title=s.spoken_title, number=s.number) for s in content.SECTIONS]
        lines += [say(prompts.VOICE["menu_trust"]), say(prompts.VOICE["menu_language"])]
        menu = Answer(
            say=before,
            listen=Listen(Step("menu/choose"), tuple(lines)),
            then=Redirect(Step("menu", {"tries": tries + 1})),
        )
        return self._repeat_or_goodbye(menu, tries, Step("menu/choose"))

    def menu_timeout(self, lang, params, heard) -> Answer:
        return self.section_menu(lang, tries=params.get("tries", 0))

    # Keys of the section menu; any other goes to _shared_keys.
    def menu_choice(self, lang, params, heard: Heard) -> Answer:
        if heard.key in {str(n) for n in range(1, SECTION_COUNT + 1)}:
            return self.speak_section(lang, int(heard.key), params.get("textable", False))
        return self._shared_keys(lang, heard, current=None, again=lambda before: self.section_menu(
            lang, tries=0, before=before))

    # -- a section, and what after it -------------------------------------------

    def speak_section(self, lang, number: int, textable: bool = False) -> Answer:
        section = content.SECTION_BY_NUMBER[number]
        after = prompts.VOICE["after_last" if number == SECTION_COUNT else "after"]
        offer = (say(prompts.VOICE["text_offer"]),) if textable else ()
        # Inside the <Gather>, so a caller who has heard enough can press a key.
        return Answer(
            listen=Listen(Step("section/choose", {"n": number}), (say(section.voice), say(after), *offer)),
            then=Redirect(Step("section", {"n": number, "tries": 1})),
            remember={"last_section": number, "last_part": None},
            count=(f"section:{number}",),
        )

    def after_section(self, lang, number: int, tries: int, before: tuple[Speech, ...] = ()) -> Answer:
        after = prompts.VOICE["after_last" if number == SECTION_COUNT else "after"]
        menu = Answer(
            say=before,
            listen=Listen(Step("section/choose", {"n": number}), (say(after),)),
            then=Redirect(Step("section", {"n": number, "tries": tries + 1})),
        )
        return self._repeat_or_goodbye(menu, tries, Step("section/choose", {"n": number}))

    def section_timeout(self, lang, params, heard) -> Answer:
        return self.after_section(lang, _section(params), tries=params.get("tries", 0))

    AFTER_SECTION = {
        "1": lambda self, lang, n, textable: self.speak_section(lang, n, textable),  # again
        "2": lambda self, lang, n, textable: self.next_section(lang, n, textable),
        "9": lambda self, lang, n, textable: self.section_menu(lang, tries=0),
        # The part by text: its SMS text in the caller's language, so MORE goes on from it by text.
        "5": lambda self, lang, n, textable: self._with(self.after_section(lang, n, tries=0), send=("section", n))
        if textable else self.after_section(lang, n, tries=0, before=(say(prompts.VOICE["sorry_key"]),)),
    }

    def section_choice(self, lang, params, heard: Heard) -> Answer:
        number = _section(params)
        if heard.key in self.AFTER_SECTION:
            return self.AFTER_SECTION[heard.key](self, lang, number, params.get("textable", False))
        return self._shared_keys(lang, heard, current=number, again=lambda before: self.after_section(
            lang, number, tries=0, before=before))

    def next_section(self, lang, number: int, textable: bool = False) -> Answer:
        if number >= SECTION_COUNT:
            return self.section_menu(lang, tries=0, before=(say(prompts.VOICE["last_part"]),))
        return self.speak_section(lang, number + 1, textable)

    # -- keys and words every menu shares ----------------------------------------

    SHARED_KEYS = {
        "0": lambda self, lang: self.put_through(lang),
        "*": lambda self, lang: self.language_menu(page=0, tries=0),
    }

    def _shared_keys(self, lang, heard: Heard, current: int | None, again) -> Answer:
        """0 the Trust, star the languages, what was said; else 'sorry' and the same menu again."""
        if heard.key in self.SHARED_KEYS:
            return self.SHARED_KEYS[heard.key](self, lang)
        if heard.key or heard.intent is None:
            return again((self._sorry(heard),))
        return self._spoken(lang, heard.intent, current)

    def _spoken(self, lang, intent: Intent, current: int | None) -> Answer:
        """Act on something the caller said."""
        if intent.name == "section":
            return self.speak_section(lang, intent.section)
        if intent.name == "more" and current:
            return self.next_section(lang, current)
        if intent.name == "trust":
            return self.put_through(lang)
        if intent.name == "lang":
            return self.language_menu(page=0, tries=0)
        if intent.name == "choose":
            chosen = self.lexicon.language(intent.language)
            return self._with(self.section_menu(chosen, tries=0), language=chosen, remember={"language": chosen.code},
                              count=("language switch",))
        before = ()
        if intent.name == "help":
            before = (say(prompts.VOICE["help"]),)
        elif intent.name != "menu":
            before = (say(prompts.VOICE["sorry_speech"]),)
        return self.section_menu(lang, tries=0, before=before)

    # -- the Trust -----------------------------------------------------------

    def put_through(self, lang) -> Answer:
        if self.hours is not None and not self.hours.open_at(self.clock()):
            # Out of hours: not put through to ring out, but told when, how, and what to do if worried now.
            closed = say(prompts.VOICE["trust_closed"], hours=self.hours.describe(self.lexicon.texts[lang.code]))
            return self._with(self.section_menu(lang, tries=0, before=(closed,)), count=("put-through:out of hours",))
        return Answer(say=(say(prompts.VOICE["putting_through"]),), then=PutThrough())

    def trust_done(self, lang, params, heard) -> Answer:
        """The dial ended: goodbye after a call; the number to ring back, and the menu, if nobody answered.

        With screening, `taken` says whether someone at the Trust pressed 1: a voicemail that answered reports
        'completed' too, and is not a person."""
        status = params.get("status") or "no status"
        if status in ("completed", "answered") and params.get("taken") is not False:
            return Answer(say=(say(prompts.VOICE["goodbye"]),), then=Hangup(), count=("put-through:answered",))
        outcome = "voicemail screened out" if status in ("completed", "answered") else status
        return self._with(self._trust_missed(params.get("textable", False),
                                             before=(say(prompts.VOICE["trust_unavailable"]),)),
                          count=(f"put-through:{outcome}",))

    def _trust_missed(self, textable: bool, before: tuple[Speech, ...] = ()) -> Answer:
        offer = (say(prompts.VOICE["trust_text_offer"]),) if textable else ()
        return Answer(
            say=before,
            listen=Listen(Step("trust/choose"), (*offer, say(prompts.VOICE["menu_offer"]))),
            after=(say(prompts.VOICE["goodbye"]),),
            then=Hangup(),
        )

    def trust_choice(self, lang, params, heard: Heard) -> Answer:
        """After the Trust did not answer: 5 its number and website by text, 9 the menu."""
        if heard.key == "5" and params.get("textable", False):
            return self._with(self.section_menu(lang, tries=0), send=("trust",))
        if heard.key == "9":
            return self.section_menu(lang, tries=0)
        return self._shared_keys(lang, heard, current=None, again=lambda before: self._trust_missed(
            params.get("textable", False), before))

    # -- shared ----------------------------------------------------------------

    def _repeat_or_goodbye(self, menu: Answer, tries: int, choose: Step, hints=None) -> Answer:
        """The one rule of every menu: said again once after silence, then the Trust is offered, then goodbye."""
        if tries >= 2:
            return Answer(
                listen=Listen(choose, (say(prompts.VOICE["goodbye_offer"]),), hints),
                after=(say(prompts.VOICE["goodbye"]),),
                then=Hangup(),
            )
        if tries == 1:
            return Answer(say=(say(prompts.VOICE["no_input"]), *menu.say), listen=menu.listen, then=menu.then)
        return menu

    @staticmethod
    def _sorry(heard: Heard) -> Speech:
        return say(prompts.VOICE["sorry_key" if heard.key else "sorry_speech" if heard.intent else "no_input"])

    @staticmethod
    def _with(answer: Answer, **changes) -> Answer:
        return Answer(**{**answer.__dict__, **changes})


def _section(params: dict) -> int:
    number = params.get("n", 1)
    return number if isinstance(number, int) and 1 <= number <= SECTION_COUNT else 1


def _latin(text: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())
