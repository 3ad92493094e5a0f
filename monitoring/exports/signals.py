"""``export_finished``: sent once an export's last byte is produced, for the audit log
(who exported what: channel, layer, format, filter, row count).

Receivers get ``export`` (``monitoring.exports.run.Export``: ``user``, ``channel``,
``layer``, ``selection.described``, ``rows_written``, ``protected``) and ``fmt`` (the
format's name). An export interrupted midway (a client that went away) sends nothing.
"""

from django.dispatch import Signal

__all__ = ["export_finished"]

export_finished = Signal()
