"""Test doubles of the outside services the payments app talks to."""
