"""Models of distribution of cases to bailiffs; built out by its own issue."""
