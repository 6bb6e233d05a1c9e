import pytest

from billdesk.pdf.details import localize_detail


@pytest.mark.parametrize("detail,lang,expected", [
    ("2026-09", "de", "September 2026"),
    ("2026-09", "fr", "septembre 2026"),
    ("2026-09: 15/30 days", "de", "September 2026: 15/30 Tage"),
    ("2026-09 peak in high", "de", "Spitze September 2026 im Hochtarif"),
    ("2026-09 peak", "it", "picco settembre 2026"),
    ("2026-03 peak in high 12.345 kW x 10/31 days", "en",
     "peak March 2026 in high rate, 12.345 kW × 10/31 days"),
    ("local price", "fr", "prix de la communauté"),
    ("CH-DA average price", "de", "Durchschnittspreis CH-DA"),
    ("high", "de", "Hochtarif"),
    ("low", "fr", "heures creuses"),
    ("shoulder", "de", "shoulder"),
    (None, "de", ""),
])
def test_engine_details_in_the_invoice_language(detail, lang, expected):
    assert localize_detail(detail, lang) == expected
