"""`python -m lapor_server` runs the `lapor-server` command."""

import sys

from lapor_server.cli import main

sys.exit(main())
