"""Seller dashboard views, one module per section."""
