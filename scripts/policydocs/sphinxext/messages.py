"""The extension's translatable strings, and the one helper that issues warnings.

Text the extension writes into pages goes through :data:`_`, backed by the
``policydocs`` catalog (see :mod:`.catalog`), so each language reads it in its
own words. Warnings go through :func:`warn` with a ``policy.*`` type, so a team
can suppress one kind with ``suppress_warnings`` or make them fatal with ``-W``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from gettext import NullTranslations
from typing import Any

from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

from policydocs.dates import format_date
from policydocs.kinds import declaration, declared, kind_ids
from policydocs.model import BodyKind, Location
from policydocs.revisions import Status

CATALOG = "policydocs"
_ = get_translation(CATALOG)

logger = logging.getLogger("policydocs")

# Each label is the legal form's English name in policydocs.legal_forms, written out here so that the
# catalog's extraction finds it; its Japanese translation is the form's Japanese name there.
BODY_LABELS = {
    BodyKind.KABUSHIKI_KAISHA: _("Stock company (kabushiki kaisha)"),
    BodyKind.YUGEN_KAISHA: _("Limited company (yūgen kaisha)"),
    BodyKind.GODO_KAISHA: _("Limited liability company (gōdō kaisha)"),
    BodyKind.GOSHI_KAISHA: _("Limited partnership company (gōshi kaisha)"),
    BodyKind.GOMEI_KAISHA: _("General partnership company (gōmei kaisha)"),
    BodyKind.IPPAN_SHADAN: _("General incorporated association"),
    BodyKind.IPPAN_ZAIDAN: _("General incorporated foundation"),
    BodyKind.KOEKI_SHADAN: _("Public interest incorporated association"),
    BodyKind.KOEKI_ZAIDAN: _("Public interest incorporated foundation"),
    BodyKind.NPO: _("Specified non-profit corporation (NPO)"),
    BodyKind.IRYO_HOJIN: _("Medical corporation"),
    BodyKind.SHAKAI_FUKUSHI_HOJIN: _("Social welfare corporation"),
    BodyKind.GAKKO_HOJIN: _("School corporation"),
    BodyKind.COOPERATIVE: _("Cooperative (kyōdō kumiai)"),
    BodyKind.LLP: _("Limited liability partnership (LLP)"),
    BodyKind.PROFESSIONAL_CORPORATION: _("Professional corporation (lawyers, accountants and the like)"),
    BodyKind.SOLE_TRADER: _("Sole trader"),
    BodyKind.LOCAL_GOVERNMENT: _("Local government"),
    BodyKind.ADMINISTRATIVE_AGENCY: _("Incorporated administrative agency or national university"),
    BodyKind.ASSOCIATION: _("Unincorporated association"),
    BodyKind.CLUB: _("Club (unincorporated association)"),
    BodyKind.BRAND: _("Brand name (the operating company is not named)"),
}


class _KindLabels(Mapping[str, Any]):
    """Each declared kind's name (rules/<kind>-ja.toml), as a label in the build's language.

    The English name is the message; :class:`KindNames`, installed behind the catalog, gives the
    Japanese one, so a kind added as data needs no catalog entry.
    """

    def __getitem__(self, kind: str) -> Any:
        found = declaration(kind)
        if found is None:
            raise KeyError(kind)
        return _(found.name_en)

    def __iter__(self) -> Iterator[str]:
        return iter(kind_ids())

    def __len__(self) -> int:
        return len(kind_ids())


class KindNames(NullTranslations):
    """The catalog's fallback for the kinds' names: English name → the name in ``language``."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.names = {k.name_en: k.name(language) for k in declared().values()}

    def gettext(self, message: str) -> str:
        return self.names.get(message) or super().gettext(message)


# "Privacy policy" stays a catalog entry too (its translation there wins over the rule file's name).
POLICY_LABELS = _KindLabels()
_PRIVACY = _("Privacy policy")


def label_in_sentence(kind: str, language: str) -> str:
    """The kind's label inside a sentence ("Changes to the … of …"), as English writes it there.

    Only the first letter is lowered: a kind's name may hold a proper noun that keeps its capitals
    ("the notice under the Act on Specified Commercial Transactions"); Japanese has no case.
    """
    label = str(POLICY_LABELS[kind])
    return label[:1].lower() + label[1:] if language == "en" else label


STATUS_LABELS = {
    Status.IN_FORCE: _("In force"),
    Status.ARCHIVED: _("Archived"),
    Status.UPCOMING: _("Upcoming"),
}


def date_label(date: dt.date | None, language: str) -> str:
    """A stated date for readers; a policy that states none says so."""
    return format_date(date, language) if date is not None else str(_("Date not stated"))


def suppressed(config: Config, subtype: str) -> bool:
    """Whether ``suppress_warnings`` drops warnings of type ``policy.<subtype>``, so none need be made.

    A site that suppresses the checker's findings still has thousands of them (2,760 at 500
    documents), which each build would otherwise word and hand to Sphinx only to be dropped.
    """
    return is_suppressed_warning("policy", subtype, config.suppress_warnings)


def warn(message: str, subtype: str, location: Location | None) -> None:
    """Issue a warning of type ``policy.<subtype>`` located at ``file:line``."""
    # A string location is printed as given; a (docname, line) tuple would be read as a docname.
    logger.warning(message, type="policy", subtype=subtype, location=str(location) if location else None)
