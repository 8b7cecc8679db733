"""The desk's local store, without Qt: tables, the Store (pragmas, one writer, migrations), FTS5
search, bulk feed application, the profile lock and the frozen dataclasses handed to the UI."""
