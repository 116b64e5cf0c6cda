"""Models of complaints and clause 12; built out by its own issue."""
