"""Managers' figures: one definition per metric (``metrics``), read from the recorded history and tickets,
shaped as plain data (``figures``) for the PDF report, CSV and Excel, and the dashboard."""
