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

from . import content, prompts
from .languages import Language

log = logging.getLogger(__name__)

ENGINES = ("gtts", "espeak")
GTTS_TIMEOUT = 5  # seconds per request to Google; Twilio waits 15 s for the whole step
GTTS_PAUSE = 600  # seconds without trying gTTS after it failed
ESPEAK_TIMEOUT = 20
EXTENSIONS = {"gtts": ".mp3", "espeak": ".wav"}


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
        self._queue: queue.Queue = queue.Queue()
        self._pending: set[tuple[str, str]] = set()
        self._worker_pid = None

    @staticmethod
    def name(engine: str, language: Language, text: str) -> str:
        digest = hashlib.sha256(f"{engine}\n{language.code}\n{text}".encode()).hexdigest()[:32]
        return digest + EXTENSIONS[engine]

    def cached(self, language: Language, text: str) -> str | None:
        """The file name of this text already rendered by any engine, preferring the better one."""
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
        if found and (wait or found == self.name(best, language, text)):
            return found
        engines = self.engines
        if not wait and best != "espeak":
            self._later(language, text)
            if found:
                return found
            engines = ("espeak",)
        return self._render(language, text, engines)

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


def _gtts(language: Language, text: str, path: str) -> None:
    if not language.gtts:
        raise AudioError(f"gTTS does not speak {language.code}")
    from gtts import gTTS

    gTTS(text, lang=language.gtts, timeout=GTTS_TIMEOUT).save(path)


def _espeak(language: Language, text: str, path: str) -> None:
    program = shutil.which("espeak-ng")
    if not program:
        raise AudioError("espeak-ng is not installed (apt-get install espeak-ng)")
    subprocess.run(
        [program, "-v", language.espeak, "-w", path, "--stdin"],
        input=text.encode(),
        check=True,
        timeout=ESPEAK_TIMEOUT,
        capture_output=True,
    )


RENDER = {"gtts": _gtts, "espeak": _espeak}


def spoken_texts(texts, language: Language) -> list[str]:
    """Every text the phone menu can say in a language, as voice.py composes them."""
    out = [texts.get(s.voice) for s in content.SECTIONS]
    for key, m in prompts.VOICE.items():
        if key == "language_line":
            out += [texts.get(m, name=language.native_name, digit=d) for d in range(1, 9)]
        elif key == "menu_line":
            out += [texts.get(m, title=texts.get(s.spoken_title), number=s.number) for s in content.SECTIONS]
        else:
            out.append(texts.get(m))
    return list(dict.fromkeys(out))
