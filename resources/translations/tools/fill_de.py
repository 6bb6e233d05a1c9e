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


# issue 14 (and the dispatch strings of issue 15 that had none)
DE.update({
    " per minute": " pro Minute",
    " — formatted for the customer's language. Clear a field to go back to the default.":
        " — in der Sprache des Kunden formatiert. Ein Feld leeren, um zur Vorgabe zurückzukehren.",
    "%v / %m sent": "%v / %m gesendet", "&Cancel…": "&Abbrechen…",
    "&Export table…": "Tabelle &exportieren…", "&Finalize…": "Ab&schliessen…",
    "&Keyboard shortcuts": "&Tastenkürzel", "&Manual": "&Handbuch",
    "(fixed once the database holds data)": "(fest, sobald die Datenbank Daten enthält)",
    "(none)": "(keine)", "({shown} shown)": "({shown} angezeigt)",
    "({why}): {n} of {t} written to {dir}": "({why}): {n} von {t} geschrieben nach {dir}",
    "<b>{p}</b> of {n} accounts pass, <b>{f}</b> would fail with DATA_QUALITY or missing meter data.":
        "<b>{p}</b> von {n} Kunden bestehen, <b>{f}</b> würden mit DATA_QUALITY oder fehlenden Messdaten scheitern.",
    "A PDF export is running ({n} of {t}, in another window or process).":
        "Ein PDF-Export läuft ({n} von {t}, in einem anderen Fenster oder Prozess).",
    "A bill deviating from the account's previous bill by more than this factor (up or down) fails with IMPLAUSIBLE_AMOUNT instead of being issued":
        "Eine Rechnung, die um mehr als diesen Faktor (nach oben oder unten) von der vorherigen Rechnung des Kunden abweicht, scheitert mit IMPLAUSIBLE_AMOUNT, statt ausgestellt zu werden",
    "A bill run stops after its current batch and is left 'cancelled'; an export stops after the invoices being written and can be resumed; sending stops after the current message (the rest stays queued). Nothing is lost or billed twice.":
        "Ein Rechnungslauf hält nach dem laufenden Stapel an und bleibt «abgebrochen»; ein Export hält nach den Rechnungen in Arbeit an und kann fortgesetzt werden; der Versand hält nach der laufenden Nachricht an (der Rest bleibt in der Warteschlange). Nichts geht verloren, nichts wird doppelt verrechnet.",
    "A credit note of {total} is issued now with the next credit-note number and the invoice becomes 'cancelled'. An issued document never changes: this cannot be undone.":
        "Eine Gutschrift über {total} wird jetzt mit der nächsten Gutschriftsnummer ausgestellt, und die Rechnung wird «storniert». Ein ausgestelltes Dokument ändert sich nie: das lässt sich nicht rückgängig machen.",
    "A new draft run over the {n} failed account(s) of run {id}, same period and target. Its data-quality thresholds can differ from the run's, e.g. to accept substituted values that made accounts fail.":
        "Ein neuer Entwurfslauf über die {n} fehlgeschlagenen Kunden von Lauf {id}, gleiche Periode und gleiches Ziel. Seine Datenqualitätsschwellen können von denen des Laufs abweichen, z. B. um Ersatzwerte zu akzeptieren, an denen Kunden gescheitert sind.",
    "A password is stored in the system keyring ({b}); type a new one to replace it.":
        "Ein Passwort ist im Schlüsselbund des Systems gespeichert ({b}); ein neues eingeben, um es zu ersetzen.",
    "A run cannot start while another active run holds the same account and month: finalize or cancel that run first, or the new run fails to start.":
        "Ein Lauf kann nicht starten, solange ein anderer aktiver Lauf denselben Kunden und Monat hält: diesen Lauf zuerst abschliessen oder abbrechen, sonst startet der neue Lauf nicht.",
    "A strict run stops at its first failed account, and no bill of a stopped strict run can ever be issued. A lenient run bills the others and lists the failures.":
        "Ein strikter Lauf hält beim ersten fehlgeschlagenen Kunden an, und keine Rechnung eines angehaltenen strikten Laufs kann je ausgestellt werden. Ein toleranter Lauf rechnet die anderen ab und listet die Fehler auf.",
    "Accounts without e-mail…": "Kunden ohne E-Mail…", "Action": "Aktion",
    "All documents…": "Alle Dokumente…", "Attempts": "Abrechnungsversuche",
    "Bounce messages or CSV (*.eml *.mbox *.csv *.txt);;All files (*)":
        "Rückläufer oder CSV (*.eml *.mbox *.csv *.txt);;Alle Dateien (*)",
    "CSV (*.csv)": "CSV (*.csv)", "Cancel bill": "Rechnung stornieren",
    "Cancel bill run {id}?": "Rechnungslauf {id} abbrechen?",
    "Cancel bill…": "Rechnung stornieren…",
    "Cancel invoice {number} of {customer} over {total}?":
        "Rechnung {number} von {customer} über {total} stornieren?",
    "Cancel run…": "Lauf abbrechen…", "Cancel the run": "Lauf abbrechen",
    "Cancelled by": "Storniert durch", "Cancel…": "Abbrechen…",
    "Checking for other runs over these accounts…": "Andere Läufe über diese Kunden werden gesucht…",
    "Components of the version:": "Komponenten der Version:",
    "Components of {code}, valid from {d}:": "Komponenten von {code}, gültig ab {d}:",
    "Conflict with another run": "Konflikt mit einem anderen Lauf",
    "Context menu of a table (export, run actions)": "Kontextmenü einer Tabelle (Export, Laufaktionen)",
    "Corrects": "Korrigiert", "Create it anyway": "Trotzdem erstellen",
    "Create the rerun": "Neuen Lauf erstellen", "Create the strict run": "Strikten Lauf erstellen",
    "Credit note": "Gutschrift", "Credit note of the same correction": "Gutschrift derselben Korrektur",
    "Customer": "Kunde", "Days": "Tage", "Delivery": "Zustellung", "Delivery:": "Zustellung:",
    "Document:": "Dokument:", "Draft {what} (id {id})": "Entwurf: {what} (Nr. {id})",
    "E-mail texts": "E-Mail-Texte", "English": "Englisch",
    "Enter / double-click": "Enter / Doppelklick",
    "Every 15-minute value carries a flag: measured > substituted > estimated > missing. An account below these thresholds fails with DATA_QUALITY and the numbers that failed; a bill deviating from the account's previous one by more than the factor fails with IMPLAUSIBLE_AMOUNT. The next step checks the thresholds for the whole target. The values are remembered for the next run.":
        "Jeder 15-Minuten-Wert trägt ein Kennzeichen: gemessen > Ersatzwert > geschätzt > fehlend. Ein Kunde unter diesen Schwellen scheitert mit DATA_QUALITY und den Zahlen, die nicht genügten; eine Rechnung, die um mehr als den Faktor von der vorherigen abweicht, scheitert mit IMPLAUSIBLE_AMOUNT. Der nächste Schritt prüft die Schwellen für das ganze Ziel. Die Werte werden für den nächsten Lauf gemerkt.",
    "Export table…": "Tabelle exportieren…",
    "Finalize (issue bills)…": "Abschliessen (Rechnungen ausstellen)…",
    "Finalize run": "Lauf abschliessen",
    "Finalize the run to send its invoices: drafts have no number and no PDF.":
        "Den Lauf abschliessen, um seine Rechnungen zu versenden: Entwürfe haben keine Nummer und kein PDF.",
    "Finalize…": "Abschliessen…", "French": "Französisch", "German": "Deutsch",
    "Implausible amount factor": "Faktor für unplausible Beträge",
    "Implausible amount factor:": "Faktor für unplausible Beträge:",
    "Implicit TLS (port 465)": "Implizites TLS (Port 465)", "Import bounces": "Rückläufer importieren",
    "Import bounces…": "Rückläufer importieren…", "Invoice": "Rechnung",
    "Issue a credit note that cancels this invoice": "Eine Gutschrift ausstellen, die diese Rechnung storniert",
    "Issue the credit note": "Gutschrift ausstellen", "Issue {n} bills": "{n} Rechnungen ausstellen",
    "Issue {n} bills of run {id} ({kinds}), total {total}?":
        "{n} Rechnungen von Lauf {id} ausstellen ({kinds}), Total {total}?",
    "Issued bills get their numbers now and can never be changed or deleted; a mistake needs a credit note.":
        "Ausgestellte Rechnungen erhalten jetzt ihre Nummern und können nie mehr geändert oder gelöscht werden; ein Fehler braucht eine Gutschrift.",
    "It stops after the batch being billed and is left 'cancelled'. Its draft bills are never issued; the accounts can be billed in a new run.":
        "Er hält nach dem laufenden Stapel an und bleibt «abgebrochen». Seine Entwürfe werden nie ausgestellt; die Kunden können in einem neuen Lauf abgerechnet werden.",
    "It will not start until those runs are finalized or cancelled.":
        "Er startet erst, wenn diese Läufe abgeschlossen oder abgebrochen sind.",
    "Italian": "Italienisch", "Keyboard shortcuts": "Tastenkürzel", "Keys": "Tasten",
    "Labels by language": "Bezeichnungen nach Sprache", "Lines": "Positionen",
    "Message-ID": "Message-ID",
    "Minimum data quality and plausibility": "Mindestdatenqualität und Plausibilität",
    "Monday–Friday": "Montag–Freitag", "Name:": "Name:",
    "Next / previous field": "Nächstes / vorheriges Feld",
    "No other active or draft run holds these accounts for this period.":
        "Kein anderer aktiver oder Entwurfslauf hält diese Kunden für diese Periode.",
    "None – local relay only": "Keine – nur lokales Relay",
    "Not allowed: {why}": "Nicht erlaubt: {why}",
    "Nothing is lost: the window closes and opens again.":
        "Nichts geht verloren: das Fenster schliesst und öffnet sich wieder.",
    "Nothing to send: every document with an e-mail address was sent (use Resend selected to send one again).":
        "Nichts zu senden: jedes Dokument mit E-Mail-Adresse wurde gesendet («Ausgewählte erneut senden», um eines nochmals zu senden).",
    "Open the selected run or bill": "Ausgewählten Lauf oder Rechnung öffnen",
    "PDF (*.pdf)": "PDF (*.pdf)", "PDF export incomplete": "PDF-Export unvollständig",
    "PDFs: {n} written to {dir}": "PDFs: {n} geschrieben nach {dir}",
    "Period: {a} to {b}, {n} days": "Periode: {a} bis {b}, {n} Tage",
    "Placeholders: ": "Platzhalter: ", "Port:": "Port:",
    "Preparing the messages…": "Nachrichten werden vorbereitet…", "Price": "Preis",
    "Print batch": "Druckstapel", "Print batch…": "Druckstapel…", "Rate limit:": "Sendelimite:",
    "Parallel connections:": "Parallele Verbindungen:",
    "Connections used in parallel for a batch (1-4). More than one is faster when the server "
    "allows that many at once; the rate limit is shared.":
        "Gleichzeitig genutzte Verbindungen für einen Stapel (1–4). Mehr als eine ist schneller, "
        "wenn der Server so viele gleichzeitig zulässt; die Sendelimite gilt für alle zusammen.",
    "Re&port…": "&Bericht…", "Reason": "Grund", "Recipient": "Empfänger", "Reopen": "Neu öffnen",
    "Reopen the window now with the new database or language?":
        "Das Fenster jetzt mit der neuen Datenbank oder Sprache neu öffnen?",
    "Replaced by": "Ersetzt durch", "Replacement invoice": "Ersatzrechnung", "Reply-To:": "Antwort an:",
    "Report (PDF/CSV)…": "Bericht (PDF/CSV)…", "Report written to {file}": "Bericht geschrieben: {file}",
    "Report…": "Bericht…", "Rerun &failed…": "&Fehlgeschlagene neu abrechnen…",
    "Rerun failed accounts…": "Fehlgeschlagene Kunden neu abrechnen…",
    "Rerun failed…": "Fehlgeschlagene neu…", "Resend": "Erneut senden",
    "Resend selected": "Ausgewählte erneut senden", "Resume export": "Export fortsetzen",
    "Right-click / Menu key": "Rechtsklick / Menütaste", "Run report": "Laufbericht",
    "Run {id} is {status}: only completed runs can be finalized.":
        "Lauf {id} ist {status}: nur abgeschlossene Läufe können abgeschlossen und ausgestellt werden.",
    "SMTP server:": "SMTP-Server:", "STARTTLS (port 587)": "STARTTLS (Port 587)",
    "Saturday": "Samstag", "Save as template": "Als Vorlage speichern",
    "Save as template…": "Als Vorlage speichern…",
    "Search account, name, address, postcode or e-mail": "Kunde, Name, Adresse, PLZ oder E-Mail suchen",
    "Search number, account, name or address": "Nummer, Kunde, Name oder Adresse suchen",
    "Security:": "Sicherheit:", "Self-billing credit note": "Gutschrift im Gutschriftsverfahren",
    "Send by e-mail…": "Per E-Mail senden…", "Send invoices": "Rechnungen senden",
    "Send {number} again by e-mail?": "{number} nochmals per E-Mail senden?",
    "Send {n} documents again by e-mail?": "{n} Dokumente nochmals per E-Mail senden?",
    "Send {n} invoices by e-mail?": "{n} Rechnungen per E-Mail senden?",
    "Sender (From):": "Absender (From):", "Sent / bounced": "Gesendet / zurückgewiesen",
    "Start from a template:": "Mit einer Vorlage beginnen:", "Stop and quit": "Anhalten und beenden",
    "Stop export": "Export anhalten", "Stop sending": "Versand anhalten",
    "Stopping after the current message…": "Wird nach der laufenden Nachricht angehalten…",
    "Stopping after the invoices being written…": "Wird nach den Rechnungen in Arbeit angehalten…",
    "Stopping…": "Wird angehalten…",
    "Stored in the system keyring ({b}), never in the settings.":
        "Im Schlüsselbund des Systems gespeichert ({b}), nie in den Einstellungen.",
    "Strict run": "Strikter Lauf", "Subject:": "Betreff:", "Sunday": "Sonntag",
    "Template name:": "Name der Vorlage:", "Template “{name}” saved.": "Vorlage «{name}» gespeichert.",
    "The last day must not be before the first.": "Der letzte Tag darf nicht vor dem ersten liegen.",
    "The new database or language applies when this window is reopened; {what} is still going on. Close the window once it has finished, or choose Settings ▸ Save again then.":
        "Die neue Datenbank oder Sprache gilt, wenn dieses Fenster neu geöffnet wird; {what} läuft noch. Das Fenster schliessen, sobald es fertig ist, oder dann nochmals Einstellungen ▸ Speichern wählen.",
    "The password comes from BILLDESK_SMTP_PASSWORD.": "Das Passwort kommt aus BILLDESK_SMTP_PASSWORD.",
    "The quality check predicts that {n} account(s) fail. Create a strict run anyway?":
        "Die Qualitätsprüfung sagt voraus, dass {n} Kunden scheitern. Trotzdem einen strikten Lauf erstellen?",
    "The run is left 'cancelled': it cannot be started, resumed or finalized any more, and its draft bills are never issued.":
        "Der Lauf bleibt «abgebrochen»: er kann nicht mehr gestartet, fortgesetzt oder abgeschlossen werden, und seine Entwürfe werden nie ausgestellt.",
    "This page has no table to export.": "Diese Seite hat keine Tabelle zum Exportieren.",
    "Time zone:": "Zeitzone:", "Time-of-use schedule of the version:": "Zeitfenster (Hoch-/Niedertarif) der Version:",
    "Times in {zone}": "Zeiten in {zone}", "Tries": "Versuche", "User:": "Benutzer:",
    "Valid from": "Gültig ab", "Valid until": "Gültig bis", "Versions (all):": "Versionen (alle):",
    "Which past period does the run bill? Periods are whole local days, the first and the last day included.":
        "Welche vergangene Periode rechnet der Lauf ab? Perioden sind ganze lokale Tage, erster und letzter Tag eingeschlossen.",
    "Why is {number} cancelled? (printed on the credit note's record)":
        "Warum wird {number} storniert? (wird bei der Gutschrift festgehalten)",
    "Without e-mail and undelivered e-mails…": "Ohne E-Mail und nicht zugestellte E-Mails…",
    "Work in progress": "Arbeit läuft",
    "Write the {n} PDFs export {id} has not written yet to {dir}?":
        "Die {n} PDFs, die Export {id} noch nicht geschrieben hat, nach {dir} schreiben?",
    "Writing the print batch…": "Druckstapel wird geschrieben…", "a PDF export": "ein PDF-Export",
    "a print batch": "ein Druckstapel", "a run report": "ein Laufbericht",
    "a table export": "ein Tabellenexport", "an import": "ein Import",
    "any other time": "übrige Zeit", "are": "laufen", "base fee": "Grundgebühr",
    "billdesk manual": "billdesk-Handbuch", "billing time of the account": "Abrechnungszeit des Kunden",
    "bounced": "zurückgewiesen", "community energy": "Gemeinschaftsenergie", "complete": "vollständig",
    "default": "Vorgabe", "delivered by the grid operator": "vom Netzbetreiber geliefert",
    "dynamic": "dynamisch",
    "e.g. EW Seeland <rechnung@ew-seeland.ch> (default: the company's e-mail)":
        "z. B. EW Seeland <rechnung@ew-seeland.ch> (Vorgabe: die E-Mail der Firma)",
    "empty: no login": "leer: keine Anmeldung", "energy": "Energie", "every day": "jeden Tag",
    "export stopped: resume it to write the rest": "Export angehalten: fortsetzen, um den Rest zu schreiben",
    "feed-in compensation": "Rückliefervergütung", "first failure: {n}: {e}": "erster Fehler: {n}: {e}",
    "flat": "einheitlich", "grid usage": "Netznutzung", "implausible above {f}×": "unplausibel über {f}×",
    "incomplete": "unvollständig", "intervals flagged estimated": "Intervalle mit Kennzeichen geschätzt",
    "intervals flagged measured": "Intervalle mit Kennzeichen gemessen",
    "intervals flagged substituted": "Intervalle mit Kennzeichen Ersatzwert",
    "intervals without a value": "Intervalle ohne Wert", "is": "läuft", "levy": "Abgabe",
    "no time-of-use periods": "keine Zeitfenster", "not sent": "nicht gesendet", "open": "offen",
    "optional": "optional", "power charge": "Leistungspreis", "print batch": "Druckstapel",
    "printed": "gedruckt",
    "production {p} kWh · allocated {l} kWh ({s} used locally) · members' consumption {c} kWh ({a} covered)":
        "Produktion {p} kWh · zugeteilt {l} kWh ({s} lokal genutzt) · Verbrauch der Mitglieder {c} kWh ({a} gedeckt)",
    "public holiday": "Feiertag", "queued": "in Warteschlange",
    "run {id} “{name}” ({status}): {n} of these accounts, e.g. {ex}":
        "Lauf {id} «{name}» ({status}): {n} dieser Kunden, z. B. {ex}",
    "self-billing credit note": "Gutschrift im Gutschriftsverfahren", "sending": "wird gesendet",
    "sent": "gesendet", "static": "fest", "stopped": "angehalten",
    "the internal id (drafts have no number)": "die interne Nummer (Entwürfe haben keine Rechnungsnummer)",
    "the invoice number (drafts have none yet)": "die Rechnungsnummer (Entwürfe haben noch keine)",
    "the last day supplied": "der letzte belieferte Tag", "time of use": "Zeitfenster",
    "to (last day)": "bis (letzter Tag)", "unknown": "unbekannt", "weekend": "Wochenende",
    "with failures": "mit Fehlern",
    "worst flag {q}, measured ≥ {s}, missing ≤ {m}": "schlechtestes Kennzeichen {q}, gemessen ≥ {s}, fehlend ≤ {m}",
    "{a} accounts · {r} runs · {b} bills ({i} issued)": "{a} Kunden · {r} Läufe · {b} Rechnungen ({i} ausgestellt)",
    "{b} bounce(s) recorded, {a} already known, {u} not matched":
        "{b} Rückläufer erfasst, {a} bereits bekannt, {u} nicht zugeordnet",
    "{kind} numbers {first} to {last}": "{kind}: Nummern {first} bis {last}",
    "Invoice numbers {first} to {last}": "Rechnungsnummern {first} bis {last}",
    "Credit note numbers {first} to {last}": "Gutschriftsnummern {first} bis {last}",
    "Self-billing credit note numbers {first} to {last}":
        "Nummern der Gutschriften im Gutschriftsverfahren {first} bis {last}",
    "self-billing credit notes": "Gutschriften im Gutschriftsverfahren",
    "{n} account(s) were skipped.": "{n} Kunden wurden übersprungen.",
    "{n} already sent (or of unknown delivery) are not sent again.":
        "{n} bereits gesendete (oder mit unbekannter Zustellung) werden nicht nochmals gesendet.",
    "{n} bill run(s)": "{n} Rechnungslauf/-läufe",
    "{n} documents, {p} pages ({s} sheets printed on both sides) in {file}":
        "{n} Dokumente, {p} Seiten ({s} beidseitig bedruckte Blätter) in {file}",
    "{n} documents: {parts}": "{n} Dokumente: {parts}",
    "{n} failed account(s) are left out (no bill; rerun them later).":
        "{n} fehlgeschlagene Kunden bleiben aussen vor (keine Rechnung; später neu abrechnen).",
    "{n} issued original(s) become 'cancelled' by their credit notes.":
        "{n} ausgestellte Originale werden durch ihre Gutschriften «storniert».",
    "{n} not sent yet (still queued: send again to continue)":
        "{n} noch nicht gesendet (noch in der Warteschlange: nochmals senden, um fortzufahren)",
    "{n} of {t} accounts": "{n} von {t} Kunden", "{n} of {t} bills": "{n} von {t} Rechnungen",
    "{n} other run(s) hold accounts of this target for the period. Create the run anyway?":
        "{n} andere(r) Lauf/Läufe halten Kunden dieses Ziels für die Periode. Den Lauf trotzdem erstellen?",
    "{n} without PDF": "{n} ohne PDF",
    "{n} without an e-mail address go to the print batch.": "{n} ohne E-Mail-Adresse gehen in den Druckstapel.",
    "{r} accounts/s · about {t} left": "{r} Kunden/s · noch etwa {t}",
    "{sent} sent, {failed} failed, {skipped} skipped ({paper} for the print batch)":
        "{sent} gesendet, {failed} fehlgeschlagen, {skipped} übersprungen ({paper} für den Druckstapel)",
    "{what} going on in this window. Stop and quit?": "{what} in diesem Fenster. Anhalten und beenden?",
    "Liberation Sans fonts (embedded in invoices)": "Schriften Liberation Sans (in den Rechnungen eingebettet)",
    "sRGB colour profile (PDF/A output intent)": "sRGB-Farbprofil (PDF/A-Ausgabebedingung)",
    "BDEW standard load profiles H25, G25, L25 (via demandlib)":
        "BDEW-Standardlastprofile H25, G25, L25 (über demandlib)",
    "Swiss day-ahead prices 2018 (SMARD, Bundesnetzagentur)":
        "Schweizer Day-Ahead-Preise 2018 (SMARD, Bundesnetzagentur)",
    "{0} account(s) failed": "{0} Kunde(n) fehlgeschlagen",
    "invoices": "Rechnungen", "credit notes": "Gutschriften",
    "cancelled while running": "während des Laufs abgebrochen",
    "cancelled; {0} draft bill(s) cancelled": "abgebrochen; {0} Entwürfe verworfen",
    "cancel requested; the executing process stops after its batch":
        "Abbruch verlangt; der ausführende Prozess hält nach seinem Stapel an",
    # issue 11 (meter data on the Import page) and issue 13 (roles, workers), merged
    "<b>Checked.</b> Nothing was written.": "<b>Geprüft.</b> Es wurde nichts geschrieben.",
    "<b>Imported.</b>": "<b>Importiert.</b>",
    "{head} {files} file(s): {imported} imported, {unchanged} unchanged, {refused} refused; "
    "{values} values, {changed} changed in {secs} s.":
        "{head} {files} Datei(en): {imported} importiert, {unchanged} unverändert, "
        "{refused} abgelehnt; {values} Werte, {changed} geändert in {secs} s.",
    "Refused files were not written; the others were.":
        "Abgelehnte Dateien wurden nicht geschrieben, die anderen schon.",
    "<b>Import</b>: accounts, tariffs, index prices, energy communities, or meter data: files "
    "or whole folders as operators deliver them (SDAT-CH, EDA, MSCONS, portal exports, "
    "billdesk CSV). Drop files or folders here.":
        "<b>Import</b>: Kunden, Tarife, Indexpreise, Energiegemeinschaften oder Messdaten: "
        "Dateien oder ganze Ordner, wie die Netzbetreiber sie liefern (SDAT-CH, EDA, MSCONS, "
        "Portal-Exporte, billdesk-CSV). Dateien oder Ordner hierher ziehen.",
    "Meter data (files or folders: CSV, SDAT-CH, EDA, MSCONS, portal exports)":
        "Messdaten (Dateien oder Ordner: CSV, SDAT-CH, EDA, MSCONS, Portal-Exporte)",
    "a file to import (or drop files here)":
        "eine Datei zum Importieren (oder Dateien hierher ziehen)",
    "Folder…": "Ordner…",
    "files or folders, separated by ';' (or drop them here)":
        "Dateien oder Ordner, durch ';' getrennt (oder hierher ziehen)",
    "a file to import (or drop it here)": "eine Datei zum Importieren (oder hierher ziehen)",
    "Each file is checked on its own: a refused file is listed with its place and left out, "
    "the others are written together in one transaction. Importing the same files again "
    "changes nothing.":
        "Jede Datei wird für sich geprüft: Eine abgelehnte Datei wird mit der Fundstelle "
        "aufgeführt und ausgelassen, die anderen werden zusammen in einer Transaktion "
        "geschrieben. Dieselben Dateien nochmals zu importieren ändert nichts.",
    "Folder with meter data": "Ordner mit Messdaten",
    "Meter data (*.csv *.txt *.xml *.edi *.mscons)":
        "Messdaten (*.csv *.txt *.xml *.edi *.mscons)",
    "role: {r}": "Rolle: {r}", "none": "keine",
    "Not allowed for {user}: {why}": "Für {user} nicht erlaubt: {why}",
    "Format": "Format", "Values": "Werte", "Changed": "Geändert",
    "Line / place": "Zeile / Stelle", "Notes": "Hinweise", "refused": "abgelehnt",
    "imported": "importiert", "unchanged": "unverändert", "line {n}": "Zeile {n}",
    "Queue for workers": "Für Worker einreihen", "Workers": "Worker",
    "{n} worker(s), {w} working · {a} accounts · {r} accounts/s together":
        "{n} Worker, {w} aktiv · {a} Kunden · zusammen {r} Kunden/s",
    "No worker has billed a batch of this run yet.":
        "Noch kein Worker hat einen Stapel dieses Laufs abgerechnet.",
    "Worker (host:pid)": "Worker (Host:PID)", "Batches": "Stapel",
    "Accounts/s": "Kunden/s", "Started": "Gestartet", "Last batch": "Letzter Stapel",
    "State": "Zustand", "working": "arbeitet", "run": "Lauf", "joined": "beigetreten",
    "worker": "Worker",
    # issue 17: communities (type, rules, producers, statement)
    "Statement…": "Abrechnung…",
    "The community statement for the year of the month shown (PDF or CSV): production, local "
    "use, surplus, members and producers":
        "Die Jahresabrechnung der Gemeinschaft für das Jahr des gezeigten Monats (PDF oder "
        "CSV): Produktion, lokaler Verbrauch, Überschuss, Mitglieder und Produzenten",
    "Production points (→ producer)": "Produktionsmesspunkte (→ Produzent)",
    "grid discount {p}": "Netznutzungsrabatt {p}",
    "price cap {p} of the standard product": "Preisobergrenze {p} des Standardprodukts",
    "Cancelled": "Abgebrochen",
    "price cap: external product": "Preisobergrenze: externes Produkt",
    "Community statement": "Abrechnung der Gemeinschaft",
    "PDF (*.pdf);;CSV (*.csv)": "PDF (*.pdf);;CSV (*.csv)",
    "Writing the statement…": "Abrechnung wird geschrieben…",
    "Statement written to {p}": "Abrechnung geschrieben: {p}",
    "Producers (self-billing credit notes)": "Produzenten (Gutschriften im Gutschriftsverfahren)",
    "{a}: {k} kWh sold, {s} kWh surplus": "{a}: {k} kWh verkauft, {s} kWh Überschuss",
    "No producer account is paid for this community's production.":
        "Für die Produktion dieser Gemeinschaft wird kein Produzentenkonto bezahlt.",
    "Allocation error: {e}": "Zuteilungsfehler: {e}",
})


# issue 10: the audit log, the audit package, Explain
DE.update({
    "&Audit": "&Prüfung", "&Check Package (re-compute every bill)":
    "Paket &prüfen (jede Rechnung neu berechnen)",
    "&Export Audit Package of the Run…": "Prüfpaket des Laufs &exportieren…",
    "&Verify Hash Chain": "Hash-Kette &verifizieren", "Action:": "Aktion:",
    "An action, or a prefix ending in '.' (run., bill., import., send., settings.)":
    "Eine Aktion oder ein Präfix mit '.' am Ende (run., bill., import., send., settings.)",
    "Apply": "Anwenden", "Audit Log": "Prüfprotokoll", "Audit package": "Prüfpaket",
    "Audit package (read-only): {p}": "Prüfpaket (schreibgeschützt): {p}",
    "Audit package of run {r}: {n} documents, made {at} by {by} from {src}":
    "Prüfpaket des Laufs {r}: {n} Dokumente, erstellt {at} von {by} aus {src}",
    "Audit packages (*.bdaudit)": "Prüfpakete (*.bdaudit)",
    "Audit packages (*.bdaudit);;All files (*)": "Prüfpakete (*.bdaudit);;Alle Dateien (*)",
    "CSV files (*.csv)": "CSV-Dateien (*.csv)", "Cancel export": "Export abbrechen",
    "Check": "Kontrolle", "Check package": "Paket prüfen", "DIFFERENT": "ABWEICHEND",
    "Details": "Details", "Energy priced": "Verrechnete Energie",
    "Everything holds.": "Alles stimmt.", "Explain": "Herleitung",
    "Export Audit Package": "Prüfpaket exportieren", "Export CSV…": "CSV exportieren…",
    "Export the audit log": "Prüfprotokoll exportieren", "Interval sum": "Summe der Intervalle",
    "Intervals": "Intervalle", "Line {n}: {k} interval(s), {what}":
    "Position {n}: {k} Intervall(e), {what}", "Local time": "Ortszeit", "Object": "Objekt",
    "Object:": "Objekt:", "Open &Audit Package…": "&Prüfpaket öffnen…",
    "Open Audit Package": "Prüfpaket öffnen", "Problems found:": "Gefundene Probleme:",
    "Quality": "Qualität", "Quantity × unit price": "Menge × Einzelpreis",
    "Re-computing every bill of the package…": "Jede Rechnung des Pakets wird neu berechnet…",
    "Reading the intervals of line {n}…": "Intervalle der Position {n} werden gelesen…",
    "Run:": "Lauf:", "Select a finalized bill run first.":
    "Zuerst einen abgeschlossenen Rechnungslauf auswählen.",
    "Select a line to list the intervals behind it.":
    "Eine Position wählen, um die Intervalle dahinter aufzulisten.",
    "Start (UTC)": "Beginn (UTC)", "User": "Benutzer", "Value": "Wert",
    "Verify hash chain": "Hash-Kette verifizieren",
    "Verifying the hash chain…": "Hash-Kette wird verifiziert…", "When": "Wann",
    "Writing the audit package…": "Prüfpaket wird geschrieben…",
    "billdesk — audit package (read-only)": "billdesk — Prüfpaket (schreibgeschützt)",
    "differs": "weicht ab", "identical": "identisch", "object id": "Objekt-Nr.", "ok": "ok",
    "to": "bis", "{n} entries": "{n} Einträge", "{n} entries exported": "{n} Einträge exportiert",
})


# issue 14: the billing engine's per-account messages (billdesk.gui.attempt_messages)
DE.update({
    "{n} missing interval(s) filled (estimated)":
    "{n} fehlende(s) Intervall(e) ergänzt (geschätzt)",
    "all {n} intervals of the supplied period are missing":
    "alle {n} Intervalle der belieferten Periode fehlen",
    "allocated local energy is unknown, negative or more than the consumption in some "
    "interval(s)": "die zugeteilte lokale Energie ist in einzelnen Intervallen unbekannt, "
    "negativ oder grösser als der Verbrauch",
    "exported energy is unknown or negative": "die eingespeiste Energie ist unbekannt oder negativ",
    "price series {series} has no price for {n} interval(s) of {range}":
    "Preisreihe {series} hat für {n} Intervall(e) in {range} keinen Preis",
    "community energy allocated but no local price is known":
    "Gemeinschaftsenergie zugeteilt, aber kein lokaler Preis bekannt",
    "fingerprint: {detail}": "Interner Fehler beim Fingerabdruck: {detail}",
    "supply {range} is outside the period {period}":
    "die Belieferung {range} liegt ausserhalb der Periode {period}",
    "the account has no tariff": "der Kunde hat keinen Tarif",
    "no version of tariff {code} in force on {day} (first valid from {day2})":
    "keine Version des Tarifs {code} am {day} gültig (erste gültig ab {day2})",
    "tariff currency changes inside the period ({list})":
    "die Tarifwährung wechselt innerhalb der Periode ({list})",
    "{n} interval(s) worse than {q} (worst: {q2})":
    "{n} Intervall(e) schlechter als «{q}» (schlechtestes: «{q2}»)",
    "measured share {pct} below minimum {pct2}":
    "Anteil gemessen {pct} unter dem Minimum von {pct2}",
    "{n} missing interval(s), at most {n2} allowed":
    "{n} fehlende(s) Intervall(e), höchstens {n2} erlaubt",
    "community {name} has time-of-use local prices but tariff {code} has no time-of-use "
    "schedule": "die Gemeinschaft {name} hat zeitabhängige lokale Preise, aber der Tarif "
    "{code} hat keinen Zeitplan",
    "community {name} has no local price for period {tou} of tariff {code}'s schedule "
    "(it has {list})": "die Gemeinschaft {name} hat keinen lokalen Preis für die Zeitzone "
    "{tou} des Zeitplans von Tarif {code} (sie hat {list})",
    "shapes do not fit: consumption {shape}, production {shape2}":
    "Dimensionen passen nicht: Verbrauch {shape}, Produktion {shape2}",
    "active mask {shape} does not match consumption {shape2}":
    "Mitgliedschaftsmaske {shape} passt nicht zum Verbrauch {shape2}",
    "consumption or production has unknown (NaN) values":
    "Verbrauch oder Produktion hat unbekannte Werte (NaN)",
    "consumption and production must not be negative":
    "Verbrauch und Produktion dürfen nicht negativ sein",
    "static allocation needs shares": "die feste Zuteilung braucht Anteile",
    "shares must be {n} values >= 0": "die Anteile müssen {n} Werte >= 0 sein",
    "shares add up to {x} > 1": "die Anteile ergeben zusammen {x} > 1",
    "shapes do not fit: local {shape}, consumption {shape2}, production {shape3}":
    "Dimensionen passen nicht: lokal {shape}, Verbrauch {shape2}, Produktion {shape3}",
    "the local-energy series of member {code} was not delivered for {n} interval(s) of its "
    "membership, first {when}; import the grid operator's 'local' series for it":
    "die Reihe der lokalen Energie des Mitglieds {code} fehlt für {n} Intervall(e) seiner "
    "Mitgliedschaft, erstmals {when}; die Reihe «local» des Netzbetreibers dafür importieren",
    "local energy of member {code} is unknown or negative in {when}":
    "die lokale Energie des Mitglieds {code} ist in {when} unbekannt oder negativ",
    "local energy of member {code} ({x} kWh) exceeds its consumption ({x2} kWh) in {when}":
    "die lokale Energie des Mitglieds {code} ({x} kWh) übersteigt in {when} seinen "
    "Verbrauch ({x2} kWh)",
    "tariff {code} cannot be read: {detail}": "der Tarif {code} ist nicht lesbar: {detail}",
    "tariff {code} is for time zone {zone}, the utility's is {zone2}; re-import it with "
    "\"timezone\": \"{zone3}\"": "der Tarif {code} gilt für die Zeitzone {zone}, die des "
    "Versorgers ist {zone2}; ihn mit \"timezone\": \"{zone3}\" neu importieren",
    "account {code} has no consumption metering point; add one in the accounts file and "
    "import it": "der Kunde {code} hat keinen Verbrauchsmesspunkt; einen in der Kundendatei "
    "ergänzen und sie importieren",
    "account {code} has no tariff": "der Kunde {code} hat keinen Tarif",
    "tariff {code} of account {code2} is unknown; import it first":
    "der Tarif {code} des Kunden {code2} ist unbekannt; ihn zuerst importieren",
    "allocation of community {name} failed: {msg}; check {what}":
    "die Zuteilung der Gemeinschaft {name} ist gescheitert: {msg}; {what} prüfen",
    "the grid operator's local-energy series": "die Reihe der lokalen Energie des Netzbetreibers",
    "its members' shares and its production data":
    "die Anteile ihrer Mitglieder und ihre Produktionsdaten",
    "the local energy of member {code} cannot be priced: {msg}":
    "die lokale Energie des Mitglieds {code} lässt sich nicht bepreisen: {msg}",
    "tariff {code} of member {code2} is unknown": "der Tarif {code} des Mitglieds {code2} ist "
    "unbekannt",
    "issued bill {number}": "die ausgestellte Rechnung {number}",
    "draft bill {id} of run {id2}": "der Rechnungsentwurf {id} des Laufs {id2}",
    "already billed for {period}: {doc}; use billing 'create-and-correct' to correct an "
    "issued bill": "für {period} bereits abgerechnet: {doc}; mit dem Abrechnungsmodus "
    "«erstellen und korrigieren» lässt sich eine ausgestellte Rechnung korrigieren",
    "{doc} is not issued yet; finalize or cancel run {id} before correcting":
    "{doc} ist noch nicht ausgestellt; vor dem Korrigieren den Lauf {id} abschliessen oder "
    "abbrechen",
    "{doc} covers {range}, another period overlapping {period}; it cannot be corrected by "
    "this run": "{doc} umfasst {range}, eine andere Periode, die sich mit {period} "
    "überschneidet; dieser Lauf kann sie nicht korrigieren",
    "inputs unchanged since {doc}; nothing to correct":
    "Eingaben seit {doc} unverändert; nichts zu korrigieren",
    "total {amount} {currency} is negative; check the meter data and the feed-in of this "
    "account": "das Total {amount} {currency} ist negativ; Messdaten und Einspeisung dieses "
    "Kunden prüfen",
    "total {amount} {currency} deviates by more than {x}x from the previous bill {number} "
    "({amount2} {currency2}); check the meter data": "das Total {amount} {currency} weicht um "
    "mehr als das {x}-Fache von der vorigen Rechnung {number} ab ({amount2} {currency2}); "
    "die Messdaten prüfen",
    "corrects {doc}: credit note and replacement invoice":
    "korrigiert {doc}: Gutschrift und Ersatzrechnung",
    "producer not paid: {msg}": "Produzent nicht vergütet: {msg}",
    "{doc} already pays {code} for community {name}; finalize or cancel run {id} first":
    "{doc} vergütet {code} bereits für die Gemeinschaft {name}; zuerst den Lauf {id} "
    "abschliessen oder abbrechen",
    "community {name}: already paid by {doc}": "Gemeinschaft {name}: bereits vergütet mit {doc}",
    "community {name}: corrects {doc}": "Gemeinschaft {name}: korrigiert {doc}",
    "{n} self-billing credit note(s) for its production":
    "{n} Gutschrift(en) im Gutschriftverfahren für seine Produktion",
    "billing engine error ({error}: {detail}); report this to support":
    "Fehler der Abrechnung ({error}: {detail}); bitte dem Support melden",
    "metering point {code}: {msg}; import its readings for {period}":
    "Messpunkt {code}: {msg}; seine Messwerte für {period} importieren",
    "{msg}; import corrected readings or lower the run's thresholds":
    "{msg}; korrigierte Messwerte importieren oder die Mindestwerte des Laufs senken",
    "no consumption metering point": "kein Verbrauchsmesspunkt",
    "no meter data: all {n} intervals missing": "keine Messdaten: alle {n} Intervalle fehlen",
    "{error}: {detail}": "Interner Fehler ({error}): {detail}",
    "from {day}": "ab {day}",
    "no tariff": "kein Tarif", "no meter data": "keine Messdaten",
    "data quality": "Datenqualität", "already billed": "bereits abgerechnet",
    "unchanged": "unverändert", "allocation error": "Zuteilungsfehler",
    "implausible amount": "unplausibler Betrag", "internal error": "interner Fehler",
    "Registration id (UID)": "Registernummer (UID)",
    "Registration scheme (ICD)": "Registerschema (ICD)",
    "CHE-123.456.788 MWST; empty: not registered for VAT":
        "CHE-123.456.788 MWST; leer: nicht mehrwertsteuerpflichtig",
    "CHE-123.456.788 (required without a VAT number)":
        "CHE-123.456.788 (ohne MWST-Nummer erforderlich)",
    "0183 for a Swiss UID (filled in)": "0183 für eine Schweizer UID (wird ergänzt)",
    # the Explain tab of a producer's self-billing note
    "flat local price {p}": "einheitlicher lokaler Preis {p}",
    "each member's own price per interval": "Preis jedes Mitglieds pro Intervall",
    "surplus price {p}": "Überschusspreis {p}",
    "credited to this producer {a} kWh of the members' {m} kWh local energy":
        "diesem Produzenten gutgeschrieben: {a} kWh der {m} kWh lokalen Energie der Mitglieder",
    "Produced (kWh)": "Produziert (kWh)",
    "Members' local (kWh)": "Lokal der Mitglieder (kWh)",
    "{point} ({token}): produced {kwh} kWh, producer {producer}":
        "{point} ({token}): produziert {kwh} kWh, Produzent {producer}",
    "{account}: {kwh} kWh local energy, paid {paid}":
        "{account}: {kwh} kWh lokale Energie, bezahlt {paid}",
    "group {0}": "Gruppe {0}", "community {0}": "Gemeinschaft {0}",
    "{0} account(s): {1}": "{0} Kunde(n): {1}",
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
