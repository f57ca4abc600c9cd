"""What each channel says around the summaries: menus, help, apologies, as msgids.

English texts for SMS use GSM-7 characters only; voice texts are written for
the ear (numbers in words where it helps, no brackets or abbreviations).
"""

from .content import Msg, msg

# Short replies of the SMS channel.
SMS = {
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords
    # (TRUST, HELP, LANG); one reply with the eight lines.
    "menu": msg(
        "menu|sms",
        "OMS/DES information from Great Ormond Street Hospital. Reply with a number:\n"
        "%(sections)s\n"
        "TRUST - talk to a person\n"
        "HELP - help and safety\n"
        "LANG - language",
    ),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords;
    # a line of the menu.
    "menu_line": msg("menu line|sms", "%(number)s %(title)s"),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords
    # (MORE, MENU); heading and footer around a summary.
    "section": msg("section|sms", "%(number)s/8 %(title)s\n%(summary)s\nReply MORE for next part, MENU for list."),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords
    # (MENU); heading and footer around the last summary.
    "section_last": msg("section last|sms", "%(number)s/8 %(title)s\n%(summary)s\nReply MENU for the list."),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords
    # (MORE, MENU); heading and footer around a part of a summary that has more parts to come ("3/8 Symptoms,
    # 1/2").
    "section_part": msg(
        "section part|sms",
        "%(number)s/8 %(title)s, %(part)s/%(parts)s\n%(summary)s\nReply MORE for the rest, MENU for list.",
    ),
    # TRANSLATORS: SMS. A part's title in the heading of the last part of a summary: "Symptoms, 2/2".
    "part_title": msg("part title|sms", "%(title)s, %(part)s/%(parts)s"),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords
    # (MENU).
    "end": msg("end|sms", "That was the last part (8 of 8). Reply 1 to start again, or MENU for the list."),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords.
    "trust": msg(
        "trust|sms",
        "The Dancing Eye Syndrome Support Trust is a support charity, not a medical service. "
        "To talk to a person there, call %(phone)s (from abroad %(phone_intl)s).\n"
        "Website: %(web)s\n"
        "If you are worried about your child now, call NHS 111, or 999 in an emergency.",
    ),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords
    # (MENU, STOP).
    "help": msg(
        "help|sms",
        "This service texts you short parts of the Great Ormond Street Hospital sheet on OMS/DES. "
        "It gives information, not medical advice.\n"
        "If you are worried about your child, call your child's hospital team first. Their nurse specialist "
        "is usually your main contact. If you cannot reach them, call NHS 111. In an emergency, call 999.\n"
        "Reply MENU for the list. Reply STOP to end messages.",
    ),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords;
    # the list of languages follows.
    "languages": msg("languages|sms", "Reply with a code to choose your language:\n%(languages)s"),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords;
    # one line of the language list.
    "language_line": msg("language line|sms", "%(code)s %(name)s"),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords;
    # put before the menu when a language is chosen.
    "language_set": msg("language set|sms", "Language: %(name)s."),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords
    # (MENU).
    "sorry": msg("sorry|sms", "Sorry, I did not understand. Reply a number 1 to 8, or MENU for the list."),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords
    # (START).
    "stopped": msg(
        "stopped|sms",
        "You will get no more messages from this helpline. Reply START to begin again.",
    ),
    # TRANSLATORS: SMS, sent as a message of its own the first time someone is answered in your language,
    # while your catalog is a draft. Keep EN as it is. At most 2 SMS (134 UCS-2 chars).
    "draft": msg(
        "draft|sms",
        "This translation has not yet been checked by a medical translator. For English, reply EN.",
    ),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords
    # (MENU, HELP). Sent after START; with Twilio's Advanced Opt-Out, pasted into the Console as the opt-in reply.
    "started": msg(
        "started|sms",
        "You will get messages from this helpline again. Reply MENU for the list, or HELP for help and safety.",
    ),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords.
    # Sent once when a number sends more messages than the helpline answers in a while.
    "slow_down": msg(
        "slow down|sms",
        "You have sent many messages in a short time, so replies are paused for a while. "
        "If you are worried about your child now, call NHS 111, or 999 in an emergency.",
    ),
    # TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and ASCII keywords.
    "error": msg(
        "error|sms",
        "Sorry, something went wrong. Please try again soon. To talk to a person, call "
        "the Dancing Eye Syndrome Support Trust on %(phone)s.",
    ),
}

# TRANSLATORS: SMS. Whole reply: 4 SMS max (612 GSM-7 / 268 UCS-2 chars). Keep numbers and placeholders; the
# link opens a page where the part can be heard (and read) in your language.
LISTEN = msg("listen|sms", "Listen to part %(number)s, %(title)s: %(url)s")

# When the Trust answers, in words of each language (days and times come from CLDR).
HOURS = {
    # TRANSLATORS: SMS and phone: when the Trust answers, e.g. "Monday to Friday, 09:00 to 17:00".
    "hours": msg("hours|text", "%(days)s, %(start)s to %(end)s"),
    # TRANSLATORS: SMS and phone: a range of days, e.g. "Monday to Friday".
    "days": msg("days|text", "%(first)s to %(last)s"),
    # TRANSLATORS: SMS. Added to the TRUST reply when the Trust has set hours; %(hours)s as above.
    "sms": msg("trust hours|sms", "The Trust's phone is answered %(hours)s, UK time."),
}

# TRANSLATORS: SMS. Added under a part's reply only when it still fits 4 SMS. Keep LISTEN as it is.
LISTEN_HINT = msg("listen hint|sms", "Reply LISTEN to hear this part.")

# The listen page, one part of the sheet to hear and read: short labels, plain words.
WEB = {
    # TRANSLATORS: web page: the label of the audio player ("Listen").
    "listen": msg("listen|web", "Listen"),
    # TRANSLATORS: web page: a link to the part before this one.
    "previous": msg("previous|web", "Previous part"),
    # TRANSLATORS: web page: a link to the part after this one.
    "next": msg("next|web", "Next part"),
    # TRANSLATORS: web page: shown instead of the audio player while its file is being made.
    "audio_coming": msg("audio coming|web", "The recording of this part is not ready yet. You can read it below."),
    # TRANSLATORS: web page: the phone number follows as a link.
    "call": msg("call|web", "To talk to a person, call the Dancing Eye Syndrome Support Trust:"),
    # TRANSLATORS: web page: the website address follows as a link.
    "website": msg("website|web", "Website:"),
    # TRANSLATORS: web page: the safety line. Keep the numbers.
    "safety": msg(
        "safety|web",
        "This service gives information, not medical advice. If you are worried about your child now, "
        "call NHS 111, or 999 in an emergency.",
    ),
    # TRANSLATORS: web page: at the foot of the page, while your catalog is a draft.
    "draft": msg("draft|web", "This translation has not yet been checked by a medical translator."),
    # TRANSLATORS: web page: the heading above the list of languages.
    "languages": msg("languages|web", "Other languages"),
}

# What the phone menu says. Written for the ear: short sentences, numbers as
# words where a voice would stumble, the Trust's number in spoken groups.
VOICE = {
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits; said in your
    # language, by your language's voice, in the language menu.
    "language_line": msg("language line|voice", "For %(name)s, press %(digit)s."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "language_more": msg("language more|voice", "For more languages, press 9."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "welcome": msg(
        "welcome|voice",
        "Welcome to the dancing eye syndrome helpline, with information from Great Ormond Street Hospital. "
        "This service gives information, not medical advice. If you are worried about your child now, "
        "call N H S on one one one, or nine nine nine in an emergency.",
    ),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "menu_intro": msg("menu intro|voice", "Please choose a part. Press its number, or say its name."),
    # TRANSLATORS: spoken on the phone, for a language Twilio cannot hear spoken (so keys only).
    "menu_intro_keys": msg("menu intro keys|voice", "Please choose a part. Press its number."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits; one line of the
    # spoken menu.
    "menu_line": msg("menu line|voice", "For %(title)s, press %(number)s."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "menu_trust": msg("menu trust|voice", "To talk to a person at the Dancing Eye Syndrome Support Trust, press 0."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits; star is the * key.
    "menu_language": msg("menu language|voice", "To choose another language, press star."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "after": msg(
        "after|voice",
        "To hear this again, press 1. For the next part, press 2. For the menu, press 9. "
        "To talk to a person, press 0.",
    ),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "after_last": msg(
        "after last|voice",
        "That was the last part. To hear it again, press 1. For the menu, press 9. To talk to a person, press 0.",
    ),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "last_part": msg("last part|voice", "That was the last part."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "sorry_key": msg("sorry key|voice", "Sorry, that key does not do anything here."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "sorry_speech": msg("sorry speech|voice", "Sorry, I did not understand."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "no_input": msg("no input|voice", "Sorry, I did not hear a choice."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "goodbye_offer": msg(
        "goodbye offer|voice",
        "To talk to a person, press 0 now. Or you can ring the Dancing Eye Syndrome Support Trust "
        "on %(phone_spoken)s.",
    ),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "goodbye": msg("goodbye|voice", "Thank you for calling. Goodbye."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "putting_through": msg(
        "putting through|voice", "Putting you through to the Dancing Eye Syndrome Support Trust. Please hold."
    ),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "trust_unavailable": msg(
        "trust unavailable|voice",
        "Sorry, the Trust could not answer just now. Please ring them later on %(phone_spoken)s. "
        "Again, that is %(phone_spoken)s. Their website is %(web_spoken)s.",
    ),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "menu_offer": msg("menu offer|voice", "For the menu, press 9."),
    # TRANSLATORS: spoken on the phone when a caller asks for the Trust outside its hours; %(hours)s is when it
    # is open, e.g. "Monday to Friday, 09:00 to 17:00".
    "trust_closed": msg(
        "trust closed|voice",
        "The Trust's phone is answered %(hours)s. Please ring them then on %(phone_spoken)s. "
        "Their website is %(web_spoken)s. If you are worried about your child now, "
        "call N H S on one one one, or nine nine nine in an emergency.",
    ),
    # TRANSLATORS: spoken on the phone after a part: the caller can get it by text.
    "text_offer": msg("text offer|voice", "To get this as a text message, press 5."),
    # TRANSLATORS: spoken on the phone after the Trust did not answer: its number and website by text.
    "trust_text_offer": msg(
        "trust text offer|voice", "To get the Trust's number and website as a text message, press 5."
    ),
    # TRANSLATORS: spoken on the phone once a text message has been sent to the caller.
    "text_sent": msg("text sent|voice", "We have sent you a text message."),
    # TRANSLATORS: spoken on the phone when a text message could not be sent.
    "text_failed": msg("text failed|voice", "Sorry, we could not send a text message to this phone."),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "help": msg(
        "help|voice",
        "This service gives information, not medical advice. If you are worried about your child, "
        "call your child's hospital team first. Their nurse specialist is usually your main contact. "
        "If you cannot reach them, call N H S on one one one. In an emergency, call nine nine nine.",
    ),
    # TRANSLATORS: spoken on the phone after the welcome, while your catalog is a draft; star is the * key.
    "draft": msg(
        "draft|voice",
        "This translation has not yet been checked by a medical translator. For English, press star.",
    ),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "error": msg(
        "error|voice",
        "Sorry, something went wrong with this helpline. "
        "Putting you through to the Dancing Eye Syndrome Support Trust.",
    ),
    # TRANSLATORS: spoken on the phone: short sentences, numbers as words, keys as digits.
    "error_after": msg(
        "error after|voice",
        "If no one answered, please ring the Trust on %(phone_spoken)s. Goodbye.",
    ),
}

# Played to the Trust's staff, in English, before a caller is put through:
# deliberately not marked for translation.
WHISPER = Msg(
    "whisper|voice",
    "This is a call from the dancing eye syndrome helpline. The caller chose %(language)s. Connecting you now.",
)

# Sent, in English, with the first reply to a family whose language is no longer offered (so there is no
# complete catalog to say it in).
LANGUAGE_DROPPED = "Your language is not available just now, so replies are in English. Reply LANG to see the languages."

# Played to the Trust's staff when a call is screened: only a 1 connects, so a voicemail that answers is not
# taken for a person. English, naming the caller's language so the Trust can find an interpreter.
SCREEN = Msg(
    "screen|voice",
    "A family calling from the dancing eye syndrome helpline, in %(language)s. Press 1 to take the call.",
)

# Added, in English, to a first reply given in another language because of
# the script or words the texter used: the way back is always in English.
ENGLISH_WAY_BACK = "For English, reply EN."
