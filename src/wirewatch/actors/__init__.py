"""Actors: who a name stands for, with PLOVER country and sector codes (see ``kb``)."""
from .kb import (
    PLOVER_SECTORS,
    Actor,
    KnowledgeBase,
    PhoenixStats,
    load_kb,
    name_key,
    parse_actor_list,
    parse_phoenix,
    split_code,
)

__all__ = [
    "PLOVER_SECTORS",
    "Actor",
    "KnowledgeBase",
    "PhoenixStats",
    "load_kb",
    "name_key",
    "parse_actor_list",
    "parse_phoenix",
    "split_code",
]
