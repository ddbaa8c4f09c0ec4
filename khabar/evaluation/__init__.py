"""Evaluations behind ``khabar eval …``: each module has a ``run()`` that
reads a dev file from ``../shared/eval/`` and returns a JSON-able dict."""
