"""Sync client, protocol and the reference provincial server."""
