"""Scheduling adapters: run a job on a timetable (APScheduler)."""
