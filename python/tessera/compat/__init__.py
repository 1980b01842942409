"""Compatibility layers for programs written against other libraries' names."""
