"""The vendor's orders in the seller dashboard: its own part of each order."""
