"""Locale formats that Django does not ship (FORMAT_MODULE_PATH = ["chamber_portal.formats"]).

Django has no formats module for Kazakh; ru adjusts Django's own; en writes the day before the month (Django's en is
American).
"""
