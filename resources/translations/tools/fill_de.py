"""Fill German translations into billdesk_de.ts (run after pyside6-lupdate), then lrelease."""

import sys
import xml.etree.ElementTree as ET

DE = {
    "Bill Runs": "Rechnungsläufe", "Accounts": "Kunden", "Communities": "Gemeinschaften",
    "Bills": "Rechnungen", "Tariffs & Prices": "Tarife & Preise", "Import": "Import",
    "&File": "&Datei", "&New Bill Run…": "&Neuer Rechnungslauf…", "&Import": "&Importieren",
    "&Accounts…": "&Kunden…", "&Readings…": "&Messwerte…", "&Tariffs…": "&Tarife…",
    "&Prices…": "&Preise…", "&Communities…": "&Gemeinschaften…", "&Settings…": "&Einstellungen…",
    "&Quit": "&Beenden", "&View": "&Ansicht", "&Refresh": "&Aktualisieren", "&Run": "&Lauf",
    "&Start or resume": "&Starten oder fortsetzen", "&Cancel": "&Abbrechen",
    "Rerun &failed": "&Fehlgeschlagene neu abrechnen", "&Finalize": "Ab&schliessen",
    "&Export PDFs…": "PDFs &exportieren…", "&Help": "&Hilfe", "&About billdesk": "&Über billdesk",
    "About billdesk": "Über billdesk", "Loading…": "Wird geladen…",
    "{a} accounts · {r} runs · {b} bills": "{a} Kunden · {r} Läufe · {b} Rechnungen",
    "Select a bill run first.": "Zuerst einen Rechnungslauf auswählen.",
    "Run {id} created": "Lauf {id} erstellt", "Run {id} ended: {s}": "Lauf {id} beendet: {s}",
    "A bill run is running": "Ein Rechnungslauf ist aktiv",
    "Cancelling the run(s)…": "Lauf/Läufe werden abgebrochen…",
    "Settings": "Einstellungen", "Id": "Nr.", "Name": "Name", "Period": "Periode",
    "Target": "Ziel", "Mode": "Modus", "Billing mode": "Abrechnungsmodus", "Status": "Status",
    "Progress": "Fortschritt", "Succeeded": "Erfolgreich", "Failed": "Fehlgeschlagen",
    "Skipped": "Übersprungen", "Total amount": "Gesamtbetrag", "Created by": "Erstellt von",
    "Created": "Erstellt", "Duration": "Dauer", "Number": "Nummer", "Kind": "Art",
    "Account": "Kunde", "Total": "Total", "Currency": "Währung", "Run": "Lauf",
    "Issued": "Ausgestellt", "Line": "Position", "Quantity": "Menge", "Unit": "Einheit",
    "Unit price": "Einzelpreis", "Net amount": "Nettobetrag", "VAT %": "MWST %",
    "Result": "Ergebnis", "Measured": "Gemessen", "Substituted": "Ersatzwert",
    "Estimated": "Geschätzt", "Missing": "Fehlend", "Measured share": "Anteil gemessen",
    "Why it would fail": "Warum es scheitern würde", "passes": "besteht", "fails": "scheitert",
    "City": "Ort", "Language": "Sprache", "Groups": "Gruppen", "Tariff": "Tarif",
    "Supply start": "Lieferbeginn", "Supply end": "Lieferende",
    "Consumption point": "Verbrauchsmesspunkt", "Production point": "Produktionsmesspunkt",
    "Member from": "Mitglied ab", "Member to": "Mitglied bis", "Static share": "Fester Anteil",
    "Consumption kWh": "Verbrauch kWh", "Allocated kWh": "Zugeteilt kWh",
    "Share of production": "Anteil an Produktion", "Code": "Code", "Time zone": "Zeitzone",
    "Versions": "Versionen", "Latest valid from": "Neueste gültig ab",
    "Components": "Komponenten", "Series": "Reihe", "Prices": "Preise", "First": "Erster",
    "Last": "Letzter", "Mean price / kWh": "Mittlerer Preis / kWh", "File": "Datei",
    "Field": "Feld", "Problem": "Problem", "Error": "Fehler", "Message": "Meldung",
    "Amount": "Betrag", "Bill": "Rechnung", "Name ": "Name ",
    "draft": "Entwurf", "running": "läuft", "completed": "abgeschlossen",
    "completed with errors": "mit Fehlern abgeschlossen", "failed": "fehlgeschlagen",
    "cancelled": "abgebrochen", "interrupted": "unterbrochen", "finalized": "finalisiert",
    "pending": "ausstehend", "succeeded": "erfolgreich", "skipped": "übersprungen",
    "issued": "ausgestellt", "invoice": "Rechnung", "credit note": "Gutschrift",
    "strict": "strikt", "lenient": "tolerant", "create": "erstellen",
    "create and correct": "erstellen und korrigieren", "(draft)": "(Entwurf)",
    "New Bill Run…": "Neuer Rechnungslauf…", "Search name, target or creator":
    "Name, Ziel oder Ersteller suchen", "Status:": "Status:", "Period:": "Periode:",
    "Target:": "Ziel:", "All": "Alle", "all valid accounts": "alle gültigen Kunden",
    "accounts": "Kunden", "group": "Gruppe", "community": "Gemeinschaft",
    "{shown} of {total} runs": "{shown} von {total} Läufen", "Open": "Öffnen",
    "Start": "Starten", "Resume": "Fortsetzen", "Cancel run": "Lauf abbrechen",
    "Finalize (issue bills)": "Abschliessen (Rechnungen ausstellen)",
    "Rerun failed accounts": "Fehlgeschlagene Kunden neu abrechnen",
    "Export PDFs…": "PDFs exportieren…", "← Bill Runs": "← Rechnungsläufe",
    "Cancel": "Abbrechen", "Rerun failed": "Fehlgeschlagene neu", "Finalize": "Abschliessen",
    "Configuration": "Konfiguration", "Error handling": "Fehlerbehandlung",
    "Minimum data quality": "Minimale Datenqualität", "Rerun of": "Neuabrechnung von",
    "Started / finished": "Gestartet / beendet", "Search account or name":
    "Kunde oder Name suchen", "Open bill": "Rechnung öffnen",
    "Errors by code (click to filter):": "Fehler nach Code (Klick filtert):",
    "Data quality of the run": "Datenqualität des Laufs", "Bill amounts": "Rechnungsbeträge",
    "Bill run {id}": "Rechnungslauf {id}", "end exclusive": "Ende exklusiv",
    "no limit": "keine Grenze", "All attempts": "Alle Versuche",
    "{n} of {t} attempts shown": "{n} von {t} Versuchen angezeigt",
    "measuring throughput…": "Durchsatz wird gemessen…",
    "{r:,.0f} accounts/s · about {t} left": "{r:,.0f} Kunden/s · noch etwa {t}",
    "{s} succeeded · {f} failed · {k} skipped · {p} pending · total {a}":
    "{s} erfolgreich · {f} fehlgeschlagen · {k} übersprungen · {p} ausstehend · Total {a}",
    "Export PDFs to": "PDFs exportieren nach", "Preparing the invoices…":
    "Rechnungen werden vorbereitet…",
    "No issued bill to export: finalize the run first.":
    "Keine ausgestellte Rechnung: zuerst den Lauf abschliessen.",
    "Search account, name or city": "Kunde, Name oder Ort suchen", "Metering point:":
    "Messpunkt:", "Month:": "Monat:", "Bills:": "Rechnungen:", "Metering point": "Messpunkt",
    "Months": "Monate", "From": "Von", "To": "Bis",
    "Select an account to see its metering points, interval data and bills.":
    "Einen Kunden wählen, um Messpunkte, Lastgang und Rechnungen zu sehen.",
    "Drag a rectangle to zoom, right-click to zoom out. Colours show each value's quality flag.":
    "Rechteck ziehen zum Zoomen, Rechtsklick zum Verkleinern. Farben zeigen die Qualität jedes Werts.",
    "Energy communities:": "Energiegemeinschaften:", "Allocating…": "Wird zugeteilt…",
    "Allocation": "Zuteilung", "Local energy price": "Preis Lokalstrom", "Members": "Mitglieder",
    "Production points": "Produktionsmesspunkte", "Search number, account or name":
    "Nummer, Kunde oder Name suchen", "Kind:": "Art:", "Tariffs": "Tarife",
    "Index prices": "Indexpreise", "Components of the latest version:":
    "Komponenten der neuesten Version:", "Type": "Typ", "Pricing": "Preisart", "Label": "Text",
    "Open PDF": "PDF öffnen", "Net": "Netto", "VAT": "MWST", "Close": "Schliessen",
    "Billing period": "Abrechnungsperiode", "Last month": "Letzter Monat",
    "Last quarter": "Letztes Quartal", "Last year": "Letztes Jahr", "Custom": "Benutzerdefiniert",
    "to (exclusive)": "bis (exklusiv)", "Run name:": "Name des Laufs:",
    "All valid accounts": "Alle gültigen Kunden", "Customer group": "Kundengruppe",
    "Energy community": "Energiegemeinschaft", "Selected accounts": "Ausgewählte Kunden",
    "Options": "Optionen", "Lenient": "Tolerant", "Strict": "Strikt", "Create": "Erstellen",
    "Create and correct": "Erstellen und korrigieren", "estimated": "geschätzt",
    "substituted": "Ersatzwert", "measured only": "nur gemessen",
    "missing (accept everything)": "fehlend (alles akzeptieren)",
    "Worst accepted flag:": "Schlechteste akzeptierte Qualität:",
    "Minimum measured share:": "Minimaler Anteil gemessen:",
    "Maximum missing intervals:": "Maximal fehlende Intervalle:",
    "Check Data Quality": "Datenqualität prüfen", "Check again": "Erneut prüfen",
    "Stop": "Stopp", "Only accounts that would fail": "Nur Kunden, die scheitern würden",
    "Checking…": "Wird geprüft…", "Review and start": "Prüfen und starten",
    "Start the run right away": "Lauf sofort starten", "Creating the run…":
    "Lauf wird erstellt…", "New Bill Run": "Neuer Rechnungslauf", "Create run": "Lauf erstellen",
    "days": "Tage", "measured": "gemessen", "missing": "fehlend",
    "Would fail on data quality": "Würden an der Datenqualität scheitern",
    "File type:": "Dateityp:", "File:": "Datei:", "Browse…": "Durchsuchen…",
    "Validate": "Prüfen", "Validation report:": "Prüfbericht:", "Not imported.":
    "Nicht importiert.", "Nothing was written.": "Es wurde nichts geschrieben.",
    "Accounts (CSV)": "Kunden (CSV)", "Interval readings (CSV)": "Lastgangwerte (CSV)",
    "Tariffs (JSON)": "Tarife (JSON)", "Index prices (CSV)": "Indexpreise (CSV)",
    "Energy communities (JSON)": "Energiegemeinschaften (JSON)", "Database": "Datenbank",
    "Company": "Firma", "General": "Allgemein", "Test connection": "Verbindung testen",
    "Password:": "Passwort:", "Street": "Strasse", "Postcode": "PLZ", "Country": "Land",
    "VAT number": "MWST-Nummer", "E-mail": "E-Mail", "Phone": "Telefon", "Website": "Website",
    "Logo (PNG/JPEG)": "Logo (PNG/JPEG)", "Language:": "Sprache:",
    "System language": "Systemsprache", "PDF output folder:": "PDF-Ausgabeordner:",
    "SQLite file on this computer": "SQLite-Datei auf diesem Computer",
    "PostgreSQL server (shared)": "PostgreSQL-Server (gemeinsam)",
    "Connecting…": "Verbindung wird hergestellt…",
    "Opening the database…": "Datenbank wird geöffnet…",
    "Creating the demo database…": "Demo-Datenbank wird erstellt…",
    "Cannot open the database:": "Die Datenbank kann nicht geöffnet werden:",
    "Cannot do that": "Nicht möglich", "Unexpected error": "Unerwarteter Fehler",
    "Data quality mix (intervals)": "Datenqualität (Intervalle)", "% of intervals":
    "% der Intervalle", "Amount distribution": "Verteilung der Beträge", "bills": "Rechnungen",
    "kWh per 15 min": "kWh pro 15 min", "kWh per hour": "kWh pro Stunde",
    "consumption": "Verbrauch", "production": "Produktion",
    "allocated locally": "lokal zugeteilt", "price per kWh": "Preis pro kWh",
    "Failures by error code": "Fehler nach Code", "Supplied": "Beliefert",
    "Ms": "ms",
}


def main(path: str) -> None:
    tree = ET.parse(path)
    root = tree.getroot()
    root.set("language", "de_DE")
    n = done = 0
    for msg in root.iter("message"):
        n += 1
        src = msg.findtext("source")
        tr = msg.find("translation")
        if src in DE:
            tr.text = DE[src]
            tr.attrib.pop("type", None)
            done += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    print(f"{done} of {n} messages translated")


if __name__ == "__main__":
    main(sys.argv[1])
