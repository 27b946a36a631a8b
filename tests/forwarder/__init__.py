"""Tests for the log forwarder and its integration-side client."""
