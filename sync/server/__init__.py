"""The reference provincial server: protocol v1 over FastAPI, storage on SQLite or PostgreSQL, an admin CLI."""
