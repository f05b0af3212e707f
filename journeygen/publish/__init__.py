"""Putting a rendered site somewhere: the site folder, password protection, gh-pages, PDF."""
