"""Qt GUI of the desk. The only package that imports PySide6."""
