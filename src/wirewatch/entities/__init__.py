"""Entities and actors: mentions (``mentions``), one entity per referent (``coref``), the stage (``stage``)."""
