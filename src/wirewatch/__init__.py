"""wirewatch: raw news in, an evidence-backed record of who said and did what, to whom, when and where."""
from __future__ import annotations

import logging

from .api import make_pipeline, read, read_many
from .document import Document
from .pipeline import Pipeline, stage
from .record import Record
from .settings import SETTINGS, Settings, load_settings

__all__ = ["read", "read_many", "make_pipeline", "Document", "Pipeline", "stage", "Record", "Settings",
           "SETTINGS", "load_settings", "__version__"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
