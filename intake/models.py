"""Models of intake of enforcement applications; built out by its own issue."""
