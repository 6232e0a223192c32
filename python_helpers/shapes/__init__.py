"""Registry of the file shapes the loader recognises, one module per source system.

A shape is recognised by its header: every required column must be present (after name
normalisation and aliases). Columns are mapped by name, never by position.
"""

from __future__ import annotations

from .file_shape import FileShape, normalize_column_name

SYSTEMS = ("time_tracking", "email_platform", "crm")

__all__ = ["SYSTEMS", "FileShape", "all_shapes", "normalize_column_name", "shapes_for"]


def all_shapes() -> list[FileShape]:
    from . import crm, email_platform, time_tracking

    return [*time_tracking.SHAPES, *email_platform.SHAPES, *crm.SHAPES]


def shapes_for(system: str) -> list[FileShape]:
    return [shape for shape in all_shapes() if shape.system == system]
