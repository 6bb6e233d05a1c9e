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


DE.update({
    "#": "#", "ms": "ms", "Bill {id}": "Rechnung {id}",
    "Not exported yet (Export PDFs on the run)": "Noch nicht exportiert (PDFs beim Lauf exportieren)",
    "{n} of {t} bills (the latest 50,000)": "{n} von {t} Rechnungen (die neuesten 50'000)",
    "This is a bug; the details are in the log.": "Das ist ein Programmfehler; die Einzelheiten stehen im Protokoll.",
    "production {p:,.0f} kWh · allocated {l:,.0f} kWh ({s:.0%} used locally) · members' consumption {c:,.0f} kWh ({a:.0%} covered)":
        "Produktion {p:,.0f} kWh · zugeteilt {l:,.0f} kWh ({s:.0%} lokal genutzt) · Verbrauch der Mitglieder {c:,.0f} kWh ({a:.0%} gedeckt)",
    "<b>Import a file</b>: accounts, interval readings, tariffs, index prices or energy communities (formats in the manual).":
        "<b>Datei importieren</b>: Kunden, Lastgang-Messwerte, Tarife, Indexpreise oder Energiegemeinschaften (Formate im Handbuch).",
    "a file to import": "eine Datei zum Importieren",
    "Validate only (read and check everything, then roll back: nothing is written)":
        "Nur prüfen (alles lesen und prüfen, dann zurücksetzen: nichts wird geschrieben)",
    "An import runs in one transaction and stops at the first problem: fix the line named here and import the file again.":
        "Ein Import läuft in einer Transaktion und hält beim ersten Problem an: die genannte Zeile korrigieren und die Datei erneut importieren.",
    "JSON files (*.json)": "JSON-Dateien (*.json)", "CSV files (*.csv *.txt)": "CSV-Dateien (*.csv *.txt)",
    "All files (*)": "Alle Dateien (*)", "Reading {file}…": "{file} wird gelesen…",
    "<b>Valid.</b> {rows} row(s) checked, {changed} would change; nothing was written.":
        "<b>Gültig.</b> {rows} Zeile(n) geprüft, {changed} würden sich ändern; nichts wurde geschrieben.",
    "<b>Imported.</b> {rows} row(s), {changed} changed.": "<b>Importiert.</b> {rows} Zeile(n), {changed} geändert.",
    "billdesk {v}: bill runs for utilities and energy communities.":
        "billdesk {v}: Rechnungsläufe für Energieversorger und Energiegemeinschaften.",
    "The new database or language is used from the next start.":
        "Die neue Datenbank oder Sprache gilt ab dem nächsten Start.",
    "{n} bill run(s) are running in this window. Cancel them and quit? Each stops after its current batch and is left 'cancelled'.":
        "In diesem Fenster laufen {n} Rechnungsläufe. Abbrechen und beenden? Jeder hält nach dem laufenden Block an und bleibt 'abgebrochen'.",
    "How the run treats failures, existing bills and meter data of poor quality.":
        "Wie der Lauf mit Fehlern, bestehenden Rechnungen und Messdaten schlechter Qualität umgeht.",
    "Every account is tried; failed accounts are listed afterwards and can be rerun once fixed.":
        "Jeder Kunde wird versucht; fehlgeschlagene werden danach aufgelistet und können nach der Korrektur neu abgerechnet werden.",
    "The first failed account stops the run; no bill of a stopped strict run is ever issued.":
        "Der erste fehlgeschlagene Kunde stoppt den Lauf; keine Rechnung eines gestoppten strikten Laufs wird je ausgestellt.",
    "Bill accounts that have no bill for the period; an already billed account is skipped (ALREADY_BILLED).":
        "Kunden ohne Rechnung für die Periode abrechnen; bereits abgerechnete werden übersprungen (ALREADY_BILLED).",
    "Also, where an issued bill's inputs changed since (new meter data, tariff change), issue a credit note and a replacement invoice; unchanged accounts are skipped.":
        "Zusätzlich: wo sich die Grundlagen einer ausgestellten Rechnung seither geändert haben (neue Messdaten, Tarifänderung), eine Gutschrift und eine Ersatzrechnung ausstellen; unveränderte Kunden werden übersprungen.",
    "Every 15-minute value carries a flag: measured > substituted > estimated > missing. An account below these thresholds fails with DATA_QUALITY and the numbers that failed. The next step checks them for the whole target.":
        "Jeder Viertelstundenwert trägt ein Kennzeichen: gemessen > Ersatzwert > geschätzt > fehlend. Ein Kunde unter diesen Schwellen scheitert mit DATA_QUALITY und den verfehlten Zahlen. Der nächste Schritt prüft sie für das ganze Ziel.",
    "Which past period does the run bill? Periods are whole local days; the end date is exclusive.":
        "Welche vergangene Periode rechnet der Lauf ab? Perioden sind ganze lokale Tage; das Enddatum ist exklusiv.",
    "optional; default: period and target": "optional; Vorgabe: Periode und Ziel",
    "The end must be after the start.": "Das Ende muss nach dem Beginn liegen.",
    "Period: {a} to {b} (exclusive), {n} days": "Periode: {a} bis {b} (exklusiv), {n} Tage",
    "The thresholds evaluated for every account of the target, without billing: who would fail, and why.":
        "Die Schwellen für jeden Kunden des Ziels geprüft, ohne abzurechnen: wer scheitern würde, und warum.",
    "Check stopped; run it again to continue.": "Prüfung angehalten; erneut starten, um fortzufahren.",
    "<b>{p:,}</b> of {n:,} accounts pass, <b>{f:,}</b> would fail with DATA_QUALITY or missing meter data.":
        "<b>{p:,}</b> von {n:,} Kunden bestehen, <b>{f:,}</b> würden mit DATA_QUALITY oder fehlenden Messdaten scheitern.",
    "Creating the run freezes its configuration and account list.":
        "Das Erstellen des Laufs friert seine Konfiguration und Kundenliste ein.",
    "PDF export: %v / %m": "PDF-Export: %v / %m",
    "worst flag {q}, measured ≥ {s:.0%}, missing ≤ {m}": "schlechtestes Kennzeichen {q}, gemessen ≥ {s:.0%}, fehlend ≤ {m}",
    "{n} PDF(s) written to <a href='{url}'>{dir}</a>": "{n} PDF(s) geschrieben nach <a href='{url}'>{dir}</a>",
    "{n} failed: {first}": "{n} fehlgeschlagen: {first}", "export cancelled": "Export abgebrochen",
    "URL (no password):": "URL (ohne Passwort):", "stored in the system keyring": "im Schlüsselbund des Systems gespeichert",
    "The password is kept in the system keyring ({backend}), never in the settings file. Leave it empty to use the libpq files (~/.pgpass, PGPASSWORD, service files).":
        "Das Passwort liegt im Schlüsselbund des Systems ({backend}), nie in der Einstellungsdatei. Leer lassen, um die libpq-Dateien zu verwenden (~/.pgpass, PGPASSWORD, Service-Dateien).",
    "IBAN / QR-IBAN": "IBAN / QR-IBAN", "Loading from the database…": "Wird aus der Datenbank geladen…",
    "SQLite database": "SQLite-Datenbank", "SQLite (*.sqlite *.db)": "SQLite (*.sqlite *.db)",
    "Logo": "Logo", "Images (*.png *.jpg *.jpeg)": "Bilder (*.png *.jpg *.jpeg)",
    "PDF output folder": "PDF-Ausgabeordner", "Connected: {db}, schema {rev}": "Verbunden: {db}, Schema {rev}",
    "not created yet": "noch nicht erstellt",
    "Stored in the database (settings key 'company'); the PDF export and the command line use it too.":
        "In der Datenbank gespeichert (Einstellung 'company'); der PDF-Export und die Befehlszeile verwenden es auch.",
    "Which accounts does the run bill? The list is resolved and frozen when the run is created.":
        "Welche Kunden rechnet der Lauf ab? Die Liste wird beim Erstellen des Laufs bestimmt und eingefroren.",
    "Counting accounts…": "Kunden werden gezählt…",
    "{n} accounts are supplied in the period and have a tariff and a metering point.":
        "{n} Kunden werden in der Periode beliefert und haben einen Tarif und einen Messpunkt.",
    "{n} account(s) selected": "{n} Kunde(n) ausgewählt", "{code}: latest {n} prices": "{code}: neueste {n} Preise",
    "<h3>billdesk {v}</h3><p>Bill runs for energy utilities and energy communities.</p>":
        "<h3>billdesk {v}</h3><p>Rechnungsläufe für Energieversorger und Energiegemeinschaften.</p>",
    "<p>Database: {db}</p>": "<p>Datenbank: {db}</p>",
    "Bundled fonts and data, and their licences:": "Mitgelieferte Schriften und Daten und ihre Lizenzen:",
    "Cannot read {path}: {err}": "{path} kann nicht gelesen werden: {err}",
    "No bill runs yet: start one with New Bill Run… (Ctrl+N). Check Data Quality is its fourth step.":
        "Noch keine Rechnungsläufe: mit «Neuer Rechnungslauf…» (Ctrl+N) einen starten. Die Datenqualitätsprüfung ist sein vierter Schritt.",
})


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
