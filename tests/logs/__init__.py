"""Tests of the HA-free log analysis package."""
