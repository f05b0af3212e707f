"""journeygen: customer journeys in Markdown + YAML -> a static site of journey maps."""

try:  # written by the build backend from the git tag (pyproject.toml, [tool.hatch.version])
    from journeygen._version import __version__
except ImportError:  # a source tree used without installing it
    __version__ = "0.0.0+unknown"
