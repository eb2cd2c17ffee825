"""The plugin host: hook specifications, discovery and loading of the plugins config enables.

Plugin authors never import from here; they use the facade ``pl_api.plugin``.
"""
