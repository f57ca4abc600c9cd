"""Tests for helpline.smstext: GSM-7/UCS-2 detection, segment counts and splitting."""

import itertools
import unicodedata

import pytest
import regex

from helpline import smstext
from helpline.smstext import GSM7, UCS2, SmsInfo

# GSM 03.38 default alphabet, one row of 16 per entry, written as escapes so a
# wrong glyph cannot hide in plain sight (0x1B is the escape, not a character).
STANDARD_ROWS = [
    "\u0040\u00a3\u0024\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\u000a\u00d8\u00f8\u000d\u00c5\u00e5",
    "\u0394\u005f\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u001b\u00c6\u00e6\u00df\u00c9",
    "\u0020\u0021\u0022\u0023\u00a4\u0025\u0026\u0027\u0028\u0029\u002a\u002b\u002c\u002d\u002e\u002f",
    "0123456789\u003a\u003b\u003c\u003d\u003e\u003f",
    "\u00a1ABCDEFGHIJKLMNO",
    "PQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7",
    "\u00bfabcdefghijklmno",
    "pqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0",
]
EXTENSION = "\u000c\u005e\u007b\u007d\u005c\u005b\u007e\u005d\u007c\u20ac"

TAMIL = "உங்களுக்கு உதவி தேவைப்பட்டால் எங்களை தொடர்பு கொள்ளுங்கள், நாங்கள் இங்கே இருக்கிறோம். "
DEVANAGARI = "क्षमा कीजिए, आपकी सहायता के लिए हम यहाँ हैं। कृपया अपनी समस्या बताइए। "
URDU = "آپ کی مدد کے لیے ہم یہاں موجود ہیں۔"


def graphemes(text):
    return regex.findall(r"\X", text)


def assert_split_is_sound(text):
    """Parts re-join to the text, fit their limits and only break between grapheme clusters."""
    parts = smstext.split(text)
    assert "".join(parts) == text
    assert len(parts) == smstext.segments(text)
    enc = smstext.encoding(text)
    if len(parts) > 1:
        limit = smstext.GSM7_PART if enc == GSM7 else smstext.UCS2_PART
        assert all(smstext.info(p).units <= limit for p in parts)
    if enc == UCS2:
        assert [g for p in parts for g in graphemes(p)] == graphemes(text)
        for part in parts[1:]:
            assert not unicodedata.category(part[0]).startswith("M"), part[:5]
    return parts


# --- the GSM-7 table -------------------------------------------------------


def test_basic_table_matches_gsm_03_38_code_point_order():
    assert smstext._GSM7_TABLE == "".join(STANDARD_ROWS)
    assert len(smstext._GSM7_TABLE) == 128
    assert len(smstext.GSM7_BASIC) == 127


def test_extension_table():
    assert smstext.GSM7_EXTENSION == frozenset(EXTENSION)
    assert not smstext.GSM7_EXTENSION & smstext.GSM7_BASIC


@pytest.mark.parametrize("ch", sorted(set("".join(STANDARD_ROWS)) - {"\x1b"}))
def test_every_basic_char_is_one_septet(ch):
    assert smstext.info(ch) == SmsInfo(GSM7, 1, 1)


@pytest.mark.parametrize("ch", list(EXTENSION))
def test_every_extension_char_is_two_septets(ch):
    assert smstext.info(ch) == SmsInfo(GSM7, 1, 2)


# Look-alikes that are commonly (wrongly) assumed to be GSM-7.
@pytest.mark.parametrize(
    "ch", ["`", "ç", "á", "í", "ó", "ú", "ê", "\t", "\x1b", "’", "‘", "“", "”", "–", "—", "…", "\u00a0", "ł"]
)
def test_not_gsm7(ch):
    assert not smstext.is_gsm7(ch)
    assert smstext.encoding(ch) == UCS2
    assert smstext.non_gsm7_chars(ch) == [ch]


# --- GSM-7 segment counts --------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("a" * 459, 3),
        ("a" * 460, 4),
        ("€" * 80, 1),
        ("€" * 81, 2),
        ("a" * 159 + "€", 2),
        ("a" * 158 + "€", 1),
    ],
)
def test_gsm7_segments(text, expected):
    assert smstext.encoding(text) == GSM7
    assert smstext.segments(text) == expected
    assert_split_is_sound(text)


def test_extension_char_is_never_split_across_parts():
    text = "a" * 152 + "€" + "a" * 152
    septets = smstext.info(text).units
    assert septets == 306
    # 306 septets would fill two parts exactly, but the euro cannot straddle parts 1 and 2.
    assert smstext.segments(text) == 3
    assert smstext.split(text) == ["a" * 152, "€" + "a" * 151, "a"]


def test_81_euros_split_without_breaking_an_escape():
    assert smstext.split("€" * 81) == ["€" * 76, "€" * 5]


@pytest.mark.parametrize(
    "text, units",
    [("Hello\nWorld", 11), ("line1\r\nline2", 12), ("\n", 1), ("page\fbreak", 11)],
)
def test_newlines_and_form_feed(text, units):
    assert smstext.info(text) == SmsInfo(GSM7, 1, units)


# --- UCS-2 segment counts --------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ł" * 70, 1),
        ("ł" * 71, 2),
        ("ł" * 134, 2),
        ("ł" * 135, 3),
        ("😀" * 35, 1),
        ("😀" * 36, 2),
        ("é" * 69 + "ł", 1),
        ("é" * 70 + "ł", 2),
    ],
)
def test_ucs2_segments(text, expected):
    assert smstext.encoding(text) == UCS2
    assert smstext.segments(text) == expected
    assert_split_is_sound(text)


def test_emoji_counts_two_units_and_is_never_halved():
    assert smstext.info("😀").units == 2
    parts = smstext.split("ł" * 66 + "😀" * 3)
    assert parts == ["ł" * 66, "😀" * 3]


@pytest.mark.parametrize(
    "cluster",
    [
        "👨\u200d👩\u200d👧\u200d👦",  # ZWJ family, 11 code units
        "🇬🇧",  # regional-indicator flag
        "👍🏽",  # skin-tone modifier
        "क्ष",  # Devanagari conjunct
        "e\u0301\u0302",  # letter with combining marks
    ],
)
def test_cluster_at_boundary_moves_whole_to_next_part(cluster):
    text = "ł" * 66 + cluster + "ł" * 10
    parts = assert_split_is_sound(text)
    assert parts[0] == "ł" * 66
    assert parts[1].startswith(cluster)


def test_oversized_cluster_still_splits_within_limits():
    text = "a" + "\u0301" * 100  # one "Zalgo" cluster of 101 units
    parts = smstext.split(text)
    assert "".join(parts) == text
    assert [len(p) for p in parts] == [67, 34]


@pytest.mark.parametrize("text", [TAMIL * 6, DEVANAGARI * 6, TAMIL + DEVANAGARI + URDU * 3])
def test_indic_text_is_only_split_between_grapheme_clusters(text):
    parts = assert_split_is_sound(text)
    assert len(parts) > 2
    # The case is only meaningful if naive 67-unit slicing would cut a cluster.
    ends = set(itertools.accumulate(len(g) for g in graphemes(text)))
    assert any(cut not in ends for cut in range(67, len(text), 67))


def test_devanagari_conjunct_is_one_cluster():
    assert graphemes("क्षत्रिय") == ["क्ष", "त्रि", "य"]


@pytest.mark.parametrize("text", [URDU, "مرحبا، كيف يمكننا مساعدتك؟"])
def test_arabic_script_is_ucs2(text):
    assert smstext.encoding(text) == UCS2
    assert smstext.info(text).units == len(text)


# --- non_gsm7_chars --------------------------------------------------------


@pytest.mark.parametrize(
    "text, culprits",
    [
        ("We’re here for you", ["’"]),
        ("Open 9–5 today", ["–"]),
        ("Please wait…", ["…"]),
        ("“Hi” – it’s ok…", ["“", "”", "–", "’", "…"]),
        ("Plain ASCII, {braces} and €5", []),
        ("Cześć, jak się masz? Łódź", ["ś", "ć", "ę", "Ł", "ó", "ź"]),
    ],
)
def test_non_gsm7_chars_names_the_culprits(text, culprits):
    assert smstext.non_gsm7_chars(text) == culprits
    assert smstext.encoding(text) == (UCS2 if culprits else GSM7)


def test_one_curly_quote_turns_a_long_message_into_ucs2():
    text = "We're here 24/7. " * 9  # 153 chars
    assert smstext.info(text) == SmsInfo(GSM7, 1, 153)
    curly = text.replace("'", "’")
    assert smstext.info(curly) == SmsInfo(UCS2, 3, 153)


# --- hand-verifiable real-world values -------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello world", SmsInfo(GSM7, 1, 11)),
        ("Hi 😀", SmsInfo(UCS2, 1, 5)),
        ("Cost: €10", SmsInfo(GSM7, 1, 10)),
        ("[STOP] to opt out", SmsInfo(GSM7, 1, 19)),
        ("Reply HELP for help, STOP to stop.", SmsInfo(GSM7, 1, 34)),
        ("Ça va? Où êtes-vous?", SmsInfo(UCS2, 1, 20)),  # ê is not GSM-7
        ("Ça va? Où es-tu?", SmsInfo(GSM7, 1, 16)),
        ("", SmsInfo(GSM7, 1, 0)),
    ],
)
def test_known_values(text, expected):
    assert smstext.info(text) == expected


def test_empty_text_is_one_empty_part():
    assert smstext.segments("") == 1
    assert smstext.split("") == [""]


def test_sms_info_is_frozen():
    with pytest.raises(Exception):
        smstext.info("x").segments = 2
