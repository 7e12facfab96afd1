"""SQL adapters: tables, the append-only event log, projections and the unit of work."""
