"""Qt widgets, dialogs and Qt models of the desk. Only `lapor_desk.app` imports this package.

Views render frozen dataclasses from `lapor_desk.services` and start work through `views.ops.Op`;
they never touch the database, HTTP or the keyring themselves.
"""
