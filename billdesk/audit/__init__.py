"""The auditor's tools (docs/audit.md): ``verify`` (the hash chain of every number series),
``explain`` (what a bill was computed from, down to the intervals), the audit package
(``package``: one read-only file holding a run and everything it used) and its
re-computation (``check``).

Above billdesk.runs and billdesk.dispatch in the layers; no Qt.
"""
