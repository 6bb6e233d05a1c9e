"""Demo-data generator: a realistic portfolio and its interval data (pure: numpy, no DB, no Qt).

    p = build_portfolio(accounts=2000, communities=3, months=13, seed=0)
    for month in p.months:
        data = generate_month(p, month)            # first delivery
        late = generate_month(p, month, version=2)  # corrections, or None

See resources/data/README.md for the real data used (BDEW load profiles, Swiss day-ahead
prices) and their licences.
"""

from billdesk.demo.generate import MonthData, generate_month, generate_months
from billdesk.demo.portfolio import DemoPortfolio, SiteModel, build_portfolio
from billdesk.demo.prices import EUR_CHF, PriceSeries

__all__ = ["DemoPortfolio", "MonthData", "PriceSeries", "SiteModel", "build_portfolio",
           "generate_month", "generate_months", "EUR_CHF"]
