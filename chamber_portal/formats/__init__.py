"""Locale formats that Django does not ship (FORMAT_MODULE_PATH = ["chamber_portal.formats"]).

Django has no formats module for Kazakh; ru and en fall back to Django's own.
"""
