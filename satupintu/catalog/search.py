"""Indonesian service search that behaves the same on SQLite and PostgreSQL.

Words are reduced to their root with Sastrawi ("pembuatan" → "buat", "kelahiran" → "lahir",
"perizinan" → "izin") before they are stored in `Service.search_text` and before a query is
matched, so a citizen's word form does not have to equal the official one. The stored text is
" tok1 tok2 … " with padding spaces, so `LIKE '% tok %'` matches whole tokens only; the catalog is
small enough (hundreds to low thousands of services) for that to be fast without an index.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

if TYPE_CHECKING:
    from satupintu.catalog.models import Service

MAX_QUERY_LENGTH = 200
MAX_QUERY_TOKENS = 12
NAME_WEIGHT = 3

# Words that carry no meaning for finding a service; citizens type them in questions
# ("bagaimana cara membuat akta untuk anak saya").
STOPWORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "saya",
        "ingin",
        "cara",
        "bagaimana",
        "apa",
        "apakah",
        "atau",
        "dengan",
        "pada",
        "ini",
        "itu",
        "adalah",
        "akan",
        "bisa",
        "dapat",
        "mau",
        "mohon",
        "tolong",
        "secara",
        "oleh",
        "para",
        "serta",
        "juga",
        "sudah",
        "belum",
        "bagi",
        "kami",
        "kita",
        "anda",
        "dia",
        "mereka",
        "the",
        "of",
        "and",
        "for",
        "to",
        "in",
        "a",
        "an",
        "how",
        "do",
        "i",
        "my",
    ]
)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@functools.cache
def _stemmer() -> Any:
    # Building the stemmer loads its dictionary (~30k words); do it once, on first use.
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Sastrawi root of one lower-case word; numbers and codes pass through unchanged."""
    if not word.isalpha():
        return word
    return str(_stemmer().stem(word)) or word


def words(text: str) -> list[str]:
    """Lower-case words of `text`, without stopwords and one-letter noise."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in STOPWORDS]


def tokens(text: str) -> list[str]:
    """Stems of `text`, plus the unstemmed word where it differs (English names, abbreviations)."""
    out: list[str] = []
    for word in words(text):
        root = stem(word)
        out.append(root)
        if root != word:
            out.append(word)
    return out


def padded(parts: list[str]) -> str:
    seen = dict.fromkeys(parts)
    return f" {' '.join(seen)} " if seen else ""


def build_search_name(service: Service) -> str:
    return padded(tokens(f"{service.name} {service.name_en}"))


def build_search_text(service: Service) -> str:
    """All searchable words of a saved service, stemmed, as " tok1 tok2 … "."""
    agency = service.agency
    texts = [
        service.name,
        service.name_en,
        service.summary,
        service.summary_en,
        service.keywords,
        service.output_product,
        service.category.name,
        service.category.name_en,
        agency.name,
        agency.short_name,
    ]
    for event in service.life_events.all():
        texts += [event.name, event.name_en]
    for document in service.documents.all():
        texts += [document.name, document.name_en]
    return padded(tokens(" ".join(t for t in texts if t)))


def query_terms(query: str) -> list[tuple[str, str]]:
    """(stem, word) pairs of a query, deduplicated, at most MAX_QUERY_TOKENS."""
    terms: dict[str, str] = {}
    for word in words(query[:MAX_QUERY_LENGTH]):
        terms.setdefault(stem(word), word)
        if len(terms) >= MAX_QUERY_TOKENS:
            break
    return list(terms.items())


def _matches(field: str, root: str, word: str) -> Q:
    q = Q(**{f"{field}__contains": f" {root} "})
    if word != root:
        q |= Q(**{f"{field}__contains": f" {word} "})
    return q


def search_services(query: str, *, qs: QuerySet[Service] | None = None) -> QuerySet[Service]:
    """Active services matching any word of `query`, best first.

    A service scores NAME_WEIGHT for every query word found in its name and 1 for every word
    found elsewhere; services are ordered by score, then name. An empty query lists everything.
    """
    from satupintu.catalog.models import Service

    base = Service.objects.all() if qs is None else qs
    base = base.filter(status=Service.Status.ACTIVE)
    terms = query_terms(query or "")
    if not terms:
        return base.order_by("name")
    score: Any = Value(0)
    for root, word in terms:
        score = score + Case(
            When(_matches("search_name", root, word), then=Value(NAME_WEIGHT)),
            When(_matches("search_text", root, word), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return (
        base.annotate(search_score=Coalesce(score, Value(0), output_field=IntegerField()))
        .filter(search_score__gt=0)
        .order_by("-search_score", "name")
    )
