"""Storage-node log analysis: tailer, parser, live statistics, GeoIP. No Home Assistant imports."""
