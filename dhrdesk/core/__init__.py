"""Pure-Python domain layer. Never imports Qt, never touches the store."""
