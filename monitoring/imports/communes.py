"""Find the current commune a file row means, by code or by name; an unknown or
ambiguous name is refused with the candidates, never guessed."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from geo.models import AdminUnit, Level
from monitoring.imports.cells import Refusal
from monitoring.imports.names import commune_key, fold

__all__ = ["Commune", "CommuneDirectory"]


@dataclass(frozen=True)
class Commune:
    id: int
    code: str
    name: str
    district: str


@dataclass
class CommuneDirectory:
    """Current communes (optionally only those in ``allowed`` ids) indexed for matching."""

    by_id: dict[int, Commune] = field(default_factory=dict)
    by_code: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, set[int]] = field(default_factory=dict)
    retired_codes: set[str] = field(default_factory=set)
    allowed: set[int] | None = None

    @classmethod
    def load(cls, *, allowed: set[int] | None = None) -> "CommuneDirectory":
        directory = cls(allowed=allowed)
        rows = AdminUnit.objects.filter(level=Level.COMMUNE).values_list(
            "id", "code", "name", "valid_to", "parent__name"
        )
        for unit_id, code, name, valid_to, district in rows:
            if valid_to is not None:
                directory.retired_codes.add(code)
                continue
            directory.by_id[unit_id] = Commune(unit_id, code, name, district or "")
            directory.by_code[code] = unit_id
            for key in {fold(name), commune_key(name)}:
                directory.by_name.setdefault(key, set()).add(unit_id)
        return directory

    def find(self, *, code: str, name: str) -> Commune | Refusal:
        """The commune with ``code`` if given, else the one named ``name``."""
        if code:
            unit_id = self.by_code.get(code)
            if unit_id is None:
                if code in self.retired_codes:
                    return Refusal(
                        _("commune code %(code)s belongs to a retired boundary version") % {"code": code},
                        _("use the code of the commune that replaced it."),
                    )
                return Refusal(
                    _("no current commune has code %(code)s") % {"code": code},
                    _("check the code against the official list (5 digits)."),
                )
            return self._allowed(self.by_id[unit_id])
        ids = self.by_name.get(fold(name)) or self.by_name.get(commune_key(name)) or set()
        if not ids:
            return Refusal(
                _("no current commune is named “%(name)s”") % {"name": name},
                _("check the spelling or give the commune code in a “code” column."),
            )
        if len(ids) > 1:
            candidates = sorted((self.by_id[i] for i in ids), key=lambda c: c.code)
            return Refusal(
                _("%(count)s current communes are named “%(name)s”: %(candidates)s")
                % {
                    "count": len(candidates),
                    "name": name,
                    "candidates": "; ".join(f"{c.name} ({c.code}, {c.district})" for c in candidates),
                },
                _("give the commune code in a “code” column for this row."),
            )
        return self._allowed(self.by_id[next(iter(ids))])

    def _allowed(self, commune: Commune) -> Commune | Refusal:
        if self.allowed is not None and commune.id not in self.allowed:
            return Refusal(
                _("%(name)s (%(code)s) is outside your areas") % {"name": commune.name, "code": commune.code},
                _("remove the row or ask an administrator to add the commune to your areas."),
            )
        return commune
