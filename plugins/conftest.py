"""The first-party plugins' tests run with the suite: ``pl_api.testing`` gives them the app and a tenant.

A plugin tested on its own declares ``pytest_plugins = ["pl_api.testing"]`` in its top-level conftest;
inside this repository that declaration lives here, the top of ``plugins/``, where pytest accepts it.
"""

pytest_plugins = ["pl_api.testing"]
