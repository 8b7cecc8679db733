"""The coordinator's screens: screening inbox, disposisi, deadlines, dashboard, map and exports.

Each screen is a thin view over the services `screening`, `deadlines_overview`, `dashboard`,
`duplicates` and `exports`; `docs/coordinator.md` says how they fit together.
"""
