"""Mimika reference data shipped as package data (JSON), read by `lapor_core.reference`."""
