"""Figures. Every number is a sum over the maintained aggregates (`models.Fact`, kept by
`aggregates.py`), filtered on typed, indexed columns — never a scan of case rows per request.

The scope for counts: supervisors and data analysts count every case of their city (analysts
never see a row: no page or endpoint of theirs returns one); case managers count the cases of
their unit, PPT officers those of their kelurahan or registered by their post (`fact_scope_q`).
`case_aggregate_scope(user)` is the same scope on case rows, for the anonymised extract.

Periods are whole months: a dashboard period runs from the first day of the month of its start
to the last day of the month of its end (the aggregates count by month)."""

# isort: skip_file
# Every name of the sub-modules, re-exported in the order each module defines it, so callers
# keep importing from the package as before the split.

from .areas import (  # noqa: F401
    year_facts,
    city_year_figures,
    area_scope,
    area_allowed,
    _CASE_SUMS,
    _VICTIM_SUMS,
    _finish,
    area_figures,
)
from .cube import (  # noqa: F401
    Cube,
    cube,
    over_time,
    response_compliance,
    _org_names,
    compliance_by_unit,
    open_work,
    kelurahan_table,
    labelled,
    service_figures,
)
from .kpis import (  # noqa: F401
    KPI_ROLES,
    kpi_cities,
    _avg,
    _pct,
    _period_kpis,
    service_kpis,
    KPI_ROWS,
)
from .scope import (  # noqa: F401
    AGGREGATE_ROLES,
    case_aggregate_scope,
    dashboard_cities,
    Filters,
    fact_scope_q,
    month_start,
    month_end,
    add_months,
)
from .tables import (  # noqa: F401
    figure_table,
    dashboard_tables,
    area_tables,
    _year_facts,
    public_figures,
    cached_public_figures,
)
