"""Speech rendered to audio files, for languages Twilio has no voice for (Urdu).

Files are named by a hash of the engine, language and text, so a file never
changes once made and can be cached anywhere. gTTS (Google's voices) is the
real engine; it needs the internet, has no cache of its own and may fail
(no connection, 429, 5xx), so every failure falls back to espeak-ng, which
speaks every language offline with a robotic voice. After a gTTS failure it
is not tried again for a while, so callers do not wait on it at every step.
"""

import hashlib
import logging
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from . import content, prompts
from .languages import Language

log = logging.getLogger(__name__)

ENGINES = ("gtts", "espeak")
GTTS_TIMEOUT = 5  # seconds per request to Google; Twilio waits 15 s for the whole step
GTTS_PAUSE = 600  # seconds without trying gTTS after it failed
ESPEAK_TIMEOUT = 20
RECORDED = "recorded"  # AUDIO_DIR/recorded/<lang>/<key>.mp3: a person's recording, used while its text holds


class AudioError(RuntimeError):
    """No engine could render the text."""


class Renderer:
    """Renders text to a file in `directory`, once, with the first engine that works."""

    def __init__(self, directory: str, engine: str = "gtts"):
        if engine not in ENGINES:
            raise ValueError(f"TTS_ENGINE must be one of {', '.join(ENGINES)}, not {engine!r}")
        self.directory = directory
        # The chosen engine first; espeak-ng is always the fallback.
        self.engines = (engine, "espeak") if engine != "espeak" else ("espeak",)
        # Never "at boot": time.monotonic() counts from the host's boot, so 0.0 would pause gTTS for the
        # first GTTS_PAUSE seconds of a fresh machine.
        self._gtts_failed_at = float("-inf")
        self.recordings = Recordings(directory)
        self._queue: queue.Queue = queue.Queue()
        self._pending: set[tuple[str, str]] = set()
        self._worker_pid = None

    @staticmethod
    def name(engine: str, language: Language, text: str) -> str:
        """A rendered file's name: a hash of what made it, so it never changes once made (MP3, which browsers,
        phones and WhatsApp all play)."""
        digest = hashlib.sha256(f"{engine}\n{language.code}\n{text}".encode()).hexdigest()[:32]
        return digest + ".mp3"

    def cached(self, language: Language, text: str) -> str | None:
        """The file name of this text already spoken: a person's recording first, then the better engine's."""
        recorded = self.recordings.served(language.code, text)
        if recorded:
            return recorded
        for engine in self.engines:
            name = self.name(engine, language, text)
            if os.path.exists(os.path.join(self.directory, name)):
                return name
        return None

    def render(self, language: Language, text: str, wait: bool = True) -> str:
        """The file name of this text spoken in this language, rendering it if needed.

        In a request (`wait=False`) nothing waits on gTTS, which needs the internet and may hang: a missing file
        is rendered by espeak-ng at once (0.01-0.1 s), and the better voice in the background, for next time.
        """
        found = self.cached(language, text)
        best = self.engines[0]
        if found and (wait or found != self.name("espeak", language, text) or best == "espeak"):
            return found
        engines = self.engines
        if not wait and best != "espeak":
            self._later(language, text)
            if found:
                return found
            engines = ("espeak",)
        return self._render(language, text, engines)

    def render_with(self, engine: str, language: Language, text: str) -> str:
        """Render with one engine, whatever is cached (for `helpline audio build`); raises AudioError."""
        name = self.name(engine, language, text)
        if not os.path.exists(os.path.join(self.directory, name)):
            try:
                self._write(name, lambda path: RENDER[engine](language, text, path))
            except AudioError:
                raise
            except Exception as e:  # noqa: BLE001 - gTTS's own errors, subprocess errors: one message each
                raise AudioError(str(e)) from None
        return name

    def _later(self, language: Language, text: str) -> None:
        """Render with the better engine in this process's background thread (once per text)."""
        if (language.code, text) in self._pending:
            return
        self._pending.add((language.code, text))
        if self._worker_pid != os.getpid():  # after a fork, each worker needs its own thread
            self._worker_pid = os.getpid()
            threading.Thread(target=self._work, name="helpline-speech", daemon=True).start()
        self._queue.put((language, text))

    def _work(self) -> None:
        while True:
            language, text = self._queue.get()
            try:
                self._render(language, text, self.engines[:1])
            except AudioError:
                pass  # logged; espeak-ng's file serves meanwhile
            finally:
                self._pending.discard((language.code, text))

    def _render(self, language: Language, text: str, engines) -> str:
        os.makedirs(self.directory, exist_ok=True)
        errors = []
        for engine in engines:
            if engine == "gtts" and time.monotonic() - self._gtts_failed_at < GTTS_PAUSE:
                continue
            name = self.name(engine, language, text)
            try:
                self._write(name, lambda path, e=engine: RENDER[e](language, text, path))
                return name
            except Exception as e:  # each engine fails in its own way; all are worth a fallback
                errors.append(f"{engine}: {e}")
                log.warning("text-to-speech with %s failed for %s: %s", engine, language.code, e)
                if engine == "gtts":
                    self._gtts_failed_at = time.monotonic()
        raise AudioError("; ".join(errors) or "no engine available")

    def _write(self, name: str, make) -> None:
        # Render beside the target and rename: a half-written file is never served.
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".part")
        os.close(fd)
        try:
            make(tmp)
            if os.path.getsize(tmp) == 0:
                raise AudioError("empty audio")
            os.replace(tmp, os.path.join(self.directory, name))
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Recordings:
    """People's recordings, dropped by an operator into AUDIO_DIR/recorded/<lang>/<key>.mp3.

    Each is used instead of machine speech while the text it was made for holds: the text's hash is written
    beside it (<key>.text-sha256) the first time it is seen against the texts (`see`), and a recording whose
    text has since changed is out of date, and not used, until it is recorded again.
    """

    RESCAN_SECONDS = 10

    def __init__(self, directory: str):
        self.root = os.path.join(directory, RECORDED)
        self.directory = directory
        self.needed: dict[tuple[str, str], str] = {}  # (lang, key) -> text, set by the app (audio.spoken)
        self._index: dict[tuple[str, str], str] = {}  # (lang, text hash) -> recording path
        self._served_names: set[str] = set()
        self._scanned = float("-inf")

    def see(self, needed: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
        """Record the text each new recording was made for; return each recording's state: current, out of
        date, or unknown (no text has that key)."""
        states = {}
        for code, key, path in self._files():
            text = needed.get((code, key))
            stamp = path[: -len(".mp3")] + ".text-sha256"
            if text is None:
                states[(code, key)] = "unknown key"
                continue
            if not os.path.exists(stamp):
                with open(stamp, "w", encoding="ascii") as f:
                    f.write(text_hash(text) + "\n")
            with open(stamp, encoding="ascii") as f:
                made_for = f.read().strip()
            states[(code, key)] = "current" if made_for == text_hash(text) else "out of date"
            with open(path, "rb") as f:
                self._served_names.add(hashlib.sha256(f.read()).hexdigest()[:32] + ".mp3")
        self._scanned = float("-inf")
        return states

    def _files(self):
        if not os.path.isdir(self.root):
            return
        for code in sorted(os.listdir(self.root)):
            folder = os.path.join(self.root, code)
            if os.path.isdir(folder):
                for name in sorted(os.listdir(folder)):
                    if name.endswith(".mp3"):
                        yield code, name[: -len(".mp3")], os.path.join(folder, name)

    def is_served(self, name: str) -> bool:
        """Whether a file beside the rendered ones is a copy of a recording (never removed as unused)."""
        return name in self._served_names

    def served(self, code: str, text: str) -> str | None:
        """The served file name of a current recording of this text, copied beside the rendered files under
        the hash of its content (so it can be cached forever, and a new take gets a new name)."""
        if time.monotonic() - self._scanned > self.RESCAN_SECONDS:
            if self.needed:
                self.see(self.needed)  # a recording dropped in while the helpline runs is first seen here
            self._index = {}
            for lang, key, path in self._files():
                stamp = path[: -len(".mp3")] + ".text-sha256"
                if os.path.exists(stamp):
                    with open(stamp, encoding="ascii") as f:
                        self._index[(lang, f.read().strip())] = path
            self._scanned = time.monotonic()
        path = self._index.get((code, text_hash(text)))
        if path is None:
            return None
        with open(path, "rb") as f:
            name = hashlib.sha256(f.read()).hexdigest()[:32] + ".mp3"
        served = os.path.join(self.directory, name)
        self._served_names.add(name)
        if not os.path.exists(served):
            shutil.copyfile(path, served + ".part")
            os.replace(served + ".part", served)
        return name


def _gtts(language: Language, text: str, path: str) -> None:
    if not language.gtts:
        raise AudioError(f"gTTS does not speak {language.code}")
    from gtts import gTTS

    gTTS(text, lang=language.gtts, timeout=GTTS_TIMEOUT).save(path)


def _espeak(language: Language, text: str, path: str) -> None:
    program, encoder = shutil.which("espeak-ng"), shutil.which("lame")
    if not program or not encoder:
        raise AudioError("espeak-ng or lame is not installed (apt-get install espeak-ng lame; `make` does it)")
    wav = path + ".wav"
    try:
        subprocess.run([program, "-v", language.espeak, "-w", wav, "--stdin"], input=text.encode(), check=True,
                       timeout=ESPEAK_TIMEOUT, capture_output=True)
        # MP3, as gTTS gives: what browsers, phones and WhatsApp all play.
        subprocess.run([encoder, "--quiet", "-V", "6", wav, path], check=True, timeout=ESPEAK_TIMEOUT,
                       capture_output=True)
    finally:
        if os.path.exists(wav):
            os.unlink(wav)


RENDER = {"gtts": _gtts, "espeak": _espeak}


def spoken(lexicon) -> dict[tuple[str, str], str]:
    """Every text the helpline speaks, by (language, key): each part of the sheet in every offered language
    (key: the part, e.g. 'symptoms'), and for a language Twilio has no voice for, every phone prompt too
    (key: the prompt, e.g. 'welcome', 'menu_line-3'). The keys name people's recordings."""
    out = {}
    for lang in lexicon.offered:
        texts = lexicon.texts[lang.code]
        for s in content.SECTIONS:
            out[(lang.code, s.key)] = texts.get(s.voice)
        if lang.voice:
            continue
        for key, m in prompts.VOICE.items():
            if key == "language_line":
                for d in range(1, 9):
                    out[(lang.code, f"{key}-{d}")] = texts.get(m, name=lang.native_name, digit=d)
            elif key == "menu_line":
                for s in content.SECTIONS:
                    out[(lang.code, f"{key}-{s.number}")] = texts.get(m, title=texts.get(s.spoken_title), number=s.number)
            elif "%(hours)s" not in m.id:  # the Trust's hours come from a setting: spoken as they are set
                out[(lang.code, key)] = texts.get(m)
    return out


def status(renderer: Renderer, lexicon, engine: str) -> dict[str, dict[str, list[str]]]:
    """Per language: which texts are current (rendered by `engine`, or recorded), missing, and which recordings
    are out of date; and the rendered files no text needs ('unused')."""
    needed = spoken(lexicon)
    recordings = renderer.recordings.see(needed)
    report: dict[str, dict[str, list[str]]] = {}
    wanted = set()
    for (code, key), text in needed.items():
        row = report.setdefault(code, {"current": [], "missing": [], "recording out of date": []})
        name = renderer.name(engine, lexicon.texts[code].language, text)
        wanted.add(name)
        if recordings.get((code, key)) == "out of date":
            row["recording out of date"].append(key)
        if recordings.get((code, key)) == "current" or os.path.exists(os.path.join(renderer.directory, name)):
            row["current"].append(key)
        else:
            row["missing"].append(key)
    rendered = [n for n in os.listdir(renderer.directory)] if os.path.isdir(renderer.directory) else []
    report["unused"] = {"files": sorted(n for n in rendered if n.endswith(".mp3") and n not in wanted
                                        and not renderer.recordings.is_served(n))}
    return report


RETRIES = 3  # gTTS's rate limit (429) and passing network errors, with back-off: 1 s, 2 s, 4 s


def build(renderer: Renderer, lexicon, engine: str, codes, jobs: int, progress=None) -> list[str]:
    """Render what is missing for `engine` in the given languages, in parallel; remove what no text needs.

    Returns one line per failure. Without network, gTTS fails at once with a way out, rather than per file.
    """
    needed = {k: t for k, t in spoken(lexicon).items() if codes is None or k[0] in codes}
    todo = [(code, key, text) for (code, key), text in needed.items()
            if not os.path.exists(os.path.join(renderer.directory, renderer.name(engine, lexicon.texts[code].language, text)))]
    os.makedirs(renderer.directory, exist_ok=True)
    failures: list[str] = []
    offline = []

    def one(item):
        code, key, text = item
        language = lexicon.texts[code].language
        for attempt in range(RETRIES + 1):
            if offline:
                return f"{code} {key}: not tried (gTTS cannot reach Google)"
            try:
                renderer.render_with(engine, language, text)
                return None
            except AudioError as e:
                message = str(e)
                if engine == "gtts" and "connect" in message.lower() and attempt == 0 and not offline:
                    offline.append(message)
                    return f"{code} {key}: {message}"
                if attempt == RETRIES or not (engine == "gtts" and _worth_retrying(message)):
                    return f"{code} {key}: {message}"
                time.sleep(2 ** attempt)
        return None

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for item, failed in zip(todo, pool.map(one, todo)):
            if progress:
                progress(item[0])
            if failed:
                failures.append(failed)
    if offline:
        failures.append("gTTS cannot reach Google from here: use --engine espeak, or run it where there is internet")
    if codes is None:
        for name in status(renderer, lexicon, engine)["unused"]["files"]:
            os.unlink(os.path.join(renderer.directory, name))
    return failures


def _worth_retrying(message: str) -> bool:
    return any(word in message for word in ("429", "Too Many", "500", "502", "503", "timed out", "Timeout"))
