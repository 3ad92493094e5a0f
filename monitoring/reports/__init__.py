"""The province's periodic report (báo cáo định kỳ): its content computed by the risk
map's selectors (``content.py``), written out as HTML, DOCX or PDF (``render_*.py``)."""
