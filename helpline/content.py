"""The eight sections of the information sheet and the Trust's contact, as msgids.

Every text here says only what Great Ormond Street Hospital's information sheet
says (shared/seed/oms-des-information-sheet.txt): summaries shorten, never add.
English texts use GSM-7 characters only (straight quotes, plain hyphens) so an
English SMS never silently switches to UCS-2 and doubles its cost.

Texts are (context, msgid) pairs marked with `msg`, extracted by Babel
(`-k msg:1c,2`) and translated with pgettext(context, msgid).
"""

from dataclasses import dataclass
from typing import NamedTuple


class Msg(NamedTuple):
    """A translatable text: its pgettext context and its English msgid."""

    context: str
    id: str


def msg(context: str, text: str) -> Msg:
    """Mark a text for extraction without translating it yet."""
    return Msg(context, text)


# The Trust's contact exactly as the sheet gives it. Texts carry these as
# placeholders so that no translation can alter a digit of them.
TRUST_NAME = "Dancing Eye Syndrome Support Trust"
TRUST_PHONE_DISPLAY = "01475 794 577"
TRUST_PHONE_INTERNATIONAL = "+44 1475 794577"
TRUST_WEB = "www.dancingeyes.org.uk"
# Spoken: the number in the groups people say it in, the address as words.
TRUST_PHONE_SPOKEN = "0 1 4 7 5, 7 9 4, 5 7 7"
TRUST_WEB_SPOKEN = "dancing eyes dot org dot uk"
CONTACT = {
    "phone": TRUST_PHONE_DISPLAY,
    "phone_intl": TRUST_PHONE_INTERNATIONAL,
    "web": TRUST_WEB,
    "phone_spoken": TRUST_PHONE_SPOKEN,
    "web_spoken": TRUST_WEB_SPOKEN,
}


@dataclass(frozen=True)
class Section:
    """One part of the sheet: its number, key, menu title, keywords and summary."""

    number: int
    key: str
    title: Msg
    words: Msg  # space-separated words a texter may send, or a caller say, for it
    sms: Msg  # the summary by text: at most 4 SMS segments with its heading
    spoken_title: Msg  # the title in a spoken menu: "For <title>, press 3."
    voice: Msg  # the summary written for the ear: no brackets, lists or letter-by-letter abbreviations


SECTIONS = (
    Section(
        1,
        "about",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("about|title", "About OMS/DES"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("about|words", "ABOUT"),
        # TRANSLATORS: SMS. Whole reply with heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep
        # numbers.
        msg(
            "about|sms",
            "OMS/DES is a rare illness of the brain and nerves. It comes on over days or weeks "
            "in young children. It is also called Kinsbourne syndrome.\n"
            "Main signs:\n"
            "- unsteadiness (ataxia)\n"
            "- jerky movements of the body, arms and legs (myoclonus)\n"
            "- fast eye movements in all directions that the child cannot control (opsoclonus)\n"
            "- usually, being very cross and upset (irritability), with poor sleep.\n"
            "Most children get it between age 1 and 3, rarely earlier or later. It may have no "
            "clear cause, come after a virus, or come with a tumour called neuroblastoma.",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("about|voice title", "what the illness is"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words.
        msg(
            "about|voice",
            "Dancing eye syndrome is also called opsoclonus myoclonus syndrome, or Kinsbourne syndrome. "
            "It is a rare illness of the brain and nerves. It comes on over days or weeks in young children. "
            "The main signs are these. Unsteadiness, called ataxia. "
            "Jerky movements of the body, arms and legs, called myoclonus. "
            "Fast eye movements in all directions that the child cannot control, called opsoclonus. "
            "And usually, being very cross and upset, with poor sleep. "
            "Most children get it between the ages of one and three. Rarely, it starts earlier or later. "
            "It may have no clear cause. It may come after a virus, or with a tumour called neuroblastoma."
        ),
    ),
    Section(
        2,
        "causes",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("causes|title", "Causes"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("causes|words", "CAUSES CAUSE"),
        # TRANSLATORS: SMS. Whole reply with heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep
        # numbers.
        msg(
            "causes|sms",
            "Doctors think OMS/DES is autoimmune: the body's defence (immune) system attacks "
            "the body by mistake. How is not yet proven.\n"
            "It seems to attack the cerebellum, the part of the brain that controls eye "
            "movements, muscle control and speech.\n"
            "About half of children with OMS/DES have a tumour called neuroblastoma. It is "
            "usually, but not always, a benign (mild) kind. Most need tests, an operation to "
            "remove it, and check-ups. Treating it matters, but it does not seem to change how "
            "OMS/DES goes.\n"
            "Otherwise it may follow an infection, or have no clear cause.",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("causes|voice title", "causes"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words.
        msg(
            "causes|voice",
            "Doctors think the illness is autoimmune. This means the body's defence system, the immune system, "
            "attacks the body by mistake. How this happens is not yet proven. "
            "It seems to attack the cerebellum. This is the part of the brain that controls eye movements, "
            "muscle control and speech. "
            "About half of children with the illness have a tumour called neuroblastoma. "
            "It is usually, but not always, a benign, or mild, kind. "
            "Most of these children need tests, an operation to remove it, and check-ups. "
            "Treating the tumour matters, but it does not seem to change how the illness goes. "
            "In other children, the illness may follow an infection, or have no clear cause."
        ),
    ),
    Section(
        3,
        "symptoms",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("symptoms|title", "Symptoms"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("symptoms|words", "SYMPTOMS SYMPTOM SIGNS"),
        # TRANSLATORS: SMS. Whole reply with heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep
        # numbers.
        msg(
            "symptoms|sms",
            "Symptoms vary a lot. They may not all happen at the same time. They often "
            "start at age 1 to 2, but can start at any time in childhood.\n"
            "Usually first: unsteadiness (ataxia) and muscle jerks in all or part of the body.\n"
            "Muscles may go floppy, and the child tired (lethargy).\n"
            "There are also behaviour problems, being cross and upset (irritability), and poor sleep.\n"
            "Symptoms come on fast. Skills like sitting and walking can be lost in days. "
            "A child may lose speech, or not talk at all.\n"
            "Fast eye movements are one of the later signs.",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("symptoms|voice title", "symptoms"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words.
        msg(
            "symptoms|voice",
            "The symptoms vary a lot. They may not all happen at the same time. "
            "They often start at the age of one to two, but can start at any time in childhood. "
            "Usually the first signs are unsteadiness, called ataxia, and muscle jerks in all or part of the body. "
            "Muscles may go floppy, and the child may be tired. "
            "There are also behaviour problems, being cross and upset, and poor sleep. "
            "The symptoms come on fast. Skills like sitting and walking can be lost in days. "
            "A child may lose their speech, or not talk at all. "
            "Fast eye movements are one of the later signs."
        ),
    ),
    Section(
        4,
        "diagnosis",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("diagnosis|title", "Diagnosis"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("diagnosis|words", "DIAGNOSIS DIAGNOSE TESTS"),
        # TRANSLATORS: SMS. Whole reply with heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep
        # numbers.
        msg(
            "diagnosis|sms",
            "Doctors have agreed how to diagnose OMS/DES. A child must have 3 of these 4:\n"
            "- fast eye movements (opsoclonus)\n"
            "- unsteadiness (ataxia) or muscle jerks (myoclonus)\n"
            "- behaviour or sleep problems\n"
            "- a neuroblastoma tumour.\n"
            "OMS/DES can look like other illnesses, so it is best checked at a specialist "
            "centre.\n"
            "Tests rule out other brain problems: an MRI brain scan, blood tests and a "
            "lumbar puncture (fluid taken from the lower back). Children are checked for "
            "neuroblastoma with an MRI scan of the body, and maybe a special scan called "
            "an MIBG scan.",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("diagnosis|voice title", "diagnosis"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words.
        msg(
            "diagnosis|voice",
            "Doctors have agreed how to diagnose the illness. A child must have three of these four signs. "
            "One: fast eye movements. Two: unsteadiness, or muscle jerks. Three: behaviour or sleep problems. "
            "Four: a tumour called neuroblastoma. "
            "The illness can look like other illnesses, so it is best checked at a specialist centre. "
            "Tests rule out other brain problems. They include a brain scan called an M R I, blood tests, "
            "and a lumbar puncture, where fluid is taken from the lower back. "
            "Children are also checked for neuroblastoma, with an M R I scan of the body, "
            "and maybe a special scan called an M I B G scan."
        ),
    ),
    Section(
        5,
        "treatment",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("treatment|title", "Treatment"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("treatment|words", "TREATMENT TREATMENTS MEDICINE MEDICINES"),
        # TRANSLATORS: SMS. Whole reply with heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep
        # numbers.
        msg(
            "treatment|sms",
            "First, any neuroblastoma is treated. It is usually very small, so it is best "
            "removed in an operation. Sometimes chemotherapy or radiotherapy is "
            "needed before or after.\n"
            "Second, medicines calm the immune system, to reduce attacks on the brain and "
            "prevent lasting damage:\n"
            "- steroids, by mouth or as 'pulses' into a vein\n"
            "- sometimes rituximab too. It removes some white blood cells (B cells).\n"
            "- or cyclophosphamide instead. It affects all blood cells.\n"
            "- maybe IVIG (immunoglobulin into a vein), which also calms it.\n"
            "This goes on until symptoms get better.",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("treatment|voice title", "treatment"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words.
        msg(
            "treatment|voice",
            "Treatment has two aims. First, any neuroblastoma is treated. "
            "It is usually very small, so it is best removed in an operation. "
            "Sometimes chemotherapy or radiotherapy is needed before or after. "
            "Second, medicines calm the immune system. This is to reduce the attacks on the brain, "
            "and prevent lasting damage. Steroids are given by mouth, or as pulses into a vein. "
            "Sometimes a medicine called rituximab is given too. It removes some white blood cells, called B cells. "
            "Sometimes a medicine called cyclophosphamide is used instead. It affects all blood cells. "
            "Immunoglobulin, given into a vein, may also be used. It also calms the immune system. "
            "Treatment goes on until the symptoms get better."
        ),
    ),
    Section(
        6,
        "team",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("team|title", "Care team"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("team|words", "TEAM DOCTORS"),
        # TRANSLATORS: SMS. Whole reply with heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep
        # numbers.
        msg(
            "team|sms",
            "Many people at GOSH may care for your child. They may change over the years.\n"
            "- Neurologist: a children's brain doctor who diagnoses and treats OMS/DES. "
            "You see them at each clinic visit.\n"
            "- Oncologist: treats a neuroblastoma, if there is one.\n"
            "- Surgeon: removes the tumour in an operation.\n"
            "- Nurse specialist: knows OMS/DES well. Usually your main contact between visits.\n"
            "- Psychologist: helps with feelings like anger, worry, fear and sadness.\n"
            "- Neuropsychologist: tests memory, focus and learning, and helps with school.",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("team|voice title", "the care team"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words.
        msg(
            "team|voice",
            "Many people at Great Ormond Street Hospital may care for your child, and they may change over the years. "
            "The neurologist is a children's brain doctor who diagnoses and treats the illness. "
            "You will see them at each clinic visit. "
            "The oncologist treats a neuroblastoma, if there is one. "
            "The surgeon removes the tumour in an operation. "
            "The clinical nurse specialist knows the illness well, and is usually your main contact between visits. "
            "The psychologist helps with feelings like anger, worry, fear and sadness. "
            "The neuropsychologist tests memory, focus and learning, and helps with school."
        ),
    ),
    Section(
        7,
        "outlook",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("outlook|title", "Outlook"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("outlook|words", "OUTLOOK FUTURE"),
        # TRANSLATORS: SMS. Whole reply with heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep
        # numbers.
        msg(
            "outlook|sms",
            "It varies with how bad symptoms are at diagnosis. A few get fully better without "
            "treatment; others get partly better with it.\n"
            "Most have relapses (it keeps coming back) and need long-term treatment. "
            "It can come back when treatment stops, or after a virus.\n"
            "Many have lasting problems with learning, coordination, behaviour and sleep, and "
            "need speech, occupational and physio therapy.\n"
            "The very young, and those with bad early symptoms, are most at risk. Found early, "
            "they may gain from new treatments at specialist centres.\n"
            "Once stable, school support can help.",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("outlook|voice title", "the outlook"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words.
        msg(
            "outlook|voice",
            "How children do varies. It depends on how bad the symptoms are at diagnosis. "
            "A few children get fully better without treatment. Others get partly better with treatment. "
            "Most children have relapses. This means the illness keeps coming back, and they need treatment "
            "for a long time. It can come back when treatment stops, or after a virus. "
            "Many children have lasting problems with learning, coordination, behaviour and sleep. "
            "They need help from speech and language therapists, occupational therapists and physiotherapists. "
            "Very young children, and those with bad symptoms at the start, are most at risk. "
            "Found early, they may gain from new treatments at specialist centres. "
            "Once things are stable, support at school can help. "
            "The Dancing Eye Syndrome Support Trust has a guide for teachers."
        ),
    ),
    Section(
        8,
        "support",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("support|title", "Support"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("support|words", "SUPPORT CHARITY"),
        # TRANSLATORS: SMS. Whole reply with heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep
        # numbers.
        msg(
            "support|sms",
            "In the UK, the main group for information and support is the Dancing Eye "
            "Syndrome Support Trust. It is there for anyone affected by OMS/DES. It also "
            "has a guide for teachers.\n"
            "Call them on %(phone)s (from abroad %(phone_intl)s).\n"
            "Website: %(web)s",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("support|voice title", "support"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words.
        msg(
            "support|voice",
            "In the UK, the main group for information and support is the Dancing Eye Syndrome Support Trust. "
            "It is there for anyone affected by the illness. "
            "You can call them on %(phone_spoken)s. "
            "Their website is %(web_spoken)s."
        ),
    ),
)

SECTION_BY_NUMBER = {s.number: s for s in SECTIONS}

# Each section's number said as a word, in order: "three" works like "3".
# TRANSLATORS: exactly eight words, one to eight, in order, in capitals.
NUMBER_WORDS = msg("numbers|words", "ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT")

# Words that ask for each command, space-separated; the English ones always work,
# and each language adds its own.
COMMAND_WORDS = {
    # TRANSLATORS: these lists are words (capitals, space-separated) in your
    # language, including greetings for "menu"; English ones always work too.
    "menu": msg("menu|words", "MENU OMS DES HI HELLO"),
    "more": msg("more|words", "MORE NEXT"),
    "trust": msg("trust|words", "TRUST CALL PERSON TALK"),
    "help": msg("help|words", "HELP INFO"),
    "lang": msg("lang|words", "LANG LANGUAGE LANGUAGES"),
}

# Carriers' and Twilio's own opt-out and opt-in words: only ever English, only
# ever alone in a message (shared/FACTS.md), so they are not translated.
OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
OPT_IN_WORDS = frozenset({"START", "UNSTOP", "YES"})
