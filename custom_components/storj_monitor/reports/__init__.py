"""Exports and reports: pure pieces without Home Assistant (rows to CSV, data to PDF/Markdown)."""
