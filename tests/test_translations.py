"""Every message Oscar or our code shows is translated in ru and ko by that
language's own catalogues.

Django falls back to LANGUAGE_CODE (ru) for a message a language lacks, so
asking gettext under ko would take a Russian fallback for a translation.
These tests read the catalogues Django merges for the language instead —
Django's own, every installed app's (Oscar's among them) and LOCALE_PATHS —
and never the fallback. Like Django, they read the compiled .mo files, which
`python -m marketplace.launch test` compiles from our .po files first.
"""

import gettext
from pathlib import Path

import django
import oscar
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale

OSCAR_CATALOGUE = Path(oscar.__file__).parent / "locale/en/LC_MESSAGES/django.po"
OUR_CATALOGUES = {
    code: Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES/django.po"
    for code in ("ru", "ko")
}


def own_catalogues(language: str) -> list[str]:
    """Return the .mo files Django reads for the language, without the fallback."""
    locale_dirs = [
        Path(django.__file__).parent / "conf/locale",
        *(Path(app.path) / "locale" for app in apps.get_app_configs()),
        *map(Path, settings.LOCALE_PATHS),
    ]
    # gettext.find looks where DjangoTranslation looks: "ru" also finds ru_RU.
    return [
        path
        for locale_dir in locale_dirs
        for path in gettext.find(
            "django", str(locale_dir), [to_locale(language)], all=True
        )
    ]


def translated_keys(language: str) -> set[tuple[str | None, str]]:
    """Return (context, msgid) of every message the language's catalogues fill.

    A plural message counts only when every form the catalogue's Plural-Forms
    asks for is filled.
    """
    keys = set()
    for path in own_catalogues(language):
        catalogue = polib.mofile(path)
        plurals = catalogue.metadata.get("Plural-Forms", "nplurals=2;")
        nplurals = int(plurals.split("nplurals=")[1].split(";")[0])
        for entry in catalogue.translated_entries():
            if entry.msgid_plural and len(entry.msgstr_plural) < nplurals:
                continue
            keys.add((entry.msgctxt, entry.msgid))
    return keys


def untranslated(entries: polib.POFile, language: str) -> list[str]:
    """Return the msgids that the language's own catalogues leave empty."""
    translated = translated_keys(language)
    return [
        entry.msgid
        for entry in entries
        if not entry.obsolete and (entry.msgctxt, entry.msgid) not in translated
    ]


@pytest.mark.parametrize("language", ["ru", "ko"])
def test_every_oscar_message_is_translated(language):
    # given
    entries = polib.pofile(str(OSCAR_CATALOGUE))

    # when
    left = untranslated(entries, language)

    # then
    assert left == []


@pytest.mark.parametrize("language", ["ru", "ko"])
def test_every_message_of_ours_is_translated(language):
    # given
    entries = polib.pofile(str(OUR_CATALOGUES[language]))

    # when
    left = untranslated(entries, language)

    # then
    assert len(entries) > 100
    assert left == []


def test_every_message_with_a_russian_translation_has_a_korean_one():
    # given what Korean pages would show in Russian, through the fallback,
    # wherever some catalogue (Oscar's, an app's) has Russian but no Korean
    russian = translated_keys("ru")

    # when
    left = sorted(msgid for _context, msgid in russian - translated_keys("ko"))

    # then
    assert left == []


def test_english_is_the_american_english_of_oscar():
    # given
    language = "en"

    # when
    with translation.override(language):
        basket = translation.gettext("Basket")

    # then
    assert basket == "Cart"
