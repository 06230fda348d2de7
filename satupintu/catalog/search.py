"""Indonesian service search: one function, an index on either engine, the same results.

Words are reduced to their root with Sastrawi ("pembuatan" → "buat", "kelahiran" → "lahir",
"perizinan" → "izin") before they are stored in the three search columns of `Service`
(`search_name`, `search_keys`: keywords and life events, `search_text`: everything) and before
a query is matched, so a citizen's word form does not have to equal the official one.

The columns are indexed by the database: an FTS5 external-content table on SQLite (migration
0006), a weighted generated `tsvector` (A name, B keywords/life events, C the rest) copied by
triggers into the narrow table `catalog_service_search` with a GIN index on PostgreSQL
(migration 0009: the vector in the wide catalog row was TOASTed, and read back for every test).
The index drives a join to the matched rows, whose filter, facet and order columns come from a
covering index (migration 0008), and one statement yields facets, count and page from a single
pass over the matches (`facets_and_page`). Their order is the same weighted column score on
both engines —
NAME_WEIGHT per query word in the name, KEYS_WEIGHT in keywords or life events, 1 elsewhere —
then nearness to the citizen, name and id. The engines' own ranks (bm25, ts_rank) are not in the
order: they differ between engines (so would the top 3), and asking FTS5 for bm25 per matched
row cost 15x the rest of the page at 2,000 services. A query word is first widened by the
synonym table ("akte" → "akta") and, when the index has never seen it, by the nearest indexed
word (edit distance; pg_trgm proposes the candidates on PostgreSQL).
"""

from __future__ import annotations

import functools
import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Substr

from satupintu.core import pagecache

if TYPE_CHECKING:
    from satupintu.catalog.models import Service
    from satupintu.regions.models import Region

MAX_QUERY_LENGTH = 200
MAX_QUERY_TOKENS = 12
NAME_WEIGHT = 3
KEYS_WEIGHT = 2
FTS_TABLE = "catalog_service_fts"
# Spelling suggestions: how far a typed word may be from an indexed one.
MAX_TERM_LENGTH = 60
# Remembered search results (see `remembered`) are checked against the one catalog version
# that the rendered public pages carry too (core.pagecache), and live at most CACHE_TIMEOUT
# (a bound on staleness should a change escape the hooks).
CACHE_VERSION_KEY = pagecache.VERSION_KEY
CACHE_TIMEOUT = 15 * 60
# Part of every key: change it with the shape of what callers remember (a deploy also forgets
# everything, see CatalogConfig.ready).
CACHE_FORMAT = 1

T = TypeVar("T")

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


def build_search_keys(service: Service) -> str:
    """The stemmed keywords and life events of a saved service."""
    texts = [service.keywords]
    for event in service.life_events.all():
        texts += [event.name, event.name_en]
    return padded(tokens(" ".join(t for t in texts if t)))


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


# --- The index ----------------------------------------------------------------------------------


def _vendor() -> str:
    return str(connection.vendor)


def index_write(*, service_id: int, old: tuple[str, str, str], new: tuple[str, str, str]) -> None:
    """Bring the engine's index and the vocabulary up to date for one service whose stored
    search columns changed from `old` to `new` (call after the row is written).

    SQLite's external-content index must be told the old text to forget it; a row is in the
    index exactly when its stored `search_name` is non-empty (every saved service has a name).
    PostgreSQL's generated column follows the row by itself.
    """
    if _vendor() == "sqlite" and old != new:
        with connection.cursor() as cursor:
            if old[0]:
                cursor.execute(
                    "INSERT INTO catalog_service_fts(catalog_service_fts, rowid, search_name, "
                    "search_keys, search_text) VALUES ('delete', %s, %s, %s, %s)",
                    [service_id, *old],
                )
            if new[0]:
                cursor.execute(
                    "INSERT INTO catalog_service_fts(rowid, search_name, search_keys, "
                    "search_text) VALUES (%s, %s, %s, %s)",
                    [service_id, *new],
                )
    vocabulary_add(" ".join(new).split())
    catalog_changed()


def index_add_many(rows: list[tuple[int, str, str, str]]) -> None:
    """Index services that are not in the index yet (id, name, keys, text), with their words."""
    if _vendor() == "sqlite" and rows:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO catalog_service_fts(rowid, search_name, search_keys, "
                "search_text) VALUES (%s, %s, %s, %s)",
                rows,
            )
    vocabulary_add(" ".join(" ".join(row[1:]) for row in rows).split())
    catalog_changed()


def vocabulary_add(terms: list[str]) -> None:
    """Add indexed tokens to the vocabulary that spelling suggestions are drawn from."""
    from satupintu.catalog.models import SearchTerm

    wanted = {t for t in terms if 1 < len(t) <= MAX_TERM_LENGTH and t.isalnum()}
    if not wanted:
        return
    known = set(SearchTerm.objects.filter(term__in=wanted).values_list("term", flat=True))
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t, length=len(t)) for t in sorted(wanted - known)],
        ignore_conflicts=True,
    )


def index_rebuild() -> None:
    """Rebuild the engine's index from the stored columns (after bulk writes or a restore)."""
    if _vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO catalog_service_fts(catalog_service_fts) VALUES ('rebuild')"
            )
    catalog_changed()


def index_analyze() -> None:
    """Refresh the planner's statistics of the catalog after a bulk write: without them
    PostgreSQL takes `status = 'active'` for a hundred rows and scans the whole catalog
    through that index instead of the full-text index, and SQLite guesses likewise."""
    if _vendor() in ("postgresql", "sqlite"):
        with connection.cursor() as cursor:
            # The agencies too: with no statistics PostgreSQL takes 600 agencies for a dozen
            # and joins them to the catalog row by row, testing every service's vector.
            tables = ["catalog_service", "organizations_agency", "catalog_service_life_events"]
            if _vendor() == "postgresql":
                tables.append("catalog_service_search")
            # VACUUM where it may run (not in a transaction): it marks the rewritten pages
            # all-visible, so PostgreSQL reads the covering index without the rows.
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            if _vendor() == "sqlite":
                verb = "ANALYZE"
            for table in tables:
                cursor.execute(f"{verb} {table}")


def index_size_bytes() -> int | None:
    """Bytes the full-text index takes on disk (None where the engine cannot say)."""
    with connection.cursor() as cursor:
        if _vendor() == "sqlite":
            try:
                cursor.execute(
                    "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE %s",
                    [f"{FTS_TABLE}%"],
                )
            except Exception:  # dbstat is a compile-time option of SQLite
                return None
            return int(cursor.fetchone()[0])
        if _vendor() == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('catalog_service_search')")
            return int(cursor.fetchone()[0])
    return None


# --- Remembered results -------------------------------------------------------------------------


def catalog_changed(**_signal: Any) -> None:
    """Forget every remembered search result and kept public page: a service, its agency, a
    synonym or the index changed. The catalog version is replaced now, so the writer's own
    transaction sees it, and again after commit, so a search that read the old rows while the
    write was under way cannot have remembered them for good."""
    pagecache.bump()
    transaction.on_commit(pagecache.bump)


def remembered(parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned for the same `parts` since the catalog last changed.

    A national query such as "akta lahir" matches half the catalog; its count, facets and first
    page cost the database a pass over every match, the same for every citizen who types it.
    One cache read (entry and version token together) replaces that pass until the next
    catalog change (`catalog_changed`).
    """
    digest = hashlib.sha256(repr((CACHE_FORMAT, *parts)).encode()).hexdigest()
    key = f"catalog-search:{digest}"
    found = cache.get_many([CACHE_VERSION_KEY, key])
    version = found.get(CACHE_VERSION_KEY)
    entry = found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    # The token is read before computing: a change committed meanwhile replaces it, and what
    # is stored here under the old token is then never served.
    if version is None:
        cache.add(CACHE_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(CACHE_VERSION_KEY)
    value = compute()
    cache.set(key, (version, value), timeout=CACHE_TIMEOUT)
    return value


# --- Reading a query ----------------------------------------------------------------------------


@dataclass
class QueryPlan:
    """What a query is searched for: groups of alternative tokens, one group per meaning.

    A service scores for a group when any of its tokens matches. `corrections` maps a typed word
    to the indexed word it was taken for, so the page can say "menampilkan hasil untuk …".
    """

    groups: list[tuple[str, ...]] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def tokens(self) -> list[str]:
        return list(dict.fromkeys(t for group in self.groups for t in group))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions counted once (limit + 1 when above)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _allowed_distance(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) < 7 else 2


@functools.cache
def _has_trigram(alias: str) -> bool:
    if _vendor() != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def _candidates(word: str, limit: int) -> list[str]:
    from satupintu.catalog.models import SearchTerm

    by_length = SearchTerm.objects.filter(
        length__gte=len(word) - limit, length__lte=len(word) + limit
    )
    if _has_trigram(connection.settings_dict["NAME"]):
        # The trigram index proposes; the same edit distance as on SQLite decides. Words that
        # share no trigram with the typo (short words) still come from the length filter.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM catalog_searchterm WHERE similarity(term, %s) > 0.2",
                [word],
            )
            found = {row[0] for row in cursor.fetchall()}
        if len(word) >= 7:
            return sorted(found)
        return sorted(found | set(by_length.values_list("term", flat=True)))
    return list(by_length.values_list("term", flat=True))


def suggest(word: str) -> str | None:
    """The indexed word nearest to `word` by edit distance (ties: shorter, then alphabetical)."""
    limit = _allowed_distance(word)
    if not limit:
        return None
    best: tuple[int, int, str] | None = None
    for term in _candidates(word, limit):
        if not term.isalpha():
            continue
        distance = edit_distance(word, term, limit)
        if distance <= limit:
            key = (distance, len(term), term)
            best = key if best is None or key < best else best
    return best[2] if best else None


def plan_query(query: str) -> QueryPlan:
    """Groups of tokens to look for: the query's words (stem and word as typed), each widened by
    the synonym table, and unknown words by the nearest indexed word."""
    from satupintu.catalog.models import SearchSynonym, SearchTerm

    plan = QueryPlan()
    terms = query_terms(query or "")
    if not terms:
        return plan
    typed = {t for pair in terms for t in pair}
    synonyms: dict[str, list[str]] = {}
    for term, replacement in SearchSynonym.objects.filter(term__in=typed).values_list(
        "term", "replacement"
    ):
        synonyms.setdefault(term, []).append(replacement)
    extra: list[tuple[str, ...]] = []
    for root, word in terms:
        plan.groups.append(tuple(dict.fromkeys((root, word))))
        for replacement in synonyms.get(word, []) + synonyms.get(root, []):
            for r_root, r_word in query_terms(replacement):
                extra.append(tuple(dict.fromkeys((r_root, r_word))))
    known = set(
        SearchTerm.objects.filter(term__in={t for g in plan.groups for t in g}).values_list(
            "term", flat=True
        )
    )
    for index, (root, word) in enumerate(terms):
        if {root, word} & known or word in synonyms or root in synonyms or not word.isalpha():
            continue
        nearest = suggest(word)
        if nearest is not None:
            plan.corrections[word] = nearest
            plan.groups[index] = tuple(dict.fromkeys((*plan.groups[index], stem(nearest), nearest)))
    for group in extra:
        if group not in plan.groups:
            plan.groups.append(group)
    return plan


# --- Searching ----------------------------------------------------------------------------------


def _any_token(field_name: str, group: tuple[str, ...]) -> Q:
    q = Q()
    for token in group:
        q |= Q(**{f"{field_name}__contains": f" {token} "})
    return q


def _in_column(column: str, group: tuple[str, ...]) -> Any:
    """True where a token of `group` is in `column`: an FTS5 column filter (materialised once
    per query) on SQLite; on PostgreSQL a LIKE on the short padded name or keyword column of
    `catalog_service_search`, or a tsquery on its in-row vector for the text, never a LIKE over
    the long text. The scan fallback of other engines uses the padded columns."""
    if _vendor() == "sqlite":
        alternatives = " OR ".join(f'"{t}"' for t in group)
        return RawSQL(
            "catalog_service.id IN (SELECT rowid FROM catalog_service_fts "
            "WHERE catalog_service_fts MATCH %s)",
            [f"{column} : ({alternatives})"],
            output_field=BooleanField(),
        )
    if _vendor() == "postgresql":
        if column == "search_text":
            return RawSQL(
                "catalog_service_search.vector @@ CAST(%s AS tsquery)",
                [" | ".join(group)],
                output_field=BooleanField(),
            )
        # The short padded columns beside the vector (migration 0009): a substring test
        # costs less than a weighted tsquery, which walks the whole vector.
        # (Tokens are letters and digits only, so no LIKE wildcard or escape is among them.)
        patterns = [[f"% {t} %" for t in group]]
        if column == "search_keys":
            return RawSQL(
                "catalog_service_search.search_keys LIKE ANY(%s)",
                patterns,
                output_field=BooleanField(),
            )
        return RawSQL(
            "catalog_service_search.search_name LIKE ANY(%s)", patterns, output_field=BooleanField()
        )
    return _any_token(column, group)


def _matching(base: QuerySet[Service], plan: QueryPlan) -> QuerySet[Service]:
    """`base` narrowed to the rows the index finds for any token, with the engine's rank."""
    # Every token is letters and digits only (see `words`), and all are bound parameters; the
    # SQL around them is constant.
    found = plan.tokens
    if _vendor() == "sqlite":
        match = " OR ".join(f'"{t}"' for t in found)
        # A join the index drives: its rowids come in order and each finds its row through
        # the covering index (migration 0008), without an IN list built first.
        return base.extra(
            tables=["catalog_service_fts"],
            where=[
                "catalog_service_fts.rowid = catalog_service.id",
                "catalog_service_fts MATCH %s",
            ],
            params=[match],
        )
    if _vendor() == "postgresql":
        # The narrow table of migration 0009: its vectors are in its rows, not TOASTed.
        return base.extra(
            tables=["catalog_service_search"],
            where=[
                "catalog_service_search.id = catalog_service.id",
                "catalog_service_search.vector @@ CAST(%s AS tsquery)",
            ],
            params=[" | ".join(found)],
        )
    q = Q()
    for group in plan.groups:
        q |= _any_token("search_text", group)
    return base.filter(q)


def near_tier(region: Region | None) -> Any:
    """0 for services of the region (or inside it), 1 its province, 2 national, 3 elsewhere."""
    if region is None:
        return Value(0, output_field=IntegerField())
    province = region.code[:2]
    return Case(
        When(
            Q(agency__region_id=region.code)
            | Q(agency__region__code__startswith=f"{region.code}."),
            then=Value(0),
        ),
        When(agency__region_id=province, then=Value(1)),
        When(agency__region__isnull=True, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def nearby_agencies(region: Region) -> QuerySet[Any]:
    """Ids of the agencies serving `region`: its own (and inside it), its province's, national."""
    from satupintu.organizations.models import Agency

    return Agency.objects.filter(
        Q(region_id=region.code)
        | Q(region__code__startswith=f"{region.code}.")
        | Q(region_id=region.code[:2])
        | Q(region__isnull=True)
    ).values("id")


def search_services(
    query: str,
    *,
    qs: QuerySet[Service] | None = None,
    near: Region | None = None,
    nearby_only: bool = False,
    plan: QueryPlan | None = None,
    ranked: bool = True,
) -> QuerySet[Service]:
    """Active services matching any word of `query`, best first (`ranked=False`: the same rows
    unordered and unscored, for counting them or ordering them otherwise).

    A service scores NAME_WEIGHT for every query word found in its name, KEYS_WEIGHT in its
    keywords or life events and 1 elsewhere. With `near` (a regency), among equal scores its
    own services come first, then its province's, then national ones; `nearby_only` leaves out
    other regions' services. An empty query lists everything by name. The order is total (ties
    broken by id), so pages never overlap.
    """
    from satupintu.catalog.models import Service

    base = Service.objects.all() if qs is None else qs
    base = base.filter(status=Service.Status.ACTIVE)
    if near is not None and nearby_only:
        # By agency, not by the tier of each row: the (status, agency) index then yields the
        # few nearby services before the text match is checked.
        base = base.filter(agency__in=nearby_agencies(near))
    plan = plan_query(query) if plan is None else plan
    if not ranked:
        return _matching(base, plan) if plan.groups else base
    base = base.annotate(near_tier=near_tier(near))
    if not plan.groups:
        return base.order_by(F("near_tier"), "name", "id")
    score: Any = Value(0)
    # With one group, every row the index found has it in its text: no test is needed there.
    indexed = _vendor() in ("sqlite", "postgresql")
    for group in plan.groups:
        in_text = [] if indexed and len(plan.groups) == 1 else [_in_column("search_text", group)]
        score = score + Case(
            When(_in_column("search_name", group), then=Value(NAME_WEIGHT)),
            When(_in_column("search_keys", group), then=Value(KEYS_WEIGHT)),
            *[When(condition, then=Value(1)) for condition in in_text],
            default=Value(0 if in_text else 1),
            output_field=IntegerField(),
        )
    matched = _matching(base, plan).annotate(
        search_score=Coalesce(score, Value(0), output_field=IntegerField())
    )
    if _vendor() not in ("sqlite", "postgresql"):
        # The index guarantees a match (every token of name and keys is also in search_text);
        # only the scan needs the score as a filter, which would cost counts and facets a
        # LIKE per row.
        matched = matched.filter(search_score__gt=0)
    return matched.order_by(F("search_score").desc(), F("near_tier"), "name", "id")


# --- Facets -------------------------------------------------------------------------------------


@dataclass
class Facets:
    """Counts of the matched services per agency, category, life event and province (None:
    national), each as {id: count}, counted by the database."""

    agency: dict[Any, int]
    category: dict[Any, int]
    life_event: dict[Any, int]
    area: dict[Any, int]


def facets(results: QuerySet[Service]) -> Facets:
    """GROUP BY counts over the rows `results` matched, in the database: one query for agency,
    category and province together (summed here over at most agencies × categories rows),
    one for life events."""
    agency: dict[Any, int] = {}
    category: dict[Any, int] = {}
    area: dict[Any, int] = {}
    grouped = (
        results.annotate(province=Substr("agency__region_id", 1, 2))
        .order_by()
        .values("agency_id", "category_id", "province")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in grouped:
        n = row["n"]
        agency[row["agency_id"]] = agency.get(row["agency_id"], 0) + n
        category[row["category_id"]] = category.get(row["category_id"], 0) + n
        area[row["province"]] = area.get(row["province"], 0) + n
    events = (
        results.filter(life_events__isnull=False)
        .order_by()
        .values("life_events")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Facets(
        agency=agency,
        category=category,
        life_event={row["life_events"]: row["n"] for row in events},
        area=area,
    )


# One pass over the matches (the ranked rows of `search_services`, as a CTE the engine
# materialises once): the agency × category × province counts, the life-event counts and the
# ids of one page, told apart by the first column. A page's rows carry their sort keys, so the
# order within the page is restored here whatever order the union yields them in.
_ONE_SCAN_SQL = """WITH m AS MATERIALIZED ({matched})
SELECT 0, agency_id, category_id, province, COUNT(*) FROM m
 GROUP BY agency_id, category_id, province
UNION ALL
SELECT 1, le.lifeevent_id, CAST(NULL AS INTEGER), CAST(NULL AS TEXT), COUNT(*)
  FROM m JOIN catalog_service_life_events le ON le.service_id = m.id GROUP BY le.lifeevent_id
UNION ALL
SELECT * FROM (SELECT 2, id, near_tier, name, search_score FROM m
 ORDER BY search_score DESC, near_tier, name, id LIMIT %s OFFSET %s) page"""


def facets_and_page(
    ranked: QuerySet[Service], *, offset: int, limit: int
) -> tuple[Facets, list[int]]:
    """Facets of all rows of `ranked` (a scored `search_services` result) and the ids of its
    rows offset..offset+limit, best first, from one pass over the matches instead of one per
    count, facet and page (at 30,000 services "akta lahir" matches 15,000)."""
    rows = (
        ranked.annotate(province=Substr("agency__region_id", 1, 2))
        .order_by()
        .values("id", "agency_id", "category_id", "province", "name", "near_tier", "search_score")
    )
    sql, params = rows.query.sql_with_params()
    found = Facets(agency={}, category={}, life_event={}, area={})
    page: list[tuple[int, int, str, int]] = []
    with connection.cursor() as cursor:
        # The inner SQL is Django's own compilation of `rows`; every value is a parameter.
        cursor.execute(_ONE_SCAN_SQL.format(matched=sql), [*params, limit, offset])
        for kind, key, second, third, n in cursor.fetchall():
            if kind == 0:
                found.agency[key] = found.agency.get(key, 0) + n
                found.category[second] = found.category.get(second, 0) + n
                found.area[third] = found.area.get(third, 0) + n
            elif kind == 1:
                found.life_event[key] = n
            else:
                page.append((-n, second, third, key))
    return found, [row[3] for row in sorted(page)]
