"""What each channel says around the summaries: menus, help, apologies, as msgids.

English texts for SMS use GSM-7 characters only; voice texts are written for
the ear (numbers in words where it helps, no brackets or abbreviations).
"""

from .content import msg

# Short replies of the SMS channel. Each comment is for translators.
SMS = {
    # Whole menu: at most 2 SMS segments. Keep the numbers and the ASCII keywords.
    "menu": msg(
        "menu|sms",
        "OMS/DES information from Great Ormond Street Hospital. Reply with a number:\n"
        "%(sections)s\n"
        "TRUST - talk to a person\n"
        "HELP - help and safety\n"
        "LANG - language",
    ),
    "menu_line": msg("menu line|sms", "%(number)s %(title)s"),
    "section": msg("section|sms", "%(number)s/8 %(title)s\n%(summary)s\nReply MORE for next part, MENU for list."),
    "section_last": msg("section last|sms", "%(number)s/8 %(title)s\n%(summary)s\nReply MENU for the list."),
    "end": msg("end|sms", "That was the last part (8 of 8). Reply 1 to start again, or MENU for the list."),
    "trust": msg(
        "trust|sms",
        "To talk to a person, contact the Dancing Eye Syndrome Support Trust.\n"
        "Call %(phone)s (from abroad %(phone_intl)s).\n"
        "Website: %(web)s",
    ),
    "help": msg(
        "help|sms",
        "This service texts you short parts of the Great Ormond Street Hospital sheet "
        "on OMS/DES. It gives information, not medical advice. If you are worried about "
        "your child now, call NHS 111, or 999 in an emergency.\n"
        "Reply MENU for the list. Reply STOP to end messages.",
    ),
    # Reply to LANG: one line per language, then how to choose.
    "languages": msg("languages|sms", "Reply with a code to choose your language:\n%(languages)s"),
    "language_line": msg("language line|sms", "%(code)s - %(name)s"),
    # Put before the menu once a language is chosen; %(name)s is in its own words.
    "language_set": msg("language set|sms", "Language: %(name)s."),
    "sorry": msg("sorry|sms", "Sorry, I did not understand. Reply a number 1 to 8, or MENU for the list."),
    "stopped": msg(
        "stopped|sms",
        "You will get no more messages from this helpline. Reply START to begin again.",
    ),
    "error": msg(
        "error|sms",
        "Sorry, something went wrong. Please try again soon. To talk to a person, call "
        "the Dancing Eye Syndrome Support Trust on %(phone)s.",
    ),
}

# What the phone menu says. Written for the ear: short sentences, numbers as
# words where a voice would stumble, the Trust's number in spoken groups.
VOICE = {
    # Said in each language, by that language's voice, in the language menu.
    "language_line": msg("language line|voice", "For %(name)s, press %(digit)s."),
    "language_more": msg("language more|voice", "For more languages, press 9."),
    "welcome": msg(
        "welcome|voice",
        "Welcome to the dancing eye syndrome helpline, with information from Great Ormond Street Hospital. "
        "This service gives information, not medical advice. If you are worried about your child now, "
        "call N H S on one one one, or nine nine nine in an emergency.",
    ),
    "menu_intro": msg("menu intro|voice", "Please choose a part. Press its number, or say its name."),
    "menu_line": msg("menu line|voice", "For %(title)s, press %(number)s."),
    "menu_trust": msg("menu trust|voice", "To talk to a person at the Dancing Eye Syndrome Support Trust, press 0."),
    "menu_language": msg("menu language|voice", "To choose another language, press star."),
    "after": msg(
        "after|voice",
        "To hear this again, press 1. For the next part, press 2. For the menu, press 9. "
        "To talk to a person, press 0.",
    ),
    "after_last": msg(
        "after last|voice",
        "That was the last part. To hear it again, press 1. For the menu, press 9. To talk to a person, press 0.",
    ),
    "last_part": msg("last part|voice", "That was the last part."),
    "sorry_key": msg("sorry key|voice", "Sorry, that key does not do anything here."),
    "sorry_speech": msg("sorry speech|voice", "Sorry, I did not understand."),
    "no_input": msg("no input|voice", "Sorry, I did not hear a choice."),
    "goodbye_offer": msg(
        "goodbye offer|voice",
        "To talk to a person, press 0 now. Or you can ring the Dancing Eye Syndrome Support Trust "
        "on %(phone_spoken)s.",
    ),
    "goodbye": msg("goodbye|voice", "Thank you for calling. Goodbye."),
    "putting_through": msg(
        "putting through|voice", "Putting you through to the Dancing Eye Syndrome Support Trust. Please hold."
    ),
    "trust_unavailable": msg(
        "trust unavailable|voice",
        "Sorry, the Trust could not answer just now. Please ring them later on %(phone_spoken)s. "
        "Again, that is %(phone_spoken)s. Their website is %(web_spoken)s.",
    ),
    "menu_offer": msg("menu offer|voice", "For the menu, press 9."),
    "help": msg(
        "help|voice",
        "This service gives information, not medical advice. If you are worried about your child now, "
        "call N H S on one one one, or nine nine nine in an emergency.",
    ),
    "error": msg(
        "error|voice",
        "Sorry, something went wrong with this helpline. "
        "Putting you through to the Dancing Eye Syndrome Support Trust.",
    ),
    "error_after": msg(
        "error after|voice",
        "If no one answered, please ring the Trust on %(phone_spoken)s. Goodbye.",
    ),
}

# Played to the Trust's staff, in English, before a caller is put through.
WHISPER = msg(
    "whisper|voice",
    "This is a call from the dancing eye syndrome helpline. The caller chose %(language)s. Connecting you now.",
)
