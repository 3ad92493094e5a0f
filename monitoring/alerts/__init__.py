"""Early warning: a commune's monthly figure far above its own baseline raises an
``Alert`` (see docs/spatial-statistics.md, "Early warning")."""
