"""Agenda import into one séance: the group's CSV template, SCDL délibérations, or PDFs."""
