"""Home Assistant tests of the storj_monitor integration."""
