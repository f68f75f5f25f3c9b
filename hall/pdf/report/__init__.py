"""The manager's report: 服务大厅日报 for one day, 服务大厅运行报告 for a range of days (A4 portrait).

It only presents ``ReportFigures`` (``hall.services.reports.figures``): no figure is computed here beyond
shares of totals already given. Durations print as minutes with one decimal ("8.5 分钟"), busy and idle time
as hours, shares as percentages ("92.3%"), and "—" wherever nothing was measured.

Charts are reportlab vector drawings whose every label uses the embedded CJK font: arrivals by hour of day,
tickets per service, ratings by level and, for a range, the daily trend. Long tables (clerks, bad ratings,
days) break across pages and repeat their header row.
"""

from hall.pdf.report.document import build_report

__all__ = ["build_report"]
