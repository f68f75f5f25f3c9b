"""Every message users can see has a Chinese translation, with the same placeholders."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "hall" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"


def test_catalog_covers_every_message_in_the_code(tmp_path):
    """Extracting the messages afresh finds none missing from, or untranslated in, the Chinese catalog."""
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_pgettext:1c,2",
            "-o",
            str(template),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with template.open("rb") as handle:
        wanted = {(m.context, m.id) for m in read_po(handle) if m.id}
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    translated = {(m.context, m.id) for m in catalog if m.id and m.string and "fuzzy" not in m.flags}
    assert sorted(wanted - translated, key=str) == [], "run `make translations` and translate the new messages"


def test_translations_keep_their_placeholders():
    """Babel's checks pass: every %(name)s of the English text is in the Chinese one."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    problems = [(message.id, [str(e) for e in errors]) for message, errors in catalog.check()]
    assert problems == []


def test_compiled_catalog_is_up_to_date():
    """The committed .mo is what the .po compiles to (run `make translations` after editing the .po)."""
    from io import BytesIO

    from babel.messages.mofile import read_mo

    with CATALOG.open("rb") as handle:
        source = {(m.context, m.id): m.string for m in read_po(handle) if m.id and m.string}
    with CATALOG.with_suffix(".mo").open("rb") as handle:
        compiled = {
            (m.context.decode() if isinstance(m.context, bytes) else m.context, m.id): m.string
            for m in read_mo(BytesIO(handle.read()))
            if m.id
        }
    assert compiled == source
