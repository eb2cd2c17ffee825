"""The data layer: engine, declarative base and migrations."""
