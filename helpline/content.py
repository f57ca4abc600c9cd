"""The eight sections of the information sheet and the Trust's contact, as msgids.

Every text here says only what Great Ormond Street Hospital's information sheet
says (shared/seed/oms-des-information-sheet.txt): summaries shorten, never add.
English texts use GSM-7 characters only (straight quotes, plain hyphens) so an
English SMS never silently switches to UCS-2 and doubles its cost.

Texts are (context, msgid) pairs marked with `msg`, extracted by Babel
(`-k msg:1c,2`) and translated with pgettext(context, msgid).
"""

import re
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


# A line of three hyphens splits a section's SMS text into parts, each a reply
# of its own: 268 UCS-2 characters cannot hold what 612 GSM-7 ones do, and a
# fact dropped to fit is worse than one more message.
PART_BREAK = re.compile(r"\n-{3,}\n")


def parts(text: str) -> list[str]:
    """A section's SMS text split into the parts sent one by one (MORE gives the next)."""
    return [p.strip("\n") for p in PART_BREAK.split(text) if p.strip()] or [""]


@dataclass(frozen=True)
class Section:
    """One part of the sheet: its number, key, menu title, keywords, summaries and key facts."""

    number: int
    key: str
    title: Msg
    words: Msg  # space-separated words a texter may send, or a caller say, for it
    sms: Msg  # the summary by text: parts split by PART_BREAK, each at most 4 SMS segments with its heading
    spoken_title: Msg  # the title in a spoken menu: "For <title>, press 3."
    voice: Msg  # the summary written for the ear: no brackets, lists or letter-by-letter abbreviations
    # Terms every language's SMS text must carry; a tuple of terms must stand together in one part,
    # so that a parent who reads only that part is not left with half of it.
    facts: tuple = ()

    def fact_groups(self) -> list[tuple[Msg, ...]]:
        return [(f,) if isinstance(f, Msg) else f for f in self.facts]


SECTIONS = (
    Section(
        1,
        "about",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("about|title", "About OMS/DES"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("about|words", "ABOUT"),
        # TRANSLATORS: SMS, sent in parts: a line '---' starts a new part (a reply of its own). Each part with its
        # heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars); add or move '---' lines as your language
        # needs, never dropping a fact, and keep what a line says whole within one part. Keep numbers.
        msg(
            "about|sms",
            "OMS/DES means opsoclonus myoclonus syndrome, or dancing eye syndrome. It is also called "
            "Kinsbourne syndrome. It is a rare illness of the brain and nerves. It comes on over days or "
            "weeks in young children.\n"
            "Main signs:\n"
            "- unsteadiness (ataxia)\n"
            "- jerky movements of the body, arms and legs (myoclonus)\n"
            "- fast eye movements in all directions that the child cannot control (opsoclonus)\n"
            "- usually, being very cross and upset (irritability), with poor sleep.\n"
            "---\n"
            "Most children get OMS/DES between age 1 and 3. Rarely, it starts earlier or later.\n"
            "It may have no clear cause. It may come after a virus. Or it may come with a tumour called "
            "neuroblastoma.",
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
        facts=(
            # TRANSLATORS: a key term of this part: give the word, or the start of the word, that your SMS
            # text of this part uses for it; `helpline translate check` looks for it there.
            msg("fact", "opsoclonus myoclonus syndrome"), msg("fact", "dancing eye syndrome"), msg("fact", "Kinsbourne"), msg("fact", "rare"),
            msg("fact", "brain"), msg("fact", "nerves"), msg("fact", "days or weeks"), msg("fact", "unsteadiness"), msg("fact", "ataxia"),
            msg("fact", "jerky"), msg("fact", "myoclonus"), (msg("fact", "all directions"), msg("fact", "cannot control"), msg("fact", "opsoclonus")),
            msg("fact", "irritability"), msg("fact", "sleep"), msg("fact", "earlier or later"), msg("fact", "virus"), msg("fact", "tumour"),
            msg("fact", "neuroblastoma"),
        ),
    ),
    Section(
        2,
        "causes",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("causes|title", "Causes"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("causes|words", "CAUSES CAUSE"),
        # TRANSLATORS: SMS, sent in parts: a line '---' starts a new part (a reply of its own). Each part with its
        # heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars); add or move '---' lines as your language
        # needs, never dropping a fact. 'benign' is 'not cancer', never 'mild' or 'harmless'. Keep 'Treating the
        # tumour matters' and 'it does not seem to change how OMS/DES goes' together in one part.
        msg(
            "causes|sms",
            "Doctors think OMS/DES is autoimmune. This means the body's defence (immune) system attacks the "
            "body by mistake. How this happens is not yet proven.\n"
            "The illness seems to attack the cerebellum. This part of the brain controls eye movements, "
            "muscles and speech.\n"
            "---\n"
            "About half of children with OMS/DES have a tumour called neuroblastoma. It is usually, but not "
            "always, benign (not cancer). Most of these children need tests, an operation to remove the "
            "tumour, and check-ups. Treating the tumour matters. But it does not seem to change how OMS/DES "
            "goes.\n"
            "Other children get OMS/DES after an infection, or for no clear reason.",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("causes|voice title", "causes"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words. 'benign'
        # means 'not cancer', never 'mild' or 'harmless'.
        msg(
            "causes|voice",
            "Doctors think the illness is autoimmune. This means the body's defence system, the immune system, "
            "attacks the body by mistake. How this happens is not yet proven. "
            "The illness seems to attack the cerebellum. This is the part of the brain that controls "
            "eye movements, muscles and speech. "
            "About half of children with the illness have a tumour called neuroblastoma. "
            "The tumour is usually, but not always, benign. This means it is not cancer. "
            "Most of these children need tests, an operation to remove the tumour, and check-ups. "
            "Treating the tumour matters, but it does not seem to change how the illness goes. "
            "Other children get the illness after an infection, or for no clear reason."
        ),
        facts=(
            # TRANSLATORS: a key term of this part: give the word, or the start of the word, that your SMS
            # text of this part uses for it; `helpline translate check` looks for it there.
            msg("fact", "doctors think"), msg("fact", "autoimmune"), msg("fact", "immune"), msg("fact", "not yet proven"), msg("fact", "cerebellum"),
            msg("fact", "eye movements"), msg("fact", "speech"), msg("fact", "half"), msg("fact", "neuroblastoma"),
            (msg("fact", "not always"), msg("fact", "benign"), msg("fact", "not cancer")), msg("fact", "operation"), msg("fact", "check-ups"),
            (msg("fact", "matters"), msg("fact", "does not seem to change")), msg("fact", "infection"),
        ),
    ),
    Section(
        3,
        "symptoms",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("symptoms|title", "Symptoms"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("symptoms|words", "SYMPTOMS SYMPTOM SIGNS"),
        # TRANSLATORS: SMS, sent in parts: a line '---' starts a new part (a reply of its own). Each part with its
        # heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars); add '---' lines as your language needs,
        # never dropping a fact. Keep numbers.
        msg(
            "symptoms|sms",
            "Symptoms vary a lot. They may not all happen at the same time. They often start at age 1 to 2. "
            "But they can start at any age in childhood.\n"
            "The first signs are usually unsteadiness (ataxia) and muscle jerks in all or part of the body.\n"
            "Muscles may go floppy. The child may be tired (lethargy).\n"
            "There are also behaviour problems, being cross and upset (irritability), and poor sleep.\n"
            "Symptoms come on fast. A child can lose skills like sitting and walking in days. "
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
        facts=(
            # TRANSLATORS: a key term of this part: give the word, or the start of the word, that your SMS
            # text of this part uses for it; `helpline translate check` looks for it there.
            msg("fact", "vary"), msg("fact", "same time"), msg("fact", "childhood"), msg("fact", "unsteadiness"), msg("fact", "ataxia"), msg("fact", "jerks"),
            msg("fact", "floppy"), msg("fact", "tired"), msg("fact", "lethargy"), msg("fact", "behaviour"), msg("fact", "irritability"), msg("fact", "sleep"),
            msg("fact", "fast"), msg("fact", "sitting"), msg("fact", "walking"), msg("fact", "speech"), msg("fact", "eye movements"), msg("fact", "later"),
        ),
    ),
    Section(
        4,
        "diagnosis",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("diagnosis|title", "Diagnosis"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("diagnosis|words", "DIAGNOSIS DIAGNOSE TESTS"),
        # TRANSLATORS: SMS, sent in parts: a line '---' starts a new part (a reply of its own). Each part with its
        # heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars); add '---' lines as your language needs,
        # never dropping a fact. Keep the four signs together in one part. Keep numbers.
        msg(
            "diagnosis|sms",
            "Doctors have agreed how to diagnose OMS/DES. A child must have 3 of these 4:\n"
            "- fast eye movements (opsoclonus)\n"
            "- unsteadiness (ataxia) or muscle jerks (myoclonus)\n"
            "- behaviour or sleep problems\n"
            "- a tumour called neuroblastoma.\n"
            "OMS/DES can look like other illnesses. So it is best checked at a specialist centre.\n"
            "---\n"
            "Tests rule out other brain problems. They include an MRI brain scan and blood tests. "
            "They also include a lumbar puncture: fluid is taken from the lower back.\n"
            "Children are also checked for neuroblastoma. They have an MRI scan of the body. "
            "They may have a special scan called an MIBG scan.",
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
        facts=(
            # TRANSLATORS: a key term of this part: give the word, or the start of the word, that your SMS
            # text of this part uses for it; `helpline translate check` looks for it there.
            (msg("fact", "opsoclonus"), msg("fact", "ataxia"), msg("fact", "myoclonus"), msg("fact", "behaviour"), msg("fact", "sleep"),
             msg("fact", "neuroblastoma")),
            msg("fact", "other illnesses"), msg("fact", "specialist centre"), msg("fact", "MRI"), msg("fact", "blood tests"),
            msg("fact", "lumbar puncture"), msg("fact", "lower back"), msg("fact", "MIBG"),
        ),
    ),
    Section(
        5,
        "treatment",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("treatment|title", "Treatment"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("treatment|words", "TREATMENT TREATMENTS MEDICINE MEDICINES"),
        # TRANSLATORS: SMS, sent in parts: a line '---' starts a new part (a reply of its own). Each part with its
        # heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars); add '---' lines as your language needs,
        # never dropping a fact. The two aims are aims, not steps in time: never 'first ... then'. 'pulses' are
        # short bursts of steroids into a vein.
        msg(
            "treatment|sms",
            "Treatment has two aims.\n"
            "One aim is to treat any neuroblastoma. It is usually very small, so it is best removed in an "
            "operation. Sometimes chemotherapy or radiotherapy is needed before or after.\n"
            "The other aim is to calm the immune system. This reduces attacks on the brain, to prevent lasting "
            "damage.\n"
            "---\n"
            "Medicines that calm the immune system:\n"
            "- steroids, by mouth, or into a vein in short bursts (pulses)\n"
            "- sometimes rituximab as well. It removes some white blood cells (B cells).\n"
            "- or cyclophosphamide instead of rituximab. It affects all blood cells.\n"
            "- maybe immunoglobulin into a vein (IVIG). It also calms the immune system.\n"
            "Treatment goes on until symptoms get better. Most children need long-term treatment. "
            "Symptoms can come back as treatment is reduced: see part 7.",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("treatment|voice title", "treatment"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words. The two
        # aims are aims, not steps in time.
        msg(
            "treatment|voice",
            "Treatment has two aims. One aim is to treat any neuroblastoma. "
            "It is usually very small, so it is best removed in an operation. "
            "Sometimes chemotherapy or radiotherapy is needed before or after. "
            "The other aim is to calm the immune system. This reduces the attacks on the brain, "
            "to prevent lasting damage. Steroids are given by mouth, or into a vein in short bursts, called pulses. "
            "Sometimes a medicine called rituximab is given as well. It removes some white blood cells, "
            "called B cells. "
            "Sometimes a medicine called cyclophosphamide is used instead of rituximab. It affects all blood cells. "
            "Immunoglobulin, given into a vein, may also be used. It also calms the immune system. "
            "Treatment goes on until the symptoms get better. Most children need treatment for a long time, "
            "and symptoms can come back as treatment is reduced. Part seven, the outlook, says more."
        ),
        facts=(
            # TRANSLATORS: a key term of this part: give the word, or the start of the word, that your SMS
            # text of this part uses for it; `helpline translate check` looks for it there.
            msg("fact", "two aims"), msg("fact", "neuroblastoma"), msg("fact", "operation"), msg("fact", "chemotherapy"), msg("fact", "radiotherapy"),
            msg("fact", "immune"), msg("fact", "lasting damage"), msg("fact", "steroids"), msg("fact", "vein"), msg("fact", "pulses"),
            msg("fact", "rituximab"), msg("fact", "B cells"), msg("fact", "cyclophosphamide"), msg("fact", "immunoglobulin"), msg("fact", "IVIG"),
            msg("fact", "until symptoms get better"), (msg("fact", "long-term"), msg("fact", "reduced")),
        ),
    ),
    Section(
        6,
        "team",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("team|title", "Care team"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("team|words", "TEAM DOCTORS"),
        # TRANSLATORS: SMS, sent in parts: a line '---' starts a new part (a reply of its own). Each part with its
        # heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars); add '---' lines as your language needs,
        # never dropping a fact. GOSH is Great Ormond Street Hospital.
        msg(
            "team|sms",
            "Many people may care for your child. They may change over the years. "
            "At Great Ormond Street Hospital (GOSH), they include:\n"
            "- Neurologist: a children's brain doctor who diagnoses and treats OMS/DES. You see them at "
            "clinic visits.\n"
            "- Oncologist: treats a neuroblastoma, if there is one.\n"
            "- Surgeon: removes a neuroblastoma, if there is one.\n"
            "- Nurse specialist: knows OMS/DES well. Usually your main contact between visits.\n"
            "- Psychologist: helps with anger, worry, fear and sadness.\n"
            "- Neuropsychologist: tests memory, focus and learning. Helps with school.",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("team|voice title", "the care team"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words.
        msg(
            "team|voice",
            "Many people may care for your child, and they may change over the years. "
            "At Great Ormond Street Hospital, the team includes these people. "
            "The neurologist is a children's brain doctor who diagnoses and treats the illness. "
            "You will see them at each clinic visit. "
            "The oncologist treats a neuroblastoma, if there is one. "
            "The surgeon removes a neuroblastoma in an operation, if there is one. "
            "The clinical nurse specialist knows the illness well, and is usually your main contact between visits. "
            "The psychologist helps with feelings like anger, worry, fear and sadness. "
            "The neuropsychologist tests memory, focus and learning, and helps with school."
        ),
        facts=(
            # TRANSLATORS: a key term of this part: give the word, or the start of the word, that your SMS
            # text of this part uses for it; `helpline translate check` looks for it there.
            msg("fact", "change over the years"), msg("fact", "Great Ormond Street"), msg("fact", "neurologist"), msg("fact", "clinic"),
            msg("fact", "oncologist"), msg("fact", "surgeon"), msg("fact", "if there is one"), msg("fact", "nurse specialist"),
            msg("fact", "main contact"), msg("fact", "psychologist"), msg("fact", "neuropsychologist"), msg("fact", "school"),
        ),
    ),
    Section(
        7,
        "outlook",
        # TRANSLATORS: the part's title in the SMS menu and headings: short; keep it typable.
        msg("outlook|title", "Outlook"),
        # TRANSLATORS: your language's words for this part (capitals, spaces between); English ones work too.
        msg("outlook|words", "OUTLOOK FUTURE"),
        # TRANSLATORS: SMS, sent in parts: a line '---' starts a new part (a reply of its own). Each part with its
        # heading and footer: 4 SMS max (612 GSM-7 / 268 UCS-2 chars); add '---' lines as your language needs,
        # never dropping a fact. 'most at risk of long-term effects': never 'most at risk' alone.
        msg(
            "outlook|sms",
            "How children do varies. It depends on how bad the symptoms are at diagnosis. "
            "A few children get fully better without treatment. Others get partly better with treatment.\n"
            "Most children have relapses: the illness keeps coming back. They need long-term treatment. "
            "Relapses can happen as treatment is reduced, or after a virus.\n"
            "---\n"
            "Many children have ongoing problems with learning, coordination, behaviour and sleep. "
            "They need help from speech, occupational and physio therapists.\n"
            "Very young children, and those with bad symptoms at the start, are most at risk of long-term "
            "effects. It is important to find them early. They may gain from new treatments at specialist "
            "centres.\n"
            "When the illness is stable, support at school can help.",
        ),
        # TRANSLATORS: said in the phone menu as 'For <this>, press 3.'
        msg("outlook|voice title", "the outlook"),
        # TRANSLATORS: spoken summary, for the ear: short sentences, no brackets, numbers as words.
        msg(
            "outlook|voice",
            "How children do varies. It depends on how bad the symptoms are at diagnosis. "
            "A few children get fully better without treatment. Others get partly better with treatment. "
            "Most children have relapses. This means the illness keeps coming back, and they need treatment "
            "for a long time. Relapses can happen as treatment is reduced, or after a virus. "
            "Many children have ongoing problems with learning, coordination, behaviour and sleep. "
            "They need help from speech and language therapists, occupational therapists and physiotherapists. "
            "Very young children, and those with bad symptoms at the start, are most at risk of long-term effects. "
            "It is important to find these children early, because they may gain from new treatments "
            "at specialist centres. "
            "When the illness is stable, support at school can help. "
            "The Dancing Eye Syndrome Support Trust has a guide for teachers."
        ),
        facts=(
            # TRANSLATORS: a key term of this part: give the word, or the start of the word, that your SMS
            # text of this part uses for it; `helpline translate check` looks for it there.
            msg("fact", "varies"), msg("fact", "without treatment"), msg("fact", "partly"), msg("fact", "relapses"),
            (msg("fact", "long-term treatment"), msg("fact", "reduced"), msg("fact", "virus")), msg("fact", "ongoing"), msg("fact", "learning"),
            msg("fact", "coordination"), msg("fact", "behaviour"), msg("fact", "sleep"), msg("fact", "therapists"),
            (msg("fact", "very young"), msg("fact", "long-term effects")), msg("fact", "early"), msg("fact", "new treatments"),
            msg("fact", "specialist centres"), msg("fact", "school"),
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
        facts=(msg("fact", "Dancing Eye Syndrome Support Trust"), msg("fact", "anyone affected"), msg("fact", "teachers")),
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
    "listen": msg("listen|words", "LISTEN AUDIO"),
}

# Carriers' and Twilio's own opt-out and opt-in words: only ever English, only
# ever alone in a message (shared/FACTS.md), so they are not translated.
OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
OPT_IN_WORDS = frozenset({"START", "UNSTOP", "YES"})
