"""Pure-Python matching engine for family reports of captive people.

No Django here: the engine is used by the web application, by the
``safepassage match-file`` command and by the benchmarks alike.
"""

from .compare import PreparedRecord, clear_caches, prepare
from .csvio import CsvError, parse_person_csv, read_person_csv, write_pairs_csv
from .engine import DEFAULT_THRESHOLD, Pair, find_pairs, link_pairs
from .keys import MAX_BLOCK, blocking_keys, keyed, lookup
from .model import FieldEvidence, Matcher, ScoreResult
from .normalize import fold_arabic, name_tokens, normalize_name, skeleton
from .records import CellError, PersonRecord, parse_birth_year, parse_sex, record_from_row

__all__ = [
    "DEFAULT_THRESHOLD",
    "MAX_BLOCK",
    "CellError",
    "CsvError",
    "FieldEvidence",
    "Matcher",
    "Pair",
    "PersonRecord",
    "PreparedRecord",
    "ScoreResult",
    "blocking_keys",
    "clear_caches",
    "find_pairs",
    "fold_arabic",
    "keyed",
    "link_pairs",
    "lookup",
    "name_tokens",
    "normalize_name",
    "parse_birth_year",
    "parse_person_csv",
    "parse_sex",
    "prepare",
    "read_person_csv",
    "record_from_row",
    "skeleton",
    "write_pairs_csv",
]
