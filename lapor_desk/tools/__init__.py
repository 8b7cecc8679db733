"""Developer and build tools of the desk (run with `python -m lapor_desk.tools.<name>`)."""
