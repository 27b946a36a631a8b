"""Tests for the Storj Monitor project."""
