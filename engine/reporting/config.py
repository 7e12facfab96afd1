"""Who receives status reports and how often (§7.1), read from the workflow's data."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from engine.domain.definition import WorkflowDefinition
from engine.errors import InvalidInputError
from engine.i18n import _

FORMATS = ("html", "md", "json")


@dataclass(frozen=True, slots=True)
class Recipient:
    """One recipient: a body of the programme or one municipality's own organisation."""

    id: str
    name: str
    cadence_days: int
    municipality: str | None = None

    @property
    def subject(self) -> str:
        """The stream a ReportIssued event goes to: the programme, or the municipality."""
        from engine.domain.definition import PROGRAMME_ID

        return self.municipality or PROGRAMME_ID

    @property
    def cadences(self) -> dict[str, int]:
        return {self.id: self.cadence_days}


@dataclass(frozen=True, slots=True)
class ReportingConfig:
    template_version: str
    issuers: tuple[str, ...]
    recipients: tuple[Recipient, ...]
    municipality_name: str
    municipality_cadence_days: int

    def recipient(self, definition: WorkflowDefinition, text: str) -> Recipient:
        """The recipient named by `--for`: a body, or a municipality by id or name.

        Raises:
            InvalidInputError: neither a recipient nor a municipality has that name.
        """
        from engine.domain.definition import slugify

        wanted = slugify(text.strip())
        for r in self.recipients:
            if r.id == wanted:
                return r
        for m in definition.municipalities:
            if wanted in (m.id, slugify(m.name)) or text.strip() == m.code:
                return Recipient(m.id, f"{m.name}: {self.municipality_name}",
                                 self.municipality_cadence_days, m.id)
        names = ", ".join(r.id for r in self.recipients)
        msg = _("unknown recipient {text}; recipients are {names} "
                "or a municipality (boras)").format(
            text=repr(text), names=names)
        raise InvalidInputError(msg)


def load_config() -> ReportingConfig:
    """The shipped reporting data (workflows/reporting.toml)."""
    raw = tomllib.loads(resources.files("workflows").joinpath("reporting.toml")
                        .read_text(encoding="utf-8"))
    return ReportingConfig(
        raw["template_version"], tuple(raw["issuers"]),
        tuple(Recipient(r["id"], r["name"], int(r["cadence_days"])) for r in raw["recipients"]),
        raw["municipality"]["name"], int(raw["municipality"]["cadence_days"]))


def check_format(fmt: str) -> str:
    """Raises: InvalidInputError for a format the template does not exist in."""
    if fmt not in FORMATS:
        msg = _("unknown format {fmt}; formats are {formats}").format(
            fmt=repr(fmt), formats=', '.join(FORMATS))
        raise InvalidInputError(msg)
    return fmt
