"""Texts of the invoice in de, fr, it, en and Babel formatting for the Swiss locales.

Amounts are formatted with the locale's own pattern (de-CH: ``1’234.50``, fr-CH: ``1 234,50``
with a narrow no-break space). Everything is cached per language: formatting runs thousands of
times per batch.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import parse_pattern

LANGUAGES = ("de", "fr", "it", "en")
LOCALES = {"de": "de_CH", "fr": "fr_CH", "it": "it_CH", "en": "en_CH"}

# key -> (de, fr, it, en)
_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "invoice": ("Rechnung", "Facture", "Fattura", "Invoice"),
    "credit_note": ("Gutschrift", "Note de crédit", "Nota di credito", "Credit note"),
    "self_billing": ("Gutschrift (Selbstfakturierung)", "Note de crédit (autofacturation)",
                     "Nota di credito (autofatturazione)", "Self-billing credit note"),
    "production_statement": ("Abrechnung Ihrer Produktion", "Décompte de votre production",
                             "Conteggio della vostra produzione",
                             "Statement of your production"),
    "self_billing_terms": ("Gutschrift im Gutschriftsverfahren (Selbstfakturierung) für den "
                           "Strom, den die Gemeinschaft von Ihnen bezogen hat. Der Betrag wird "
                           "Ihnen überwiesen.",
                           "Note de crédit en autofacturation pour l’électricité que la "
                           "communauté vous a achetée. Le montant vous sera versé.",
                           "Nota di credito in autofatturazione per l’energia che la comunità "
                           "vi ha acquistato. L’importo vi sarà versato.",
                           "Self-billing credit note for the electricity the community bought "
                           "from you. The amount will be paid to you."),
    "production": ("Ihre Produktion", "Votre production", "La vostra produzione",
                   "Your production"),
    "sold_kwh": ("an Mitglieder verkauft", "vendu aux membres", "venduto ai membri",
                 "sold to members"),
    "surplus_kwh": ("Überschuss ins Netz", "Surplus injecté", "Eccedenza immessa",
                    "Surplus fed in"),
    "self_sufficiency": ("Eigenversorgungsgrad", "Taux d’autoapprovisionnement",
                         "Grado di autoapprovvigionamento", "Self-sufficiency"),
    "saving": ("Ersparnis ggü. Standardprodukt", "Économie vs produit standard",
               "Risparmio vs prodotto standard", "Saving vs standard product"),
    "replacement": ("Ersatzrechnung", "Facture de remplacement", "Fattura sostitutiva",
                    "Replacement invoice"),
    "electricity_bill": ("Stromrechnung", "Facture d’électricité", "Fattura dell’elettricità",
                         "Electricity bill"),
    "number": ("Rechnungsnummer", "Numéro de facture", "Numero fattura", "Invoice number"),
    "credit_number": ("Gutschriftsnummer", "N° de note de crédit", "N. nota di credito",
                      "Credit note number"),
    "issue_date": ("Rechnungsdatum", "Date de facturation", "Data della fattura", "Invoice date"),
    "due_date": ("Zahlbar bis", "Payable jusqu’au", "Pagabile entro", "Due date"),
    "period": ("Abrechnungsperiode", "Période de facturation", "Periodo di fatturazione",
               "Billing period"),
    "account": ("Kundennummer", "Numéro de client", "Numero cliente", "Account"),
    "metering_point": ("Messpunkt", "Point de mesure", "Punto di misurazione", "Metering point"),
    "tariff": ("Tarif", "Tarif", "Tariffa", "Tariff"),
    "vat_number": ("MWST-Nr.", "N° TVA", "N. IVA", "VAT no."),
    # a seller not registered for VAT: its registration identifier (the Swiss UID by scheme
    # 0183, another register's number otherwise) and the line instead of the VAT total
    "uid": ("UID", "IDE", "IDI", "UID"),
    "registration_id": ("Reg.-Nr.", "N° d’enregistrement", "N. di registro", "Reg. no."),
    "not_subject_vat": ("Nicht mehrwertsteuerpflichtig", "Non assujetti à la TVA",
                        "Non soggetto all’IVA", "Not subject to VAT"),
    "corrects": ("Korrektur zu Rechnung", "Correction de la facture", "Correzione della fattura",
                 "Corrects invoice"),
    "cancels_text": ("Diese Gutschrift storniert die Rechnung {number}.",
                     "Cette note de crédit annule la facture {number}.",
                     "Questa nota di credito annulla la fattura {number}.",
                     "This credit note cancels invoice {number}."),
    "replaces_text": ("Diese Rechnung ersetzt die Rechnung {number}.",
                      "Cette facture remplace la facture {number}.",
                      "Questa fattura sostituisce la fattura {number}.",
                      "This invoice replaces invoice {number}."),
    "description": ("Bezeichnung", "Désignation", "Descrizione", "Description"),
    "quantity": ("Menge", "Quantité", "Quantità", "Quantity"),
    "unit": ("Einheit", "Unité", "Unità", "Unit"),
    "unit_price": ("Preis", "Prix", "Prezzo", "Unit price"),
    "vat_pct": ("MWST", "TVA", "IVA", "VAT"),
    "amount": ("Betrag", "Montant", "Importo", "Amount"),
    "group_energy": ("Energie", "Énergie", "Energia", "Energy"),
    "group_grid": ("Netznutzung", "Utilisation du réseau", "Utilizzazione della rete",
                   "Grid usage"),
    "group_power": ("Leistung", "Puissance", "Potenza", "Power charge"),
    "group_levy": ("Abgaben und Gebühren", "Taxes et redevances", "Tributi e tasse",
                   "Levies and charges"),
    "group_base_fee": ("Grundgebühr", "Taxe de base", "Tassa di base", "Base fee"),
    "group_community_energy": ("Lokaler Strom (LEG/ZEV)", "Électricité locale (CEL/RCP)",
                               "Energia locale (CEL/RCP)", "Community local energy"),
    "group_grid_discount": ("Netznutzungsrabatt LEG", "Rabais d’utilisation du réseau CEL",
                            "Sconto sull’utilizzazione della rete CEL", "LEG grid-usage discount"),
    "group_feed_in": ("Rückliefervergütung", "Rétribution de l’injection",
                      "Rimunerazione dell’immissione", "Feed-in credit"),
    "group_other": ("Übrige", "Autres", "Altro", "Other"),
    "net_total": ("Total exkl. MWST", "Total hors TVA", "Totale IVA esclusa", "Total excl. VAT"),
    "vat_line": ("MWST {rate} % auf {base}", "TVA {rate} % sur {base}", "IVA {rate} % su {base}",
                 "VAT {rate} % on {base}"),
    "vat_credit_line": ("MWST {rate} % auf Rücklieferung {base}",
                        "TVA {rate} % sur l’injection {base}",
                        "IVA {rate} % sull’immissione {base}", "VAT {rate} % on feed-in {base}"),
    "rounding": ("Rundung", "Arrondi", "Arrotondamento", "Rounding"),
    "total": ("Total", "Total", "Totale", "Total"),
    "total_credit": ("Gutschrift zu Ihren Gunsten", "Montant en votre faveur",
                     "Importo a vostro favore", "Amount credited to you"),
    "consumption": ("Ihr Verbrauch", "Votre consommation", "Il vostro consumo",
                    "Your consumption"),
    "consumption_kwh": ("Verbrauch", "Consommation", "Consumo", "Consumption"),
    "local_kwh": ("davon lokal (Gemeinschaft)", "dont local (communauté)",
                  "di cui locale (comunità)", "of which local (community)"),
    "grid_kwh": ("davon aus dem Netz", "dont du réseau", "di cui dalla rete", "of which from grid"),
    "export_kwh": ("Einspeisung", "Injection", "Immissione", "Feed-in"),
    "daily_kwh": ("kWh pro Tag", "kWh par jour", "kWh al giorno", "kWh per day"),
    "quality_ok": ("Datenqualität: alle {total} Viertelstundenwerte gemessen.",
                   "Qualité des données : les {total} valeurs quart-horaires sont mesurées.",
                   "Qualità dei dati: tutti i {total} valori quartorari sono misurati.",
                   "Data quality: all {total} 15-minute values measured."),
    "quality_mixed": ("Datenqualität: {measured} von {total} Viertelstundenwerten gemessen, "
                      "{substituted} ersetzt, {estimated} geschätzt, {missing} fehlend.",
                      "Qualité des données : {measured} des {total} valeurs quart-horaires "
                      "mesurées, {substituted} remplacées, {estimated} estimées, "
                      "{missing} manquantes.",
                      "Qualità dei dati: {measured} di {total} valori quartorari misurati, "
                      "{substituted} sostituiti, {estimated} stimati, {missing} mancanti.",
                      "Data quality: {measured} of {total} 15-minute values measured, "
                      "{substituted} substituted, {estimated} estimated, {missing} missing."),
    "quality_none": ("Datenqualität: keine Messwerte.", "Qualité des données : aucune valeur.",
                     "Qualità dei dati: nessun valore.", "Data quality: no metered values."),
    "payment_terms": ("Bitte bezahlen Sie den Betrag bis {date} mit dem QR-Zahlteil.",
                      "Veuillez payer le montant d’ici au {date} avec la section paiement QR.",
                      "Vogliate pagare l’importo entro il {date} con la sezione pagamento QR.",
                      "Please pay the amount by {date} using the QR payment part."),
    "payment_terms_noqr": ("Bitte bezahlen Sie den Betrag bis {date}.",
                           "Veuillez payer le montant d’ici au {date}.",
                           "Vogliate pagare l’importo entro il {date}.",
                           "Please pay the amount by {date}."),
    "credit_terms": ("Der Betrag wird Ihnen gutgeschrieben oder mit der nächsten Rechnung "
                     "verrechnet.",
                     "Le montant vous sera remboursé ou déduit de la prochaine facture.",
                     "L’importo vi sarà rimborsato o dedotto dalla prossima fattura.",
                     "The amount will be refunded or deducted from your next invoice."),
    "nothing_due": ("Kein Betrag zu bezahlen.", "Aucun montant à payer.",
                    "Nessun importo da pagare.", "Nothing to pay."),
    "page": ("Seite {page} von {pages}", "Page {page} sur {pages}", "Pagina {page} di {pages}",
             "Page {page} of {pages}"),
    "continued": ("Fortsetzung", "Suite", "Continuazione", "Continued"),
    "days": ("Tage", "jours", "giorni", "days"),
    "einvoice_note": ("Diese Rechnung enthält eine Factur-X/ZUGFeRD-Datei (EN 16931).",
                      "Cette facture contient un fichier Factur-X/ZUGFeRD (EN 16931).",
                      "Questa fattura contiene un file Factur-X/ZUGFeRD (EN 16931).",
                      "This invoice contains a Factur-X/ZUGFeRD file (EN 16931)."),
}

_UNITS: dict[str, tuple[str, str, str, str]] = {
    "kWh": ("kWh", "kWh", "kWh", "kWh"),
    "kW": ("kW", "kW", "kW", "kW"),
    "month": ("Mt.", "mois", "mese", "month"),
    "day": ("Tag", "jour", "giorno", "day"),
}

_IDX = {lang: i for i, lang in enumerate(LANGUAGES)}


def check_language(language: str) -> str:
    if language not in _IDX:
        raise ValueError(f"unsupported invoice language {language!r}; expected one of "
                         f"{', '.join(LANGUAGES)}")
    return language


def text(key: str, language: str, **kwargs) -> str:
    s = _TEXTS[key][_IDX[language]]
    return s.format(**kwargs) if kwargs else s


def unit_text(unit: str, language: str) -> str:
    row = _UNITS.get(unit)
    return row[_IDX[language]] if row else unit


@lru_cache(maxsize=None)
def babel_locale(language: str) -> Locale:
    return Locale.parse(LOCALES[language])


@lru_cache(maxsize=64)
def _pattern(pattern: str):
    """Babel's parsed number pattern (``format_decimal`` parses it on every call)."""
    return parse_pattern(pattern)


def _fmt_decimal(value: Decimal, pattern: str, language: str) -> str:
    """``format_decimal(value, format=pattern, locale=...)`` with the pattern parsed once."""
    return _pattern(pattern).apply(value, babel_locale(language), decimal_quantization=True,
                                   group_separator=True, numbering_system="latn")


def fmt_amount(value: Decimal, language: str) -> str:
    """An amount with two decimals and the locale's grouping, without currency."""
    return _fmt_decimal(value, "#,##0.00", language)


def fmt_money(value: Decimal, currency: str, language: str) -> str:
    """``CHF 1’234.50`` (de/it/en-CH) or ``1 234,50 CHF`` (fr-CH), as Babel formats it."""
    from babel.numbers import format_currency

    return format_currency(value, currency, locale=babel_locale(language))


def fmt_number(value: Decimal, language: str, min_decimals: int = 0, max_decimals: int = 3) -> str:
    pattern = "#,##0." + "0" * min_decimals + "#" * (max_decimals - min_decimals)
    if max_decimals == 0:
        pattern = "#,##0"
    return _fmt_decimal(value, pattern, language)


def fmt_price(value: Decimal, language: str, unit: str = "") -> str:
    """Energy prices per kWh with 4 decimals (0.0940), others with 2 to 4 (12.50)."""
    if unit == "kWh":
        return fmt_number(value, language, 4, 4)
    return fmt_number(value, language, 2, 4)


def fmt_rate(value: Decimal, language: str) -> str:
    return fmt_number(value, language, 0, 2)


@lru_cache(maxsize=4096)
def fmt_date(value: date, language: str) -> str:
    """dd.MM.yyyy in every Swiss locale (Babel's ``dd.MM.y`` pattern), cached."""
    return format_date(value, "dd.MM.y", locale=babel_locale(language))


def fmt_short_date(value: date, language: str) -> str:
    return format_date(value, "d.M.", locale=babel_locale(language))
