"""`dyad report`: a self-contained HTML report of a store, with its charts as PNG files."""

from dyad.report.build import Report, ReportOptions, build_report

__all__ = ["Report", "ReportOptions", "build_report"]
