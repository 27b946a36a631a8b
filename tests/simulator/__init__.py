"""Tests of the Storj node simulator."""
