"""The package's version, kept equal to pyproject.toml's (a test checks): importing it costs
nothing, where asking the installed package's metadata costs a start-up."""

__version__ = "0.1.0"
