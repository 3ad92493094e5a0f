"""The audit log's one entry point: ``audit_record`` for a change, ``audit_export`` for an
export. Services that write call ``audit_record``; every channel that exports calls
``audit_export``; who and through which channel come from the request (see
``monitoring.audit.context``) unless given.
"""

from monitoring.audit.context import audit_context, current_actor
from monitoring.audit.record import audit_export, audit_record, audit_snapshot

__all__ = ["audit_context", "audit_export", "audit_record", "audit_snapshot", "current_actor"]
