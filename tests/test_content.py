"""The summaries: faithful to the sheet, plain, and within their SMS budget."""

import re
from pathlib import Path

import pytest
import textstat

from helpline import content, prompts, smstext

SHEET = (Path(__file__).parent.parent / "seed" / "oms-des-information-sheet.txt").read_text()
SHEET_WORDS = set(re.findall(r"[a-z]+", SHEET.lower()))
# Each section's whole SMS text, every part, without headings and footers.
PARTS = {s.key: content.parts(s.sms.id % content.CONTACT) for s in content.SECTIONS}
SUMMARIES = {key: "\n".join(parts) for key, parts in PARTS.items()}

# What DESIGN.md says each section covers, as words a reader would look for.
KEY_FACTS = {
    "about": ["rare", "days or weeks", "unsteadiness (ataxia)", "(myoclonus)", "(opsoclonus)", "all directions",
              "sleep", "1 and 3", "virus", "neuroblastoma", "Kinsbourne", "dancing eye syndrome"],
    "causes": ["autoimmune", "cerebellum", "About half", "neuroblastoma", "not always", "benign (not cancer)",
               "matters", "does not seem to change", "infection"],
    "symptoms": ["(ataxia)", "jerks", "floppy", "(lethargy)", "(irritability)", "sleep", "sitting and walking", "speech",
                 "eye movements"],
    "diagnosis": ["3 of these 4", "MRI", "blood tests", "lumbar puncture", "lower back", "MIBG", "specialist centre"],
    "treatment": ["two aims", "operation", "chemotherapy", "steroids", "(pulses)", "rituximab", "cyclophosphamide",
                  "IVIG", "vein", "long-term treatment", "as treatment is reduced", "part 7"],
    "team": ["Great Ormond Street Hospital (GOSH)", "Neurologist", "Oncologist", "Surgeon", "if there is one",
             "Nurse specialist", "main contact", "Psychologist", "Neuropsychologist", "school"],
    "outlook": ["varies", "relapses", "long-term treatment", "as treatment is reduced", "virus", "ongoing problems",
                "learning", "coordination", "behaviour", "sleep", "most at risk of long-term effects", "school"],
    "support": ["Dancing Eye Syndrome Support Trust", "01475 794 577", "www.dancingeyes.org.uk"],
}

# Long words a summary may use that the sheet does not: plain everyday words
# only. A new medical word here needs a reviewer to check it against the sheet.
PLAIN_LONG_WORDS = {"diagnoses", "illnesses", "otherwise", "treatments", "therapists"}


def test_sections_are_the_eight_of_the_design_in_order():
    assert [(s.number, s.key) for s in content.SECTIONS] == list(
        enumerate(["about", "causes", "symptoms", "diagnosis", "treatment", "team", "outlook", "support"], start=1)
    )


@pytest.mark.parametrize("key", KEY_FACTS)
def test_each_summary_covers_its_part_of_the_sheet(key):
    for fact in KEY_FACTS[key]:
        assert fact in SUMMARIES[key], (key, fact)


def test_the_eight_summaries_read_at_grade_6_or_below():
    # Every part of every section, headings and footers left out, as textstat 0.7.8 measures it.
    grade = textstat.flesch_kincaid_grade("\n".join(SUMMARIES.values()))
    assert grade <= 6.0, grade


def test_nothing_that_misleads_a_worried_parent():
    text = " ".join(SUMMARIES.values())
    assert "mild" not in text.lower()  # benign means not cancer, not "nothing to worry about"
    assert "most at risk" not in text.replace("most at risk of long-term effects", "")  # of what?
    assert not re.search(r"\b(First|Second)\b", SUMMARIES["treatment"])  # two aims, not an order of events
    assert "lasting problems" not in text  # the sheet says ongoing
    assert "when treatment stops" not in text  # it can come back as treatment is reduced


def test_benign_and_its_meaning_stand_together():
    # Read alone, "benign" or "not always" would mislead: they travel as one phrase.
    assert "usually, but not always, benign (not cancer)" in SUMMARIES["causes"]
    assert "Treating the tumour matters. But it does not seem to change how OMS/DES goes." in SUMMARIES["causes"]


def test_no_long_word_that_the_sheet_does_not_use():
    used = set(re.findall(r"[a-z]+", " ".join(SUMMARIES.values()).lower()))
    strangers = {w for w in used if len(w) >= 9 and w not in SHEET_WORDS} - PLAIN_LONG_WORDS
    assert not strangers


def test_no_number_the_sheet_does_not_give():
    # The sheet writes these in words ("three of the following four", "one to
    # two years", "second or third year"); the Trust's number is kept whole.
    # "see part 7" points to the helpline's own part on the outlook.
    allowed = {"1", "2", "3", "4", "7", "01475", "794", "577", "44", "1475", "794577"}
    for key, text in SUMMARIES.items():
        assert set(re.findall(r"\d+", text)) <= allowed, key


def test_trust_contact_is_exactly_the_sheets():
    assert content.TRUST_PHONE_DISPLAY in SHEET
    assert content.TRUST_WEB in SHEET
    assert content.TRUST_PHONE_INTERNATIONAL.replace(" ", "") == "+44" + content.TRUST_PHONE_DISPLAY.replace(" ", "")[1:]


def test_medical_words_come_with_their_plain_meaning():
    text = " ".join(SUMMARIES.values())
    for gloss in ["unsteadiness (ataxia)", "(myoclonus)", "(opsoclonus)", "(irritability)", "(lethargy)",
                  "body's defence (immune) system", "short bursts (pulses)", "benign (not cancer)",
                  "lumbar puncture: fluid", "relapses: the illness keeps coming back"]:
        assert gloss in text, gloss


@pytest.mark.parametrize("section", content.SECTIONS, ids=lambda s: s.key)
def test_every_part_fits_four_gsm7_segments_with_heading_and_footer(texter, section):
    reply = texter.send(str(section.number))
    for _ in PARTS[section.key]:
        info = smstext.info(reply)
        assert info.encoding == smstext.GSM7, smstext.non_gsm7_chars(reply)
        assert info.segments <= 4, info
        reply = texter.send("MORE")


@pytest.mark.parametrize("section", content.SECTIONS, ids=lambda s: s.key)
def test_each_sections_key_facts_are_in_its_english_text_and_tied_facts_in_one_part(section):
    parts = [p.casefold() for p in PARTS[section.key]]
    for group in section.fact_groups():
        assert any(all(f.id.casefold() in p for f in group) for p in parts), [f.id for f in group]


def test_every_sms_text_is_gsm7():
    for m in list(prompts.SMS.values()) + [s.title for s in content.SECTIONS]:
        assert smstext.is_gsm7(m.id), (m.context, smstext.non_gsm7_chars(m.id))


@pytest.mark.parametrize("section", content.SECTIONS, ids=lambda s: s.key)
def test_voice_summaries_are_written_for_the_ear(section):
    text = re.sub(r"%\(\w+\)s", "", section.voice.id)  # the Trust's contact is checked below
    assert not set(text) & set("()/[];"), "brackets, slashes and lists do not speak"
    assert not re.search(r"\d", text), "numbers as words"
    capitals = set(re.findall(r"\b[A-Z]{2,}\b", text))
    assert capitals <= {"UK"}, capitals  # not OMS, GOSH, IVIG: spelled out or said as words
    spoken = section.voice.id % content.CONTACT
    seconds = len(spoken.split()) / 150 * 60  # a calm speaking pace
    assert seconds <= 75, seconds


@pytest.mark.parametrize("key", KEY_FACTS)
def test_voice_summaries_cover_what_the_text_ones_do(key):
    voice = content.SECTION_BY_NUMBER[[s.key for s in content.SECTIONS].index(key) + 1].voice.id
    spoken_forms = {"3 of these 4": "three of these four", "1 and 3": "one and three", "(ataxia)": "ataxia",
                    "(myoclonus)": "myoclonus", "(opsoclonus)": "opsoclonus", "(irritability)": "cross and upset",
                    "unsteadiness (ataxia)": "Unsteadiness, called ataxia", "MRI": "M R I", "MIBG": "M I B G",
                    "IVIG": "Immunoglobulin", "About half": "About half", "Nurse specialist": "nurse specialist",
                    "Neurologist": "neurologist", "Oncologist": "oncologist", "Surgeon": "surgeon",
                    "Psychologist": "psychologist", "Neuropsychologist": "neuropsychologist",
                    "01475 794 577": "%(phone_spoken)s", "www.dancingeyes.org.uk": "%(web_spoken)s",
                    "relapses": "relapses", "vein": "vein", "(pulses)": "pulses", "(lethargy)": "tired",
                    "benign (not cancer)": "not cancer", "part 7": "part seven", "lower back": "lower back",
                    "Great Ormond Street Hospital (GOSH)": "Great Ormond Street Hospital",
                    "long-term treatment": "treatment for a long time"}
    for fact in KEY_FACTS[key]:
        assert spoken_forms.get(fact, fact).lower() in voice.lower(), (key, fact)


def test_the_trusts_number_is_spoken_digit_by_digit():
    assert content.TRUST_PHONE_SPOKEN.replace(",", "").replace(" ", "") == content.TRUST_PHONE_DISPLAY.replace(" ", "")


def test_voice_prompts_have_no_abbreviation_said_letter_by_letter():
    for m in list(prompts.VOICE.values()) + [prompts.WHISPER]:
        assert not re.search(r"\b(?!UK\b)[A-Z]{2,}\b", m.id), m.id
        assert not re.search(r"\d{2,}", m.id), m.id  # 111 and 999 as words
