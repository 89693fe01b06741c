"""The seller dashboard: where an approved vendor's users run their store.

It lives beside Oscar's dashboard, which stays staff-only; see
docs/architecture.md ("Seller dashboard") for why.
"""
