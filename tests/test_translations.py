"""Every message Oscar or our code shows comes back translated in ru and ko."""

from pathlib import Path

import oscar
import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext

OSCAR_CATALOGUE = Path(oscar.__file__).parent / "locale/en/LC_MESSAGES/django.po"
OUR_CATALOGUES = {
    code: Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES/django.po"
    for code in ("ru", "ko")
}


def untranslated(entries, language: str) -> list[str]:
    """Return the msgids that gettext returns unchanged under the language."""
    left = []
    with translation.override(language):
        for entry in entries:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                forms = {
                    npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                    if entry.msgctxt
                    else ngettext(entry.msgid, entry.msgid_plural, n)
                    for n in (1, 2, 5, 21)
                }
                english = forms & {entry.msgid, entry.msgid_plural}
            else:
                text = (
                    pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt
                    else gettext(entry.msgid)
                )
                english = {text} & {entry.msgid}
            if english:
                left.append(entry.msgid)
    return left


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


def test_english_is_the_american_english_of_oscar():
    with translation.override("en"):
        assert gettext("Basket") == "Cart"
