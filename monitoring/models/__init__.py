"""Monitoring data model; one module per subject."""

from monitoring.models.classification import Classification, ClassificationScheme, DrugClass
from monitoring.models.counts import Aggregation, CaseCount, Indicator
from monitoring.models.legend_sets import LegendClass, LegendSet
from monitoring.models.places import (
    CounsellingPoint,
    CounsellingPointStatus,
    Establishment,
    EstablishmentStatus,
    EstablishmentType,
    FacilityKind,
    Inspection,
    InspectionPhoto,
    InspectionResult,
    InspectionState,
    TreatmentFacility,
)

__all__ = [
    "Aggregation",
    "CaseCount",
    "Classification",
    "ClassificationScheme",
    "CounsellingPoint",
    "CounsellingPointStatus",
    "DrugClass",
    "Establishment",
    "EstablishmentStatus",
    "EstablishmentType",
    "FacilityKind",
    "Indicator",
    "Inspection",
    "InspectionPhoto",
    "InspectionResult",
    "InspectionState",
    "LegendClass",
    "LegendSet",
    "TreatmentFacility",
]

from monitoring.models.criteria import (
    ClassRule,
    CriteriaSet,
    Criterion,
    CriterionKind,
    KeyRouteMembership,
)

__all__ += ["ClassRule", "CriteriaSet", "Criterion", "CriterionKind", "KeyRouteMembership"]

from monitoring.models.planning import PlanningScenario  # noqa: E402

__all__ += ["PlanningScenario"]

from monitoring.models.sensitive import SensitiveSite, SensitiveSiteKind  # noqa: E402

__all__ += ["SensitiveSite", "SensitiveSiteKind"]

from monitoring.models.audit import AuditAction, AuditChannel, AuditEvent  # noqa: E402
from monitoring.models.report_templates import ReportTemplate  # noqa: E402
from monitoring.models.site_settings import SiteSettings  # noqa: E402

__all__ += ["AuditAction", "AuditChannel", "AuditEvent", "ReportTemplate", "SiteSettings"]

from monitoring.models.quality import (  # noqa: E402
    CellNote,
    OutlierBound,
    PeriodApproval,
    ReportSubmission,
    RuleImportance,
    RuleOperator,
    ValidationRule,
)

__all__ += [
    "CellNote",
    "OutlierBound",
    "PeriodApproval",
    "ReportSubmission",
    "RuleImportance",
    "RuleOperator",
    "ValidationRule",
]

from monitoring.models.alerts import Alert, AlertState  # noqa: E402

__all__ += ["Alert", "AlertState"]
