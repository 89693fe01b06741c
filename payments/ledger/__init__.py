"""Commissions and each vendor's ledger: what the platform earns on a sale and
what it owes the vendor, entry by entry (models under the `payment` label)."""
