"""Figures. Every number is a sum over the maintained aggregates (`models.Fact`, kept by
`aggregates.py`), filtered on typed, indexed columns — never a scan of case rows per request.

The scope for counts: supervisors and data analysts count every case of their city (analysts
never see a row: no page or endpoint of theirs returns one); case managers count the cases of
their unit, PPT officers those of their kelurahan or registered by their post (`fact_scope_q`).
`case_aggregate_scope(user)` is the same scope on case rows, for the anonymised extract.

Periods are whole months: a dashboard period runs from the first day of the month of its start
to the last day of the month of its end (the aggregates count by month)."""

from .areas import (  # noqa: F401
    _CASE_SUMS,
    _VICTIM_SUMS,
    _finish,
    area_allowed,
    area_figures,
    area_scope,
    city_year_figures,
    year_facts,
)
from .cube import (  # noqa: F401
    Cube,
    _org_names,
    compliance_by_unit,
    cube,
    kelurahan_table,
    labelled,
    open_work,
    over_time,
    response_compliance,
    service_figures,
)
from .kpis import (  # noqa: F401
    KPI_ROLES,
    KPI_ROWS,
    _avg,
    _pct,
    _period_kpis,
    kpi_cities,
    service_kpis,
)
from .scope import (  # noqa: F401
    AGGREGATE_ROLES,
    DASHBOARD_ROLES,
    Filters,
    add_months,
    can_see_dashboard,
    case_aggregate_scope,
    dashboard_cities,
    fact_scope_q,
    month_end,
    month_start,
)
from .tables import (  # noqa: F401
    _year_facts,
    area_tables,
    cached_public_figures,
    dashboard_tables,
    figure_table,
    public_figures,
)
