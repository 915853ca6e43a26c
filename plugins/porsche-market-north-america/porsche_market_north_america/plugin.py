"""The North America market team's plugin: each market is one row of ``catalog.py``."""

from porsche_market_north_america.catalog import BASE_PRICES_EUR, MARKETS, PRIVACY_POLICY
from porsche_web.markets.table import MarketTable

plugin = MarketTable(MARKETS, base_prices=BASE_PRICES_EUR, privacy_policy=PRIVACY_POLICY)
