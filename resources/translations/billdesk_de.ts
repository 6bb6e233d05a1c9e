<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name />
    <message>
        <location filename="../../billdesk/gui/charts.py" line="19" />
        <source>measured</source>
        <translation>gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="19" />
        <source>substituted</source>
        <translation>Ersatzwert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="19" />
        <source>estimated</source>
        <translation>geschätzt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="19" />
        <source>missing</source>
        <translation>fehlend</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="29" />
        <source>Data quality mix (intervals)</source>
        <translation>Datenqualität (Intervalle)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="58" />
        <source>% of intervals</source>
        <translation>% der Intervalle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="69" />
        <source>Amount distribution</source>
        <translation>Verteilung der Beträge</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="74" />
        <source>bills</source>
        <translation>Rechnungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="99" />
        <source>kWh per 15 min</source>
        <translation>kWh pro 15 min</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="133" />
        <source>kWh per hour</source>
        <translation>kWh pro Stunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="137" />
        <source>consumption</source>
        <translation>Verbrauch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="139" />
        <source>production</source>
        <translation>Produktion</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="141" />
        <source>allocated locally</source>
        <translation>lokal zugeteilt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="157" />
        <source>price per kWh</source>
        <translation>Preis pro kWh</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="175" />
        <source>Failures by error code</source>
        <translation>Fehler nach Code</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../billdesk/gui/about.py" line="48" />
        <source>About billdesk</source>
        <translation>Über billdesk</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="52" />
        <source>&lt;h3&gt;billdesk {v}&lt;/h3&gt;&lt;p&gt;Bill runs for energy utilities and energy communities.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;billdesk {v}&lt;/h3&gt;&lt;p&gt;Rechnungsläufe für Energieversorger und Energiegemeinschaften.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="54" />
        <source>&lt;p&gt;Database: {db}&lt;/p&gt;</source>
        <translation>&lt;p&gt;Datenbank: {db}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="58" />
        <source>Bundled fonts and data, and their licences:</source>
        <translation>Mitgelieferte Schriften und Daten und ihre Lizenzen:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="84" />
        <source>Cannot read {path}: {err}</source>
        <translation>{path} kann nicht gelesen werden: {err}</translation>
    </message>
</context>
<context>
    <name>AccountsModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="239" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="239" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="239" />
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="240" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="240" />
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="241" />
        <source>Tariff</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="241" />
        <source>Supply start</source>
        <translation>Lieferbeginn</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="242" />
        <source>Supply end</source>
        <translation>Lieferende</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="243" />
        <source>Consumption point</source>
        <translation>Verbrauchsmesspunkt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="244" />
        <source>Production point</source>
        <translation>Produktionsmesspunkt</translation>
    </message>
</context>
<context>
    <name>AccountsPage</name>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="64" />
        <source>Search account, name or city</source>
        <translation>Kunde, Name oder Ort suchen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="79" />
        <source>Select an account to see its metering points, interval data and bills.</source>
        <translation>Einen Kunden wählen, um Messpunkte, Lastgang und Rechnungen zu sehen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="84" />
        <source>Metering point</source>
        <translation>Messpunkt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="84" />
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="85" />
        <source>Months</source>
        <translation>Monate</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="85" />
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="85" />
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="86" />
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="89" />
        <source>Bills:</source>
        <translation>Rechnungen:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="102" />
        <source>Metering point:</source>
        <translation>Messpunkt:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="105" />
        <source>Month:</source>
        <translation>Monat:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="111" />
        <source>Drag a rectangle to zoom, right-click to zoom out. Colours show each value's quality flag.</source>
        <translation>Rechteck ziehen zum Zoomen, Rechtsklick zum Verkleinern. Farben zeigen die Qualität jedes Werts.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="149" />
        <source>Tariff</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="150" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="151" />
        <source>Supplied</source>
        <translation>Beliefert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="152" />
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="153" />
        <source>Communities</source>
        <translation>Gemeinschaften</translation>
    </message>
</context>
<context>
    <name>AttemptsModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="596" />
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="596" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="596" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="597" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="597" />
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="598" />
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="598" />
        <source>Measured</source>
        <translation>Gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="599" />
        <source>Substituted</source>
        <translation>Ersatzwert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="599" />
        <source>Estimated</source>
        <translation>Geschätzt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="600" />
        <source>Missing</source>
        <translation>Fehlend</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="600" />
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="601" />
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="601" />
        <source>Bill</source>
        <translation>Rechnung</translation>
    </message>
</context>
<context>
    <name>BillDialog</name>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="284" />
        <source>Bill {id}</source>
        <translation>Rechnung {id}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="288" />
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="299" />
        <source>Open PDF</source>
        <translation>PDF öffnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="322" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="323" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="324" />
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="329" />
        <source>Net</source>
        <translation>Netto</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="329" />
        <source>VAT</source>
        <translation>MWST</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="330" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="335" />
        <source>Not exported yet (Export PDFs on the run)</source>
        <translation>Noch nicht exportiert (PDFs beim Lauf exportieren)</translation>
    </message>
</context>
<context>
    <name>BillsModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="356" />
        <source>Id</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="356" />
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="356" />
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="357" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="357" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="358" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="358" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="359" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="359" />
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="360" />
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="360" />
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="361" />
        <source>Issued</source>
        <translation>Ausgestellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="375" />
        <source>(draft)</source>
        <translation>(Entwurf)</translation>
    </message>
</context>
<context>
    <name>BillsPage</name>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="351" />
        <source>Search number, account or name</source>
        <translation>Nummer, Kunde oder Name suchen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="354" />
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="356" />
        <location filename="../../billdesk/gui/pages.py" line="362" />
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="360" />
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="387" />
        <source>{n} of {t} bills (the latest 50,000)</source>
        <translation>{n} von {t} Rechnungen (die neuesten 50'000)</translation>
    </message>
</context>
<context>
    <name>Common</name>
    <message>
        <location filename="../../billdesk/gui/common.py" line="64" />
        <source>Cannot do that</source>
        <translation>Nicht möglich</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/common.py" line="65" />
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/common.py" line="69" />
        <source>This is a bug; the details are in the log.</source>
        <translation>Das ist ein Programmfehler; die Einzelheiten stehen im Protokoll.</translation>
    </message>
</context>
<context>
    <name>CommunitiesPage</name>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="190" />
        <source>Energy communities:</source>
        <translation>Energiegemeinschaften:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="202" />
        <source>Month:</source>
        <translation>Monat:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="252" />
        <source>Allocation</source>
        <translation>Zuteilung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="253" />
        <source>Local energy price</source>
        <translation>Preis Lokalstrom</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="254" />
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="255" />
        <source>Production points</source>
        <translation>Produktionsmesspunkte</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="256" />
        <source>Allocating…</source>
        <translation>Wird zugeteilt…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="273" />
        <source>production {p:,.0f} kWh · allocated {l:,.0f} kWh ({s:.0%} used locally) · members' consumption {c:,.0f} kWh ({a:.0%} covered)</source>
        <translation>Produktion {p:,.0f} kWh · zugeteilt {l:,.0f} kWh ({s:.0%} lokal genutzt) · Verbrauch der Mitglieder {c:,.0f} kWh ({a:.0%} gedeckt)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="154" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
</context>
<context>
    <name>ImportErrorsModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="556" />
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="556" />
        <source>Line</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="556" />
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="557" />
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="23" />
        <source>&lt;b&gt;Import a file&lt;/b&gt;: accounts, interval readings, tariffs, index prices or energy communities (formats in the manual).</source>
        <translation>&lt;b&gt;Datei importieren&lt;/b&gt;: Kunden, Lastgang-Messwerte, Tarife, Indexpreise oder Energiegemeinschaften (Formate im Handbuch).</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="30" />
        <source>Accounts (CSV)</source>
        <translation>Kunden (CSV)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="31" />
        <source>Interval readings (CSV)</source>
        <translation>Lastgangwerte (CSV)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="32" />
        <source>Tariffs (JSON)</source>
        <translation>Tarife (JSON)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="33" />
        <source>Index prices (CSV)</source>
        <translation>Indexpreise (CSV)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="34" />
        <source>Energy communities (JSON)</source>
        <translation>Energiegemeinschaften (JSON)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="41" />
        <source>File type:</source>
        <translation>Dateityp:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="44" />
        <source>a file to import</source>
        <translation>eine Datei zum Importieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="46" />
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="49" />
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="50" />
        <source>Validate only (read and check everything, then roll back: nothing is written)</source>
        <translation>Nur prüfen (alles lesen und prüfen, dann zurücksetzen: nichts wird geschrieben)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="55" />
        <location filename="../../billdesk/gui/dialogs.py" line="80" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="61" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="70" />
        <source>Validation report:</source>
        <translation>Prüfbericht:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="74" />
        <source>An import runs in one transaction and stops at the first problem: fix the line named here and import the file again.</source>
        <translation>Ein Import läuft in einer Transaktion und hält beim ersten Problem an: die genannte Zeile korrigieren und die Datei erneut importieren.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="80" />
        <source>Validate</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="84" />
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="85" />
        <source>CSV files (*.csv *.txt)</source>
        <translation>CSV-Dateien (*.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="88" />
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="99" />
        <source>Reading {file}…</source>
        <translation>{file} wird gelesen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="122" />
        <source>&lt;b&gt;Valid.&lt;/b&gt; {rows} row(s) checked, {changed} would change; nothing was written.</source>
        <translation>&lt;b&gt;Gültig.&lt;/b&gt; {rows} Zeile(n) geprüft, {changed} würden sich ändern; nichts wurde geschrieben.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="125" />
        <source>&lt;b&gt;Imported.&lt;/b&gt; {rows} row(s), {changed} changed.</source>
        <translation>&lt;b&gt;Importiert.&lt;/b&gt; {rows} Zeile(n), {changed} geändert.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="142" />
        <source>Not imported.</source>
        <translation>Nicht importiert.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="143" />
        <source>Nothing was written.</source>
        <translation>Es wurde nichts geschrieben.</translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <location filename="../../billdesk/gui/app.py" line="51" />
        <source>Opening the database…</source>
        <translation>Datenbank wird geöffnet…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/app.py" line="51" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/app.py" line="69" />
        <source>Creating the demo database…</source>
        <translation>Demo-Datenbank wird erstellt…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/app.py" line="95" />
        <source>Cannot open the database:</source>
        <translation>Die Datenbank kann nicht geöffnet werden:</translation>
    </message>
</context>
<context>
    <name>LinesModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="395" />
        <source>Line</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="395" />
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="396" />
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="396" />
        <source>Unit price</source>
        <translation>Einzelpreis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="397" />
        <source>Net amount</source>
        <translation>Nettobetrag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="397" />
        <source>VAT %</source>
        <translation>MWST %</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="56" />
        <source>Bill Runs</source>
        <translation>Rechnungsläufe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="57" />
        <source>Accounts</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="58" />
        <source>Communities</source>
        <translation>Gemeinschaften</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="59" />
        <source>Bills</source>
        <translation>Rechnungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="60" />
        <source>Tariffs &amp; Prices</source>
        <translation>Tarife &amp; Preise</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="61" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="102" />
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="103" />
        <source>&amp;New Bill Run…</source>
        <translation>&amp;Neuer Rechnungslauf…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="107" />
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="108" />
        <source>&amp;Accounts…</source>
        <translation>&amp;Kunden…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="108" />
        <source>&amp;Readings…</source>
        <translation>&amp;Messwerte…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="109" />
        <source>&amp;Tariffs…</source>
        <translation>&amp;Tarife…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="109" />
        <source>&amp;Prices…</source>
        <translation>&amp;Preise…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="110" />
        <source>&amp;Communities…</source>
        <translation>&amp;Gemeinschaften…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="116" />
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="123" />
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="127" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="128" />
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="139" />
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="141" />
        <source>&amp;Start or resume</source>
        <translation>&amp;Starten oder fortsetzen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="142" />
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="143" />
        <source>Rerun &amp;failed</source>
        <translation>&amp;Fehlgeschlagene neu abrechnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="144" />
        <source>&amp;Finalize</source>
        <translation>Ab&amp;schliessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="145" />
        <source>&amp;Export PDFs…</source>
        <translation>PDFs &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="152" />
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="153" />
        <source>&amp;About billdesk</source>
        <translation>&amp;Über billdesk</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="179" />
        <source>Select a bill run first.</source>
        <translation>Zuerst einen Rechnungslauf auswählen.</translation>
    </message>
    <message>
        <source>About billdesk</source>
        <translation>Über billdesk</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="231" />
        <source>Run {id} created</source>
        <translation>Lauf {id} erstellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="236" />
        <source>Run {id} ended: {s}</source>
        <translation>Lauf {id} beendet: {s}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="253" />
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="254" />
        <source>The new database or language is used from the next start.</source>
        <translation>Die neue Datenbank oder Sprache gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="262" />
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="283" />
        <source>{a} accounts · {r} runs · {b} bills</source>
        <translation>{a} Kunden · {r} Läufe · {b} Rechnungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="305" />
        <source>A bill run is running</source>
        <translation>Ein Rechnungslauf ist aktiv</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="306" />
        <source>{n} bill run(s) are running in this window. Cancel them and quit? Each stops after its current batch and is left 'cancelled'.</source>
        <translation>In diesem Fenster laufen {n} Rechnungsläufe. Abbrechen und beenden? Jeder hält nach dem laufenden Block an und bleibt 'abgebrochen'.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="316" />
        <source>Cancelling the run(s)…</source>
        <translation>Lauf/Läufe werden abgebrochen…</translation>
    </message>
</context>
<context>
    <name>MembersModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="470" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="470" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="471" />
        <source>Member from</source>
        <translation>Mitglied ab</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="471" />
        <source>Member to</source>
        <translation>Mitglied bis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="472" />
        <source>Static share</source>
        <translation>Fester Anteil</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="472" />
        <source>Consumption kWh</source>
        <translation>Verbrauch kWh</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="473" />
        <source>Allocated kWh</source>
        <translation>Zugeteilt kWh</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="473" />
        <source>Share of production</source>
        <translation>Anteil an Produktion</translation>
    </message>
</context>
<context>
    <name>NewRunWizard</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="476" />
        <source>New Bill Run</source>
        <translation>Neuer Rechnungslauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="480" />
        <source>Create run</source>
        <translation>Lauf erstellen</translation>
    </message>
</context>
<context>
    <name>OptionsPage</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="216" />
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="217" />
        <source>How the run treats failures, existing bills and meter data of poor quality.</source>
        <translation>Wie der Lauf mit Fehlern, bestehenden Rechnungen und Messdaten schlechter Qualität umgeht.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="220" />
        <source>Error handling</source>
        <translation>Fehlerbehandlung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="222" />
        <source>Lenient</source>
        <translation>Tolerant</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="223" />
        <source>Strict</source>
        <translation>Strikt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="226" />
        <source>Every account is tried; failed accounts are listed afterwards and can be rerun once fixed.</source>
        <translation>Jeder Kunde wird versucht; fehlgeschlagene werden danach aufgelistet und können nach der Korrektur neu abgerechnet werden.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="229" />
        <source>The first failed account stops the run; no bill of a stopped strict run is ever issued.</source>
        <translation>Der erste fehlgeschlagene Kunde stoppt den Lauf; keine Rechnung eines gestoppten strikten Laufs wird je ausgestellt.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="232" />
        <source>Billing mode</source>
        <translation>Abrechnungsmodus</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="234" />
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="235" />
        <source>Create and correct</source>
        <translation>Erstellen und korrigieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="238" />
        <source>Bill accounts that have no bill for the period; an already billed account is skipped (ALREADY_BILLED).</source>
        <translation>Kunden ohne Rechnung für die Periode abrechnen; bereits abgerechnete werden übersprungen (ALREADY_BILLED).</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="241" />
        <source>Also, where an issued bill's inputs changed since (new meter data, tariff change), issue a credit note and a replacement invoice; unchanged accounts are skipped.</source>
        <translation>Zusätzlich: wo sich die Grundlagen einer ausgestellten Rechnung seither geändert haben (neue Messdaten, Tarifänderung), eine Gutschrift und eine Ersatzrechnung ausstellen; unveränderte Kunden werden übersprungen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="245" />
        <source>Minimum data quality</source>
        <translation>Minimale Datenqualität</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="248" />
        <source>missing (accept everything)</source>
        <translation>fehlend (alles akzeptieren)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="249" />
        <source>estimated</source>
        <translation>geschätzt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="250" />
        <source>substituted</source>
        <translation>Ersatzwert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="251" />
        <source>measured only</source>
        <translation>nur gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="253" />
        <source>Worst accepted flag:</source>
        <translation>Schlechteste akzeptierte Qualität:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="258" />
        <source>Minimum measured share:</source>
        <translation>Minimaler Anteil gemessen:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="261" />
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="263" />
        <source>Maximum missing intervals:</source>
        <translation>Maximal fehlende Intervalle:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="265" />
        <source>Every 15-minute value carries a flag: measured &gt; substituted &gt; estimated &gt; missing. An account below these thresholds fails with DATA_QUALITY and the numbers that failed. The next step checks them for the whole target.</source>
        <translation>Jeder Viertelstundenwert trägt ein Kennzeichen: gemessen &gt; Ersatzwert &gt; geschätzt &gt; fehlend. Ein Kunde unter diesen Schwellen scheitert mit DATA_QUALITY und den verfehlten Zahlen. Der nächste Schritt prüft sie für das ganze Ziel.</translation>
    </message>
</context>
<context>
    <name>PeriodPage</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="46" />
        <source>Billing period</source>
        <translation>Abrechnungsperiode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="47" />
        <source>Which past period does the run bill? Periods are whole local days; the end date is exclusive.</source>
        <translation>Welche vergangene Periode rechnet der Lauf ab? Perioden sind ganze lokale Tage; das Enddatum ist exklusiv.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="52" />
        <source>Last month</source>
        <translation>Letzter Monat</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="52" />
        <source>Last quarter</source>
        <translation>Letztes Quartal</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="53" />
        <source>Last year</source>
        <translation>Letztes Jahr</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="53" />
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="61" />
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="65" />
        <source>to (exclusive)</source>
        <translation>bis (exklusiv)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="77" />
        <source>optional; default: period and target</source>
        <translation>optional; Vorgabe: Periode und Ziel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="78" />
        <source>Run name:</source>
        <translation>Name des Laufs:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="97" />
        <source>The end must be after the start.</source>
        <translation>Das Ende muss nach dem Beginn liegen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="99" />
        <source>Period: {a} to {b} (exclusive), {n} days</source>
        <translation>Periode: {a} bis {b} (exklusiv), {n} Tage</translation>
    </message>
</context>
<context>
    <name>PriceSeriesModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="530" />
        <source>Series</source>
        <translation>Reihe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="530" />
        <source>Prices</source>
        <translation>Preise</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="531" />
        <source>First</source>
        <translation>Erster</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="531" />
        <source>Last</source>
        <translation>Letzter</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="532" />
        <source>Mean price / kWh</source>
        <translation>Mittlerer Preis / kWh</translation>
    </message>
</context>
<context>
    <name>QualityModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="429" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="429" />
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="430" />
        <source>Measured</source>
        <translation>Gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="430" />
        <source>Substituted</source>
        <translation>Ersatzwert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="431" />
        <source>Estimated</source>
        <translation>Geschätzt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="431" />
        <source>Missing</source>
        <translation>Fehlend</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="432" />
        <source>Measured share</source>
        <translation>Anteil gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="432" />
        <source>Why it would fail</source>
        <translation>Warum es scheitern würde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="443" />
        <source>passes</source>
        <translation>besteht</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="443" />
        <source>fails</source>
        <translation>scheitert</translation>
    </message>
</context>
<context>
    <name>QualityPage</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="290" />
        <source>Check Data Quality</source>
        <translation>Datenqualität prüfen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="291" />
        <source>The thresholds evaluated for every account of the target, without billing: who would fail, and why.</source>
        <translation>Die Schwellen für jeden Kunden des Ziels geprüft, ohne abzurechnen: wer scheitern würde, und warum.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="295" />
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="300" />
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="311" />
        <source>Only accounts that would fail</source>
        <translation>Nur Kunden, die scheitern würden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="347" />
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="366" />
        <source>Check stopped; run it again to continue.</source>
        <translation>Prüfung angehalten; erneut starten, um fortzufahren.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="373" />
        <source>&lt;b&gt;{p:,}&lt;/b&gt; of {n:,} accounts pass, &lt;b&gt;{f:,}&lt;/b&gt; would fail with DATA_QUALITY or missing meter data.</source>
        <translation>&lt;b&gt;{p:,}&lt;/b&gt; von {n:,} Kunden bestehen, &lt;b&gt;{f:,}&lt;/b&gt; würden mit DATA_QUALITY oder fehlenden Messdaten scheitern.</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="404" />
        <source>Review and start</source>
        <translation>Prüfen und starten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="405" />
        <source>Creating the run freezes its configuration and account list.</source>
        <translation>Das Erstellen des Laufs friert seine Konfiguration und Kundenliste ein.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="412" />
        <source>Start the run right away</source>
        <translation>Lauf sofort starten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="426" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="427" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="427" />
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="428" />
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="429" />
        <source>Accounts</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="430" />
        <source>Would fail on data quality</source>
        <translation>Würden an der Datenqualität scheitern</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="431" />
        <source>Error handling</source>
        <translation>Fehlerbehandlung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="433" />
        <source>Billing mode</source>
        <translation>Abrechnungsmodus</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="435" />
        <source>Minimum data quality</source>
        <translation>Minimale Datenqualität</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="437" />
        <source>measured</source>
        <translation>gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="438" />
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="439" />
        <source>missing</source>
        <translation>fehlend</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="450" />
        <source>Creating the run…</source>
        <translation>Lauf wird erstellt…</translation>
    </message>
</context>
<context>
    <name>RunDetailPage</name>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="45" />
        <source>← Bill Runs</source>
        <translation>← Rechnungsläufe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="53" />
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="53" />
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="54" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="54" />
        <source>Rerun failed</source>
        <translation>Fehlgeschlagene neu</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="55" />
        <source>Finalize</source>
        <translation>Abschliessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="55" />
        <source>Export PDFs…</source>
        <translation>PDFs exportieren…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="64" />
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="67" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="67" />
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="68" />
        <source>Error handling</source>
        <translation>Fehlerbehandlung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="68" />
        <source>Billing mode</source>
        <translation>Abrechnungsmodus</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="69" />
        <source>Minimum data quality</source>
        <translation>Minimale Datenqualität</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="70" />
        <source>Rerun of</source>
        <translation>Neuabrechnung von</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="70" />
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="71" />
        <source>Started / finished</source>
        <translation>Gestartet / beendet</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="79" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="101" />
        <source>PDF export: %v / %m</source>
        <translation>PDF-Export: %v / %m</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="117" />
        <source>Search account or name</source>
        <translation>Kunde oder Name suchen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="120" />
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="122" />
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="126" />
        <source>Open bill</source>
        <translation>Rechnung öffnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="141" />
        <source>Errors by code (click to filter):</source>
        <translation>Fehler nach Code (Klick filtert):</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="147" />
        <source>Data quality of the run</source>
        <translation>Datenqualität des Laufs</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="149" />
        <source>Bill amounts</source>
        <translation>Rechnungsbeträge</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="174" />
        <source>Bill run {id}</source>
        <translation>Rechnungslauf {id}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="217" />
        <source>end exclusive</source>
        <translation>Ende exklusiv</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="224" />
        <source>worst flag {q}, measured ≥ {s:.0%}, missing ≤ {m}</source>
        <translation>schlechtestes Kennzeichen {q}, gemessen ≥ {s:.0%}, fehlend ≤ {m}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="226" />
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="246" />
        <source>{s} succeeded · {f} failed · {k} skipped · {p} pending · total {a}</source>
        <translation>{s} erfolgreich · {f} fehlgeschlagen · {k} übersprungen · {p} ausstehend · Total {a}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="274" />
        <source>{r:,.0f} accounts/s · about {t} left</source>
        <translation>{r:,.0f} Kunden/s · noch etwa {t}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="277" />
        <source>measuring throughput…</source>
        <translation>Durchsatz wird gemessen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="285" />
        <source>All attempts</source>
        <translation>Alle Versuche</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="302" />
        <source>{n} of {t} attempts shown</source>
        <translation>{n} von {t} Versuchen angezeigt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="401" />
        <source>Export PDFs to</source>
        <translation>PDFs exportieren nach</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="410" />
        <source>Preparing the invoices…</source>
        <translation>Rechnungen werden vorbereitet…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="425" />
        <source>{n} PDF(s) written to &lt;a href='{url}'&gt;{dir}&lt;/a&gt;</source>
        <translation>{n} PDF(s) geschrieben nach &lt;a href='{url}'&gt;{dir}&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="428" />
        <source>{n} failed: {first}</source>
        <translation>{n} fehlgeschlagen: {first}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="431" />
        <source>export cancelled</source>
        <translation>Export abgebrochen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="433" />
        <source>No issued bill to export: finalize the run first.</source>
        <translation>Keine ausgestellte Rechnung: zuerst den Lauf abschliessen.</translation>
    </message>
</context>
<context>
    <name>RunsModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="276" />
        <source>Id</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="276" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="276" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="277" />
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="277" />
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="278" />
        <source>Billing mode</source>
        <translation>Abrechnungsmodus</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="278" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="279" />
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="279" />
        <source>Accounts</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="280" />
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="280" />
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="281" />
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="281" />
        <source>Total amount</source>
        <translation>Gesamtbetrag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="282" />
        <source>Created by</source>
        <translation>Erstellt von</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="282" />
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="283" />
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="128" />
        <source>New Bill Run…</source>
        <translation>Neuer Rechnungslauf…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="131" />
        <source>Search name, target or creator</source>
        <translation>Name, Ziel oder Ersteller suchen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="134" />
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="136" />
        <location filename="../../billdesk/gui/runs_page.py" line="143" />
        <location filename="../../billdesk/gui/runs_page.py" line="147" />
        <location filename="../../billdesk/gui/runs_page.py" line="228" />
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="141" />
        <source>Period:</source>
        <translation>Periode:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="145" />
        <source>Target:</source>
        <translation>Ziel:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="148" />
        <source>all valid accounts</source>
        <translation>alle gültigen Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="148" />
        <source>accounts</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="149" />
        <source>group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="149" />
        <source>community</source>
        <translation>Gemeinschaft</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="200" />
        <source>No bill runs yet: start one with New Bill Run… (Ctrl+N). Check Data Quality is its fourth step.</source>
        <translation>Noch keine Rechnungsläufe: mit «Neuer Rechnungslauf…» (Ctrl+N) einen starten. Die Datenqualitätsprüfung ist sein vierter Schritt.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="203" />
        <source>{shown} of {total} runs</source>
        <translation>{shown} von {total} Läufen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="269" />
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="269" />
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="270" />
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="270" />
        <source>Cancel run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="271" />
        <source>Finalize (issue bills)</source>
        <translation>Abschliessen (Rechnungen ausstellen)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="272" />
        <source>Rerun failed accounts</source>
        <translation>Fehlgeschlagene Kunden neu abrechnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="272" />
        <source>Export PDFs…</source>
        <translation>PDFs exportieren…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="175" />
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="186" />
        <source>SQLite file on this computer</source>
        <translation>SQLite-Datei auf diesem Computer</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="187" />
        <source>PostgreSQL server (shared)</source>
        <translation>PostgreSQL-Server (gemeinsam)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="192" />
        <location filename="../../billdesk/gui/dialogs.py" line="246" />
        <location filename="../../billdesk/gui/dialogs.py" line="274" />
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="199" />
        <source>URL (no password):</source>
        <translation>URL (ohne Passwort):</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="202" />
        <source>stored in the system keyring</source>
        <translation>im Schlüsselbund des Systems gespeichert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="203" />
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="205" />
        <source>The password is kept in the system keyring ({backend}), never in the settings file. Leave it empty to use the libpq files (~/.pgpass, PGPASSWORD, service files).</source>
        <translation>Das Passwort liegt im Schlüsselbund des Systems ({backend}), nie in der Einstellungsdatei. Leer lassen, um die libpq-Dateien zu verwenden (~/.pgpass, PGPASSWORD, Service-Dateien).</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="213" />
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="221" />
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="233" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="233" />
        <source>Street</source>
        <translation>Strasse</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="234" />
        <source>Postcode</source>
        <translation>PLZ</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="234" />
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="235" />
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="235" />
        <source>VAT number</source>
        <translation>MWST-Nummer</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="236" />
        <source>IBAN / QR-IBAN</source>
        <translation>IBAN / QR-IBAN</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="236" />
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="237" />
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="237" />
        <source>Website</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="238" />
        <source>Logo (PNG/JPEG)</source>
        <translation>Logo (PNG/JPEG)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="252" />
        <source>Loading from the database…</source>
        <translation>Wird aus der Datenbank geladen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="255" />
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="263" />
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="268" />
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="277" />
        <source>PDF output folder:</source>
        <translation>PDF-Ausgabeordner:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="278" />
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="288" />
        <source>SQLite database</source>
        <translation>SQLite-Datenbank</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="290" />
        <source>SQLite (*.sqlite *.db)</source>
        <translation>SQLite (*.sqlite *.db)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="297" />
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="298" />
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Bilder (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="303" />
        <source>PDF output folder</source>
        <translation>PDF-Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="318" />
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="325" />
        <source>Connected: {db}, schema {rev}</source>
        <translation>Verbunden: {db}, Schema {rev}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="326" />
        <source>not created yet</source>
        <translation>noch nicht erstellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="338" />
        <source>Stored in the database (settings key 'company'); the PDF export and the command line use it too.</source>
        <translation>In der Datenbank gespeichert (Einstellung 'company'); der PDF-Export und die Befehlszeile verwenden es auch.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="37" />
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="38" />
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="39" />
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="40" />
        <source>completed with errors</source>
        <translation>mit Fehlern abgeschlossen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="41" />
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="42" />
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="43" />
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="44" />
        <source>finalized</source>
        <translation>finalisiert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="45" />
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="46" />
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="47" />
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="48" />
        <source>issued</source>
        <translation>ausgestellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="49" />
        <source>invoice</source>
        <translation>Rechnung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="50" />
        <source>credit note</source>
        <translation>Gutschrift</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="51" />
        <source>strict</source>
        <translation>strikt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="52" />
        <source>lenient</source>
        <translation>tolerant</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="53" />
        <source>create</source>
        <translation>erstellen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="54" />
        <source>create and correct</source>
        <translation>erstellen und korrigieren</translation>
    </message>
</context>
<context>
    <name>TargetPage</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="113" />
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="114" />
        <source>Which accounts does the run bill? The list is resolved and frozen when the run is created.</source>
        <translation>Welche Kunden rechnet der Lauf ab? Die Liste wird beim Erstellen des Laufs bestimmt und eingefroren.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="118" />
        <source>All valid accounts</source>
        <translation>Alle gültigen Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="119" />
        <source>Customer group</source>
        <translation>Kundengruppe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="120" />
        <source>Energy community</source>
        <translation>Energiegemeinschaft</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="121" />
        <source>Selected accounts</source>
        <translation>Ausgewählte Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="126" />
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="139" />
        <source>Search account, name or city</source>
        <translation>Kunde, Name oder Ort suchen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="159" />
        <source>Counting accounts…</source>
        <translation>Kunden werden gezählt…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="165" />
        <source>{n} accounts are supplied in the period and have a tariff and a metering point.</source>
        <translation>{n} Kunden werden in der Periode beliefert und haben einen Tarif und einen Messpunkt.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="192" />
        <source>{n} account(s) selected</source>
        <translation>{n} Kunde(n) ausgewählt</translation>
    </message>
</context>
<context>
    <name>TariffsModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="508" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="508" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="509" />
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="509" />
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="510" />
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="510" />
        <source>Latest valid from</source>
        <translation>Neueste gültig ab</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="511" />
        <source>Accounts</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="511" />
        <source>Components</source>
        <translation>Komponenten</translation>
    </message>
</context>
<context>
    <name>TariffsPage</name>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="415" />
        <source>Components of the latest version:</source>
        <translation>Komponenten der neuesten Version:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="416" />
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="416" />
        <source>Pricing</source>
        <translation>Preisart</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="416" />
        <source>Label</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="417" />
        <source>VAT %</source>
        <translation>MWST %</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="419" />
        <source>Tariffs</source>
        <translation>Tarife</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="430" />
        <source>Index prices</source>
        <translation>Indexpreise</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/pages.py" line="462" />
        <source>{code}: latest {n} prices</source>
        <translation>{code}: neueste {n} Preise</translation>
    </message>
</context>
</TS>