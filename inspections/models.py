"""Models of unscheduled inspections; built out by its own issue."""
