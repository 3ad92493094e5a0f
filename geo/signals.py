"""What ``geo`` announces to the apps above it, which it must not import.

``communes_changed`` is sent inside the transaction that replaced or edited commune
boundaries; a receiver re-derives whatever depends on them (``monitoring`` moves places to
their new commune) and returns how many rows it changed. ``boundaries_imported`` is sent,
in the same transaction, after a boundary file changed stored units; ``monitoring`` writes
it to the audit log.
"""

from django.dispatch import Signal

__all__ = ["boundaries_imported", "communes_changed", "communes_changed_send"]

#: ``send(sender=AdminUnit)``; each receiver returns the number of rows it moved.
communes_changed = Signal()

#: ``send(sender=AdminUnit, file=, level=, valid_from=, row_count=, changes=)``.
boundaries_imported = Signal()


def communes_changed_send(*, sender) -> int:
    """Send ``communes_changed`` and return the rows the receivers moved, summed."""
    return sum(moved or 0 for _receiver, moved in communes_changed.send(sender=sender))
