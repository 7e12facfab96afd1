"""Application services: one function per use case, one unit of work per command."""
