"""Shipping from the seller dashboard: the parcel of the vendor's part."""
