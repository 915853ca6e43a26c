"""Audit trail: who did what to whom, and when (SECURITY.md: every staff action is audited)."""
