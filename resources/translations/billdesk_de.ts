<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name />
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="189" />
        <source>identical</source>
        <translation>identisch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="189" />
        <source>DIFFERENT</source>
        <translation>ABWEICHEND</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="199" />
        <source>{point} ({token}): produced {kwh} kWh, producer {producer}</source>
        <translation>{point} ({token}): produziert {kwh} kWh, Produzent {producer}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="203" />
        <source>{account}: {kwh} kWh local energy, paid {paid}</source>
        <translation>{account}: {kwh} kWh lokale Energie, bezahlt {paid}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="207" />
        <source>flat local price {p}</source>
        <translation>einheitlicher lokaler Preis {p}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="208" />
        <source>each member's own price per interval</source>
        <translation>Preis jedes Mitglieds pro Intervall</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="209" />
        <source>surplus price {p}</source>
        <translation>Überschusspreis {p}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="214" />
        <source>credited to this producer {a} kWh of the members' {m} kWh local energy</source>
        <translation>diesem Produzenten gutgeschrieben: {a} kWh der {m} kWh lokalen Energie der Mitglieder</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../billdesk/gui/about.py" line="20" />
        <source>Liberation Sans fonts (embedded in invoices)</source>
        <translation>Schriften Liberation Sans (in den Rechnungen eingebettet)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="22" />
        <source>sRGB colour profile (PDF/A output intent)</source>
        <translation>sRGB-Farbprofil (PDF/A-Ausgabebedingung)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="24" />
        <source>BDEW standard load profiles H25, G25, L25 (via demandlib)</source>
        <translation>BDEW-Standardlastprofile H25, G25, L25 (über demandlib)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="27" />
        <source>Swiss day-ahead prices 2018 (SMARD, Bundesnetzagentur)</source>
        <translation>Schweizer Day-Ahead-Preise 2018 (SMARD, Bundesnetzagentur)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="51" />
        <source>About billdesk</source>
        <translation>Über billdesk</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="55" />
        <source>&lt;h3&gt;billdesk {v}&lt;/h3&gt;&lt;p&gt;Bill runs for energy utilities and energy communities.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;billdesk {v}&lt;/h3&gt;&lt;p&gt;Rechnungsläufe für Energieversorger und Energiegemeinschaften.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="57" />
        <source>&lt;p&gt;Database: {db}&lt;/p&gt;</source>
        <translation>&lt;p&gt;Datenbank: {db}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="61" />
        <source>Bundled fonts and data, and their licences:</source>
        <translation>Mitgelieferte Schriften und Daten und ihre Lizenzen:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/about.py" line="88" />
        <source>Cannot read {path}: {err}</source>
        <translation>{path} kann nicht gelesen werden: {err}</translation>
    </message>
</context>
<context>
    <name>AccountsModel</name>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="82" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="83" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="84" />
        <source>Postcode</source>
        <translation>PLZ</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="85" />
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="86" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="87" />
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="88" />
        <source>Tariff</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="89" />
        <source>Supply start</source>
        <translation>Lieferbeginn</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="90" />
        <source>Supply end</source>
        <translation>Lieferende</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="91" />
        <source>the last day supplied</source>
        <translation>der letzte belieferte Tag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="92" />
        <source>Consumption point</source>
        <translation>Verbrauchsmesspunkt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="93" />
        <source>Production point</source>
        <translation>Produktionsmesspunkt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="94" />
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
</context>
<context>
    <name>AccountsPage</name>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="67" />
        <source>Search account, name, address, postcode or e-mail</source>
        <translation>Kunde, Name, Adresse, PLZ oder E-Mail suchen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="86" />
        <source>Select an account to see its metering points, interval data and bills.</source>
        <translation>Einen Kunden wählen, um Messpunkte, Lastgang und Rechnungen zu sehen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="91" />
        <source>Metering point</source>
        <translation>Messpunkt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="91" />
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="92" />
        <source>Months</source>
        <translation>Monate</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="92" />
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="92" />
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="93" />
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="96" />
        <source>Bills:</source>
        <translation>Rechnungen:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="105" />
        <source>Metering point:</source>
        <translation>Messpunkt:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="108" />
        <source>Month:</source>
        <translation>Monat:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="114" />
        <source>Drag a rectangle to zoom, right-click to zoom out. Colours show each value's quality flag.</source>
        <translation>Rechteck ziehen zum Zoomen, Rechtsklick zum Verkleinern. Farben zeigen die Qualität jedes Werts.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="143" />
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="165" />
        <source>{n} of {t} accounts</source>
        <translation>{n} von {t} Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="196" />
        <source>Tariff</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="197" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="198" />
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="199" />
        <source>Supplied</source>
        <translation>Beliefert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="200" />
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_page.py" line="201" />
        <source>Communities</source>
        <translation>Gemeinschaften</translation>
    </message>
</context>
<context>
    <name>AttemptMessage</name>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="31" />
        <source>{n} missing interval(s) filled (estimated)</source>
        <extracomment>every template of the engine's and the run services' attempt messages (billdesk.engine, billdesk.runs, billdesk.domain.quality): the English source is the template itself</extracomment>
        <translation>{n} fehlende(s) Intervall(e) ergänzt (geschätzt)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="32" />
        <source>all {n} intervals of the supplied period are missing</source>
        <translation>alle {n} Intervalle der belieferten Periode fehlen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="33" />
        <source>allocated local energy is unknown, negative or more than the consumption in some interval(s)</source>
        <translation>die zugeteilte lokale Energie ist in einzelnen Intervallen unbekannt, negativ oder grösser als der Verbrauch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="35" />
        <source>exported energy is unknown or negative</source>
        <translation>die eingespeiste Energie ist unbekannt oder negativ</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="36" />
        <source>price series {series} has no price for {n} interval(s) of {range}</source>
        <translation>Preisreihe {series} hat für {n} Intervall(e) in {range} keinen Preis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="38" />
        <source>community energy allocated but no local price is known</source>
        <translation>Gemeinschaftsenergie zugeteilt, aber kein lokaler Preis bekannt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="40" />
        <source>fingerprint: {detail}</source>
        <translation>Interner Fehler beim Fingerabdruck: {detail}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="42" />
        <source>supply {range} is outside the period {period}</source>
        <translation>die Belieferung {range} liegt ausserhalb der Periode {period}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="43" />
        <source>the account has no tariff</source>
        <translation>der Kunde hat keinen Tarif</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="44" />
        <source>no version of tariff {code} in force on {day} (first valid from {day2})</source>
        <translation>keine Version des Tarifs {code} am {day} gültig (erste gültig ab {day2})</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="46" />
        <source>tariff currency changes inside the period ({list})</source>
        <translation>die Tarifwährung wechselt innerhalb der Periode ({list})</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="48" />
        <source>{n} interval(s) worse than {q} (worst: {q2})</source>
        <translation>{n} Intervall(e) schlechter als «{q}» (schlechtestes: «{q2}»)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="49" />
        <source>measured share {pct} below minimum {pct2}</source>
        <translation>Anteil gemessen {pct} unter dem Minimum von {pct2}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="50" />
        <source>{n} missing interval(s), at most {n2} allowed</source>
        <translation>{n} fehlende(s) Intervall(e), höchstens {n2} erlaubt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="52" />
        <source>community {name} has time-of-use local prices but tariff {code} has no time-of-use schedule</source>
        <translation>die Gemeinschaft {name} hat zeitabhängige lokale Preise, aber der Tarif {code} hat keinen Zeitplan</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="54" />
        <source>community {name} has no local price for period {tou} of tariff {code}'s schedule (it has {list})</source>
        <translation>die Gemeinschaft {name} hat keinen lokalen Preis für die Zeitzone {tou} des Zeitplans von Tarif {code} (sie hat {list})</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="57" />
        <source>shapes do not fit: consumption {shape}, production {shape2}</source>
        <translation>Dimensionen passen nicht: Verbrauch {shape}, Produktion {shape2}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="59" />
        <source>active mask {shape} does not match consumption {shape2}</source>
        <translation>Mitgliedschaftsmaske {shape} passt nicht zum Verbrauch {shape2}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="61" />
        <source>consumption or production has unknown (NaN) values</source>
        <translation>Verbrauch oder Produktion hat unbekannte Werte (NaN)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="62" />
        <source>consumption and production must not be negative</source>
        <translation>Verbrauch und Produktion dürfen nicht negativ sein</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="63" />
        <source>static allocation needs shares</source>
        <translation>die feste Zuteilung braucht Anteile</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="64" />
        <source>shares must be {n} values &gt;= 0</source>
        <translation>die Anteile müssen {n} Werte &gt;= 0 sein</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="65" />
        <source>shares add up to {x} &gt; 1</source>
        <translation>die Anteile ergeben zusammen {x} &gt; 1</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="66" />
        <source>shapes do not fit: local {shape}, consumption {shape2}, production {shape3}</source>
        <translation>Dimensionen passen nicht: lokal {shape}, Verbrauch {shape2}, Produktion {shape3}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="68" />
        <source>the local-energy series of member {code} was not delivered for {n} interval(s) of its membership, first {when}; import the grid operator's 'local' series for it</source>
        <translation>die Reihe der lokalen Energie des Mitglieds {code} fehlt für {n} Intervall(e) seiner Mitgliedschaft, erstmals {when}; die Reihe «local» des Netzbetreibers dafür importieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="72" />
        <source>local energy of member {code} is unknown or negative in {when}</source>
        <translation>die lokale Energie des Mitglieds {code} ist in {when} unbekannt oder negativ</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="74" />
        <source>local energy of member {code} ({x} kWh) exceeds its consumption ({x2} kWh) in {when}</source>
        <translation>die lokale Energie des Mitglieds {code} ({x} kWh) übersteigt in {when} seinen Verbrauch ({x2} kWh)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="77" />
        <source>tariff {code} cannot be read: {detail}</source>
        <translation>der Tarif {code} ist nicht lesbar: {detail}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="78" />
        <source>tariff {code} is for time zone {zone}, the utility's is {zone2}; re-import it with "timezone": "{zone3}"</source>
        <translation>der Tarif {code} gilt für die Zeitzone {zone}, die des Versorgers ist {zone2}; ihn mit "timezone": "{zone3}" neu importieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="81" />
        <source>account {code} has no consumption metering point; add one in the accounts file and import it</source>
        <translation>der Kunde {code} hat keinen Verbrauchsmesspunkt; einen in der Kundendatei ergänzen und sie importieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="83" />
        <source>account {code} has no tariff</source>
        <translation>der Kunde {code} hat keinen Tarif</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="84" />
        <source>tariff {code} of account {code2} is unknown; import it first</source>
        <translation>der Tarif {code} des Kunden {code2} ist unbekannt; ihn zuerst importieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="86" />
        <source>allocation of community {name} failed: {msg}; check {what}</source>
        <translation>die Zuteilung der Gemeinschaft {name} ist gescheitert: {msg}; {what} prüfen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="88" />
        <source>the grid operator's local-energy series</source>
        <translation>die Reihe der lokalen Energie des Netzbetreibers</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="89" />
        <source>its members' shares and its production data</source>
        <translation>die Anteile ihrer Mitglieder und ihre Produktionsdaten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="90" />
        <source>the local energy of member {code} cannot be priced: {msg}</source>
        <translation>die lokale Energie des Mitglieds {code} lässt sich nicht bepreisen: {msg}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="92" />
        <source>tariff {code} of member {code2} is unknown</source>
        <translation>der Tarif {code} des Mitglieds {code2} ist unbekannt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="94" />
        <source>issued bill {number}</source>
        <translation>die ausgestellte Rechnung {number}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="95" />
        <source>draft bill {id} of run {id2}</source>
        <translation>der Rechnungsentwurf {id} des Laufs {id2}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="96" />
        <source>already billed for {period}: {doc}; use billing 'create-and-correct' to correct an issued bill</source>
        <translation>für {period} bereits abgerechnet: {doc}; mit dem Abrechnungsmodus «erstellen und korrigieren» lässt sich eine ausgestellte Rechnung korrigieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="98" />
        <source>{doc} is not issued yet; finalize or cancel run {id} before correcting</source>
        <translation>{doc} ist noch nicht ausgestellt; vor dem Korrigieren den Lauf {id} abschliessen oder abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="100" />
        <source>{doc} covers {range}, another period overlapping {period}; it cannot be corrected by this run</source>
        <translation>{doc} umfasst {range}, eine andere Periode, die sich mit {period} überschneidet; dieser Lauf kann sie nicht korrigieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="102" />
        <source>inputs unchanged since {doc}; nothing to correct</source>
        <translation>Eingaben seit {doc} unverändert; nichts zu korrigieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="103" />
        <source>total {amount} {currency} is negative; check the meter data and the feed-in of this account</source>
        <translation>das Total {amount} {currency} ist negativ; Messdaten und Einspeisung dieses Kunden prüfen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="105" />
        <source>total {amount} {currency} deviates by more than {x}x from the previous bill {number} ({amount2} {currency2}); check the meter data</source>
        <translation>das Total {amount} {currency} weicht um mehr als das {x}-Fache von der vorigen Rechnung {number} ab ({amount2} {currency2}); die Messdaten prüfen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="108" />
        <source>corrects {doc}: credit note and replacement invoice</source>
        <translation>korrigiert {doc}: Gutschrift und Ersatzrechnung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="111" />
        <source>producer not paid: {msg}</source>
        <translation>Produzent nicht vergütet: {msg}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="112" />
        <source>{doc} already pays {code} for community {name}; finalize or cancel run {id} first</source>
        <translation>{doc} vergütet {code} bereits für die Gemeinschaft {name}; zuerst den Lauf {id} abschliessen oder abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="114" />
        <source>community {name}: already paid by {doc}</source>
        <translation>Gemeinschaft {name}: bereits vergütet mit {doc}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="115" />
        <source>community {name}: corrects {doc}</source>
        <translation>Gemeinschaft {name}: korrigiert {doc}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="116" />
        <source>{n} self-billing credit note(s) for its production</source>
        <translation>{n} Gutschrift(en) im Gutschriftverfahren für seine Produktion</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="118" />
        <source>billing engine error ({error}: {detail}); report this to support</source>
        <translation>Fehler der Abrechnung ({error}: {detail}); bitte dem Support melden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="120" />
        <source>metering point {code}: {msg}; import its readings for {period}</source>
        <translation>Messpunkt {code}: {msg}; seine Messwerte für {period} importieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="122" />
        <source>{msg}; import corrected readings or lower the run's thresholds</source>
        <translation>{msg}; korrigierte Messwerte importieren oder die Mindestwerte des Laufs senken</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="125" />
        <source>no consumption metering point</source>
        <translation>kein Verbrauchsmesspunkt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="126" />
        <source>no meter data: all {n} intervals missing</source>
        <translation>keine Messdaten: alle {n} Intervalle fehlen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="128" />
        <source>{error}: {detail}</source>
        <translation>Interner Fehler ({error}): {detail}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="247" />
        <source>from {day}</source>
        <extracomment>field name (without a trailing digit) -&gt; its pattern fields holding a message of their own (translated in turn)</extracomment>
        <translation>ab {day}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="266" />
        <source>no tariff</source>
        <translation>kein Tarif</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="267" />
        <source>no meter data</source>
        <translation>keine Messdaten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="268" />
        <source>data quality</source>
        <translation>Datenqualität</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="269" />
        <source>already billed</source>
        <translation>bereits abgerechnet</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="270" />
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="271" />
        <source>allocation error</source>
        <translation>Zuteilungsfehler</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="272" />
        <source>implausible amount</source>
        <translation>unplausibler Betrag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempt_messages.py" line="273" />
        <source>internal error</source>
        <translation>interner Fehler</translation>
    </message>
</context>
<context>
    <name>AttemptsModel</name>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="84" />
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="130" />
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="131" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="132" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="133" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="134" />
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="135" />
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="136" />
        <source>Measured</source>
        <translation>Gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="137" />
        <source>intervals flagged measured</source>
        <translation>Intervalle mit Kennzeichen gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="138" />
        <source>Substituted</source>
        <translation>Ersatzwert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="139" />
        <source>intervals flagged substituted</source>
        <translation>Intervalle mit Kennzeichen Ersatzwert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="140" />
        <source>Estimated</source>
        <translation>Geschätzt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="141" />
        <source>intervals flagged estimated</source>
        <translation>Intervalle mit Kennzeichen geschätzt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="142" />
        <source>Missing</source>
        <translation>Fehlend</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="143" />
        <source>intervals without a value</source>
        <translation>Intervalle ohne Wert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="144" />
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="145" />
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="146" />
        <source>billing time of the account</source>
        <translation>Abrechnungszeit des Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="147" />
        <source>Bill</source>
        <translation>Rechnung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/attempts_model.py" line="148" />
        <source>the invoice number (drafts have none yet)</source>
        <translation>die Rechnungsnummer (Entwürfe haben noch keine)</translation>
    </message>
</context>
<context>
    <name>AuditLogModel</name>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="77" />
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="77" />
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="77" />
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="78" />
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="78" />
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="79" />
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>AuditLogPage</name>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="148" />
        <source>An action, or a prefix ending in '.' (run., bill., import., send., settings.)</source>
        <translation>Eine Aktion oder ein Präfix mit '.' am Ende (run., bill., import., send., settings.)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="151" />
        <source>object id</source>
        <translation>Objekt-Nr.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="153" />
        <source>run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="156" />
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="156" />
        <source>Action:</source>
        <translation>Aktion:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="157" />
        <source>Object:</source>
        <translation>Objekt:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="158" />
        <source>Run:</source>
        <translation>Lauf:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="162" />
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="175" />
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="177" />
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="181" />
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="198" />
        <source>Cancel export</source>
        <translation>Export abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="248" />
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="270" />
        <source>{n} entries</source>
        <translation>{n} Einträge</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="273" />
        <source>Export the audit log</source>
        <translation>Prüfprotokoll exportieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="274" />
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_log.py" line="294" />
        <source>{n} entries exported</source>
        <translation>{n} Einträge exportiert</translation>
    </message>
</context>
<context>
    <name>BillDialog</name>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="48" />
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="73" />
        <source>Open PDF</source>
        <translation>PDF öffnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="23" />
        <source>Invoice</source>
        <translation>Rechnung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="24" />
        <source>Credit note</source>
        <translation>Gutschrift</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="25" />
        <source>Self-billing credit note</source>
        <translation>Gutschrift im Gutschriftsverfahren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="29" />
        <source>Draft {what} (id {id})</source>
        <translation>Entwurf: {what} (Nr. {id})</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="43" />
        <source>Bill</source>
        <translation>Rechnung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="65" />
        <source>Lines</source>
        <translation>Positionen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="70" />
        <source>Explain</source>
        <translation>Herleitung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="77" />
        <source>Cancel bill…</source>
        <translation>Rechnung stornieren…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="79" />
        <source>Issue a credit note that cancels this invoice</source>
        <translation>Eine Gutschrift ausstellen, die diese Rechnung storniert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="114" />
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="115" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="116" />
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="118" />
        <source>Issued</source>
        <translation>Ausgestellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="120" />
        <source>Corrects</source>
        <translation>Korrigiert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="123" />
        <source>Replacement invoice</source>
        <translation>Ersatzrechnung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="125" />
        <source>Credit note of the same correction</source>
        <translation>Gutschrift derselben Korrektur</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="127" />
        <source>Cancelled by</source>
        <translation>Storniert durch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="129" />
        <source>Replaced by</source>
        <translation>Ersetzt durch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="136" />
        <source>Net</source>
        <translation>Netto</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="136" />
        <source>VAT</source>
        <translation>MWST</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="137" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="142" />
        <source>Not exported yet (Export PDFs on the run)</source>
        <translation>Noch nicht exportiert (PDFs beim Lauf exportieren)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="166" />
        <location filename="../../billdesk/gui/bill_dialog.py" line="171" />
        <source>Cancel bill</source>
        <translation>Rechnung stornieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="167" />
        <source>Why is {number} cancelled? (printed on the credit note's record)</source>
        <translation>Warum wird {number} storniert? (wird bei der Gutschrift festgehalten)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="172" />
        <source>Cancel invoice {number} of {customer} over {total}?</source>
        <translation>Rechnung {number} von {customer} über {total} stornieren?</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="175" />
        <source>A credit note of {total} is issued now with the next credit-note number and the invoice becomes 'cancelled'. An issued document never changes: this cannot be undone.</source>
        <translation>Eine Gutschrift über {total} wird jetzt mit der nächsten Gutschriftsnummer ausgestellt, und die Rechnung wird «storniert». Ein ausgestelltes Dokument ändert sich nie: das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_dialog.py" line="179" />
        <source>Issue the credit note</source>
        <translation>Gutschrift ausstellen</translation>
    </message>
</context>
<context>
    <name>BillsModel</name>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="276" />
        <source>Id</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="265" />
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="266" />
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="267" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="268" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="269" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="270" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="271" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="275" />
        <source>Delivery</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="277" />
        <source>the internal id (drafts have no number)</source>
        <translation>die interne Nummer (Entwürfe haben keine Rechnungsnummer)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="272" />
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="273" />
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="274" />
        <source>Issued</source>
        <translation>Ausgestellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_model.py" line="237" />
        <source>(draft)</source>
        <translation>(Entwurf)</translation>
    </message>
</context>
<context>
    <name>BillsPage</name>
    <message>
        <location filename="../../billdesk/gui/bills_page.py" line="23" />
        <source>Search number, account or name</source>
        <translation>Nummer, Kunde oder Name suchen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_page.py" line="27" />
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_page.py" line="29" />
        <location filename="../../billdesk/gui/bills_page.py" line="35" />
        <location filename="../../billdesk/gui/bills_page.py" line="44" />
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_page.py" line="33" />
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_page.py" line="39" />
        <source>Delivery:</source>
        <translation>Zustellung:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bills_page.py" line="84" />
        <source>{n} of {t} bills</source>
        <translation>{n} von {t} Rechnungen</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="29" />
        <source>measured</source>
        <translation>gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="30" />
        <source>substituted</source>
        <translation>Ersatzwert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="31" />
        <source>estimated</source>
        <translation>geschätzt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="32" />
        <source>missing</source>
        <translation>fehlend</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="76" />
        <source>Data quality mix (intervals)</source>
        <translation>Datenqualität (Intervalle)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="110" />
        <source>% of intervals</source>
        <translation>% der Intervalle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="121" />
        <source>Amount distribution</source>
        <translation>Verteilung der Beträge</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="127" />
        <source>bills</source>
        <translation>Rechnungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="153" />
        <source>kWh per 15 min</source>
        <translation>kWh pro 15 min</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="188" />
        <source>kWh per hour</source>
        <translation>kWh pro Stunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="192" />
        <source>consumption</source>
        <translation>Verbrauch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="194" />
        <source>production</source>
        <translation>Produktion</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="196" />
        <source>allocated locally</source>
        <translation>lokal zugeteilt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/charts.py" line="214" />
        <source>price per kWh</source>
        <translation>Preis pro kWh</translation>
    </message>
</context>
<context>
    <name>Common</name>
    <message>
        <location filename="../../billdesk/gui/common.py" line="64" />
        <source>Export table…</source>
        <translation>Tabelle exportieren…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/messages.py" line="10" />
        <source>Cannot do that</source>
        <translation>Nicht möglich</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/messages.py" line="11" />
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/messages.py" line="15" />
        <source>This is a bug; the details are in the log.</source>
        <translation>Das ist ein Programmfehler; die Einzelheiten stehen im Protokoll.</translation>
    </message>
</context>
<context>
    <name>CommunitiesPage</name>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="45" />
        <source>Energy communities:</source>
        <translation>Energiegemeinschaften:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="57" />
        <source>Month:</source>
        <translation>Monat:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="63" />
        <source>Statement…</source>
        <translation>Abrechnung…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="66" />
        <source>The community statement for the year of the month shown (PDF or CSV): production, local use, surplus, members and producers</source>
        <translation>Die Jahresabrechnung der Gemeinschaft für das Jahr des gezeigten Monats (PDF oder CSV): Produktion, lokaler Verbrauch, Überschuss, Mitglieder und Produzenten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="130" />
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="132" />
        <source>Allocation</source>
        <translation>Zuteilung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="133" />
        <source>Local energy price</source>
        <translation>Preis Lokalstrom</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="135" />
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="136" />
        <source>Production points (→ producer)</source>
        <translation>Produktionsmesspunkte (→ Produzent)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="173" />
        <source>grid discount {p}</source>
        <translation>Netznutzungsrabatt {p}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="176" />
        <source>price cap {p} of the standard product</source>
        <translation>Preisobergrenze {p} des Standardprodukts</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="178" />
        <source>price cap: external product</source>
        <translation>Preisobergrenze: externes Produkt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="188" />
        <source>Community statement</source>
        <translation>Abrechnung der Gemeinschaft</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="189" />
        <source>PDF (*.pdf);;CSV (*.csv)</source>
        <translation>PDF (*.pdf);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="206" />
        <source>Writing the statement…</source>
        <translation>Abrechnung wird geschrieben…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="210" />
        <source>Statement written to {p}</source>
        <translation>Abrechnung geschrieben: {p}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="137" />
        <source>Allocating…</source>
        <translation>Wird zugeteilt…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="154" />
        <source>Producers (self-billing credit notes)</source>
        <translation>Produzenten (Gutschriften im Gutschriftsverfahren)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="155" />
        <source>{a}: {k} kWh sold, {s} kWh surplus</source>
        <translation>{a}: {k} kWh verkauft, {s} kWh Überschuss</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="158" />
        <source>No producer account is paid for this community's production.</source>
        <translation>Für die Produktion dieser Gemeinschaft wird kein Produzentenkonto bezahlt.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="160" />
        <source>Allocation error: {e}</source>
        <translation>Zuteilungsfehler: {e}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/communities_page.py" line="164" />
        <source>production {p} kWh · allocated {l} kWh ({s} used locally) · members' consumption {c} kWh ({a} covered)</source>
        <translation>Produktion {p} kWh · zugeteilt {l} kWh ({s} lokal genutzt) · Verbrauch der Mitglieder {c} kWh ({a} gedeckt)</translation>
    </message>
</context>
<context>
    <name>Delivery</name>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="26" />
        <source>not sent</source>
        <translation>nicht gesendet</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="27" />
        <source>queued</source>
        <translation>in Warteschlange</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="28" />
        <location filename="../../billdesk/gui/send_models.py" line="29" />
        <source>sending</source>
        <translation>wird gesendet</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="30" />
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="31" />
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="32" />
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="33" />
        <source>bounced</source>
        <translation>zurückgewiesen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="34" />
        <source>print batch</source>
        <translation>Druckstapel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="35" />
        <source>printed</source>
        <translation>gedruckt</translation>
    </message>
</context>
<context>
    <name>DeliveryModel</name>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="123" />
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="124" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="125" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="126" />
        <source>Postcode</source>
        <translation>PLZ</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="127" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="128" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="129" />
        <source>Delivery</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="130" />
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="131" />
        <source>Sent / bounced</source>
        <translation>Gesendet / zurückgewiesen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="132" />
        <source>Tries</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="133" />
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_models.py" line="134" />
        <source>Message-ID</source>
        <translation>Message-ID</translation>
    </message>
</context>
<context>
    <name>DeliveryPanel</name>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="49" />
        <source>Send by e-mail…</source>
        <translation>Per E-Mail senden…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="53" />
        <source>Resend selected</source>
        <translation>Ausgewählte erneut senden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="57" />
        <source>Print batch…</source>
        <translation>Druckstapel…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="60" />
        <source>Accounts without e-mail…</source>
        <translation>Kunden ohne E-Mail…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="61" />
        <source>Without e-mail and undelivered e-mails…</source>
        <translation>Ohne E-Mail und nicht zugestellte E-Mails…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="62" />
        <source>All documents…</source>
        <translation>Alle Dokumente…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="68" />
        <source>Import bounces…</source>
        <translation>Rückläufer importieren…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="76" />
        <source>Search number, account, name or address</source>
        <translation>Nummer, Kunde, Name oder Adresse suchen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="80" />
        <source>Delivery:</source>
        <translation>Zustellung:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="83" />
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="99" />
        <source>%v / %m sent</source>
        <translation>%v / %m gesendet</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="101" />
        <source>Stop sending</source>
        <translation>Versand anhalten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="134" />
        <source>Finalize the run to send its invoices: drafts have no number and no PDF.</source>
        <translation>Den Lauf abschliessen, um seine Rechnungen zu versenden: Entwürfe haben keine Nummer und kein PDF.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="165" />
        <source>{n} documents: {parts}</source>
        <translation>{n} Dokumente: {parts}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="167" />
        <source>({shown} shown)</source>
        <translation>({shown} angezeigt)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="209" />
        <source>Nothing to send: every document with an e-mail address was sent (use Resend selected to send one again).</source>
        <translation>Nichts zu senden: jedes Dokument mit E-Mail-Adresse wurde gesendet («Ausgewählte erneut senden», um eines nochmals zu senden).</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="213" />
        <source>Send {n} invoices by e-mail?</source>
        <translation>{n} Rechnungen per E-Mail senden?</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="216" />
        <source>{n} already sent (or of unknown delivery) are not sent again.</source>
        <translation>{n} bereits gesendete (oder mit unbekannter Zustellung) werden nicht nochmals gesendet.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="219" />
        <source>{n} without an e-mail address go to the print batch.</source>
        <translation>{n} ohne E-Mail-Adresse gehen in den Druckstapel.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="221" />
        <source>Send invoices</source>
        <translation>Rechnungen senden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="231" />
        <source>Send {number} again by e-mail?</source>
        <translation>{number} nochmals per E-Mail senden?</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="233" />
        <source>Send {n} documents again by e-mail?</source>
        <translation>{n} Dokumente nochmals per E-Mail senden?</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="234" />
        <source>Resend</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="246" />
        <source>Preparing the messages…</source>
        <translation>Nachrichten werden vorbereitet…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="261" />
        <source>{sent} sent, {failed} failed, {skipped} skipped ({paper} for the print batch)</source>
        <translation>{sent} gesendet, {failed} fehlgeschlagen, {skipped} übersprungen ({paper} für den Druckstapel)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="266" />
        <source>{n} not sent yet (still queued: send again to continue)</source>
        <translation>{n} noch nicht gesendet (noch in der Warteschlange: nochmals senden, um fortzufahren)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="272" />
        <source>first failure: {n}: {e}</source>
        <translation>erster Fehler: {n}: {e}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="293" />
        <source>Stopping after the current message…</source>
        <translation>Wird nach der laufenden Nachricht angehalten…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="299" />
        <source>Print batch</source>
        <translation>Druckstapel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="300" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="311" />
        <source>Writing the print batch…</source>
        <translation>Druckstapel wird geschrieben…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="323" />
        <source>{n} documents, {p} pages ({s} sheets printed on both sides) in {file}</source>
        <translation>{n} Dokumente, {p} Seiten ({s} beidseitig bedruckte Blätter) in {file}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="326" />
        <source>{n} without PDF</source>
        <translation>{n} ohne PDF</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="330" />
        <source>Import bounces</source>
        <translation>Rückläufer importieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="331" />
        <source>Bounce messages or CSV (*.eml *.mbox *.csv *.txt);;All files (*)</source>
        <translation>Rückläufer oder CSV (*.eml *.mbox *.csv *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/send_panel.py" line="341" />
        <source>{b} bounce(s) recorded, {a} already known, {u} not matched</source>
        <translation>{b} Rückläufer erfasst, {a} bereits bekannt, {u} nicht zugeordnet</translation>
    </message>
</context>
<context>
    <name>ExplainTab</name>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="230" />
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="260" />
        <source>Select a line to list the intervals behind it.</source>
        <translation>Eine Position wählen, um die Intervalle dahinter aufzulisten.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="267" />
        <source>Reading the intervals of line {n}…</source>
        <translation>Intervalle der Position {n} werden gelesen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="279" />
        <source>Line {n}: {k} interval(s), {what}</source>
        <translation>Position {n}: {k} Intervall(e), {what}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="239" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
</context>
<context>
    <name>ImportErrorsModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="433" />
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="433" />
        <source>Line</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="433" />
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="434" />
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../billdesk/gui/window_pages.py" line="28" />
        <source>&lt;b&gt;Import&lt;/b&gt;: accounts, tariffs, index prices, energy communities, or meter data: files or whole folders as operators deliver them (SDAT-CH, EDA, MSCONS, portal exports, billdesk CSV). Drop files or folders here.</source>
        <translation>&lt;b&gt;Import&lt;/b&gt;: Kunden, Tarife, Indexpreise, Energiegemeinschaften oder Messdaten: Dateien oder ganze Ordner, wie die Netzbetreiber sie liefern (SDAT-CH, EDA, MSCONS, Portal-Exporte, billdesk-CSV). Dateien oder Ordner hierher ziehen.</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="33" />
        <source>Accounts (CSV)</source>
        <translation>Kunden (CSV)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="36" />
        <source>Tariffs (JSON)</source>
        <translation>Tarife (JSON)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="37" />
        <source>Index prices (CSV)</source>
        <translation>Indexpreise (CSV)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="38" />
        <source>Energy communities (JSON)</source>
        <translation>Energiegemeinschaften (JSON)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="45" />
        <source>File type:</source>
        <translation>Dateityp:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="50" />
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="57" />
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="59" />
        <source>Validate only (read and check everything, then roll back: nothing is written)</source>
        <translation>Nur prüfen (alles lesen und prüfen, dann zurücksetzen: nichts wird geschrieben)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="64" />
        <location filename="../../billdesk/gui/import_panel.py" line="92" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="73" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="82" />
        <source>Validation report:</source>
        <translation>Prüfbericht:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="110" />
        <source>An import runs in one transaction and stops at the first problem: fix the line named here and import the file again.</source>
        <translation>Ein Import läuft in einer Transaktion und hält beim ersten Problem an: die genannte Zeile korrigieren und die Datei erneut importieren.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="92" />
        <source>Validate</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="34" />
        <source>Meter data (files or folders: CSV, SDAT-CH, EDA, MSCONS, portal exports)</source>
        <translation>Messdaten (Dateien oder Ordner: CSV, SDAT-CH, EDA, MSCONS, Portal-Exporte)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="48" />
        <source>a file to import (or drop files here)</source>
        <translation>eine Datei zum Importieren (oder Dateien hierher ziehen)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="53" />
        <source>Folder…</source>
        <translation>Ordner…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="103" />
        <source>files or folders, separated by ';' (or drop them here)</source>
        <translation>Dateien oder Ordner, durch ';' getrennt (oder hierher ziehen)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="104" />
        <source>a file to import (or drop it here)</source>
        <translation>eine Datei zum Importieren (oder hierher ziehen)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="107" />
        <source>Each file is checked on its own: a refused file is listed with its place and left out, the others are written together in one transaction. Importing the same files again changes nothing.</source>
        <translation>Jede Datei wird für sich geprüft: Eine abgelehnte Datei wird mit der Fundstelle aufgeführt und ausgelassen, die anderen werden zusammen in einer Transaktion geschrieben. Dieselben Dateien nochmals zu importieren ändert nichts.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="128" />
        <source>Folder with meter data</source>
        <translation>Ordner mit Messdaten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="135" />
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="136" />
        <source>CSV files (*.csv *.txt)</source>
        <translation>CSV-Dateien (*.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="141" />
        <source>Meter data (*.csv *.txt *.xml *.edi *.mscons)</source>
        <translation>Messdaten (*.csv *.txt *.xml *.edi *.mscons)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="142" />
        <location filename="../../billdesk/gui/import_panel.py" line="148" />
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="164" />
        <source>Reading {file}…</source>
        <translation>{file} wird gelesen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="199" />
        <source>&lt;b&gt;Valid.&lt;/b&gt; {rows} row(s) checked, {changed} would change; nothing was written.</source>
        <translation>&lt;b&gt;Gültig.&lt;/b&gt; {rows} Zeile(n) geprüft, {changed} würden sich ändern; nichts wurde geschrieben.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="202" />
        <source>&lt;b&gt;Imported.&lt;/b&gt; {rows} row(s), {changed} changed.</source>
        <translation>&lt;b&gt;Importiert.&lt;/b&gt; {rows} Zeile(n), {changed} geändert.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="211" />
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="212" />
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="223" />
        <source>Not imported.</source>
        <translation>Nicht importiert.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/import_panel.py" line="224" />
        <source>Nothing was written.</source>
        <translation>Es wurde nichts geschrieben.</translation>
    </message>
</context>
<context>
    <name>IntervalsModel</name>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="130" />
        <source>Start (UTC)</source>
        <extracomment>a self-billing note's intervals also show what the credit came from</extracomment>
        <translation>Beginn (UTC)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="130" />
        <source>Local time</source>
        <translation>Ortszeit</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="131" />
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="131" />
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="132" />
        <source>Quality</source>
        <translation>Qualität</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="132" />
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="133" />
        <source>Produced (kWh)</source>
        <translation>Produziert (kWh)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="134" />
        <source>Members' local (kWh)</source>
        <translation>Lokal der Mitglieder (kWh)</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="328" />
        <source>German</source>
        <translation>Deutsch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="329" />
        <source>French</source>
        <translation>Französisch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="330" />
        <source>Italian</source>
        <translation>Italienisch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="331" />
        <source>English</source>
        <translation>Englisch</translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <location filename="../../billdesk/gui/app.py" line="125" />
        <location filename="../../billdesk/gui/app.py" line="207" />
        <source>Opening the database…</source>
        <translation>Datenbank wird geöffnet…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/app.py" line="125" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/app.py" line="176" />
        <source>Creating the demo database…</source>
        <translation>Demo-Datenbank wird erstellt…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/app.py" line="230" />
        <source>Cannot open the database:</source>
        <translation>Die Datenbank kann nicht geöffnet werden:</translation>
    </message>
</context>
<context>
    <name>LinesModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="299" />
        <source>Line</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="299" />
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="300" />
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="300" />
        <source>Unit price</source>
        <translation>Einzelpreis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="301" />
        <source>Net amount</source>
        <translation>Nettobetrag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="301" />
        <source>VAT %</source>
        <translation>MWST %</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="69" />
        <source>Report written to {file}</source>
        <translation>Bericht geschrieben: {file}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="79" />
        <source>Bill Runs</source>
        <translation>Rechnungsläufe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="79" />
        <source>Accounts</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="79" />
        <source>Communities</source>
        <translation>Gemeinschaften</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="80" />
        <source>Bills</source>
        <translation>Rechnungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="80" />
        <source>Tariffs &amp; Prices</source>
        <translation>Tarife &amp; Preise</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="80" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="81" />
        <source>Audit Log</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="143" />
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="144" />
        <source>&amp;New Bill Run…</source>
        <translation>&amp;Neuer Rechnungslauf…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="147" />
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="149" />
        <source>&amp;Accounts…</source>
        <translation>&amp;Kunden…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="149" />
        <source>&amp;Readings…</source>
        <translation>&amp;Messwerte…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="150" />
        <source>&amp;Tariffs…</source>
        <translation>&amp;Tarife…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="150" />
        <source>&amp;Prices…</source>
        <translation>&amp;Preise…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="151" />
        <source>&amp;Communities…</source>
        <translation>&amp;Gemeinschaften…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="155" />
        <source>&amp;Export table…</source>
        <translation>Tabelle &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="158" />
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="162" />
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="165" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="166" />
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="174" />
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="178" />
        <source>&amp;Start or resume</source>
        <translation>&amp;Starten oder fortsetzen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="179" />
        <source>&amp;Cancel…</source>
        <translation>&amp;Abbrechen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="180" />
        <source>Rerun &amp;failed…</source>
        <translation>&amp;Fehlgeschlagene neu abrechnen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="181" />
        <source>&amp;Finalize…</source>
        <translation>Ab&amp;schliessen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="216" />
        <source>role: {r}</source>
        <translation>Rolle: {r}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="216" />
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="243" />
        <source>This page has no table to export.</source>
        <translation>Diese Seite hat keine Tabelle zum Exportieren.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="352" />
        <source>Reopen the window now with the new database or language?</source>
        <translation>Das Fenster jetzt mit der neuen Datenbank oder Sprache neu öffnen?</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="353" />
        <source>Nothing is lost: the window closes and opens again.</source>
        <translation>Nichts geht verloren: das Fenster schliesst und öffnet sich wieder.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="354" />
        <source>Reopen</source>
        <translation>Neu öffnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="388" />
        <source>Times in {zone}</source>
        <translation>Zeiten in {zone}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="398" />
        <source>{a} accounts · {r} runs · {b} bills ({i} issued)</source>
        <translation>{a} Kunden · {r} Läufe · {b} Rechnungen ({i} ausgestellt)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="425" />
        <source>{n} bill run(s)</source>
        <translation>{n} Rechnungslauf/-läufe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="427" />
        <source>a PDF export</source>
        <translation>ein PDF-Export</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="427" />
        <source>sending</source>
        <translation>wird gesendet</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="428" />
        <source>a print batch</source>
        <translation>ein Druckstapel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="429" />
        <source>an import</source>
        <translation>ein Import</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="430" />
        <location filename="../../billdesk/gui/main_window.py" line="431" />
        <source>a table export</source>
        <translation>ein Tabellenexport</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="432" />
        <source>a run report</source>
        <translation>ein Laufbericht</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="440" />
        <source>Work in progress</source>
        <translation>Arbeit läuft</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="441" />
        <source>{what} going on in this window. Stop and quit?</source>
        <translation>{what} in diesem Fenster. Anhalten und beenden?</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="443" />
        <source>is</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="443" />
        <source>are</source>
        <translation>laufen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="444" />
        <source>A bill run stops after its current batch and is left 'cancelled'; an export stops after the invoices being written and can be resumed; sending stops after the current message (the rest stays queued). Nothing is lost or billed twice.</source>
        <translation>Ein Rechnungslauf hält nach dem laufenden Stapel an und bleibt «abgebrochen»; ein Export hält nach den Rechnungen in Arbeit an und kann fortgesetzt werden; der Versand hält nach der laufenden Nachricht an (der Rest bleibt in der Warteschlange). Nichts geht verloren, nichts wird doppelt verrechnet.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="448" />
        <source>Stop and quit</source>
        <translation>Anhalten und beenden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="454" />
        <source>Stopping…</source>
        <translation>Wird angehalten…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="182" />
        <source>&amp;Export PDFs…</source>
        <translation>PDFs &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="183" />
        <source>Re&amp;port…</source>
        <translation>&amp;Bericht…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="189" />
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="190" />
        <source>&amp;Manual</source>
        <translation>&amp;Handbuch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="192" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="195" />
        <source>&amp;About billdesk</source>
        <translation>&amp;Über billdesk</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="227" />
        <source>Select a bill run first.</source>
        <translation>Zuerst einen Rechnungslauf auswählen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="307" />
        <source>Run {id} created</source>
        <translation>Lauf {id} erstellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="315" />
        <source>Run {id} ended: {s}</source>
        <translation>Lauf {id} beendet: {s}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="346" />
        <source>The new database or language applies when this window is reopened; {what} is still going on. Close the window once it has finished, or choose Settings ▸ Save again then.</source>
        <translation>Die neue Datenbank oder Sprache gilt, wenn dieses Fenster neu geöffnet wird; {what} läuft noch. Das Fenster schliessen, sobald es fertig ist, oder dann nochmals Einstellungen ▸ Speichern wählen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="351" />
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/main_window.py" line="364" />
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="72" />
        <source>Open &amp;Audit Package…</source>
        <translation>&amp;Prüfpaket öffnen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="78" />
        <source>&amp;Audit</source>
        <translation>&amp;Prüfung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="80" />
        <source>&amp;Verify Hash Chain</source>
        <translation>Hash-Kette &amp;verifizieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="85" />
        <source>&amp;Check Package (re-compute every bill)</source>
        <translation>Paket &amp;prüfen (jede Rechnung neu berechnen)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="92" />
        <source>&amp;Export Audit Package of the Run…</source>
        <translation>Prüfpaket des Laufs &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="116" />
        <source>billdesk — audit package (read-only)</source>
        <translation>billdesk — Prüfpaket (schreibgeschützt)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="118" />
        <source>Audit package (read-only): {p}</source>
        <translation>Prüfpaket (schreibgeschützt): {p}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="133" />
        <source>Audit package of run {r}: {n} documents, made {at} by {by} from {src}</source>
        <translation>Prüfpaket des Laufs {r}: {n} Dokumente, erstellt {at} von {by} aus {src}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="143" />
        <source>Open Audit Package</source>
        <translation>Prüfpaket öffnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="144" />
        <source>Audit packages (*.bdaudit);;All files (*)</source>
        <translation>Prüfpakete (*.bdaudit);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="168" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="191" />
        <source>Everything holds.</source>
        <translation>Alles stimmt.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="192" />
        <source>Problems found:</source>
        <translation>Gefundene Probleme:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="210" />
        <source>Re-computing every bill of the package…</source>
        <translation>Jede Rechnung des Pakets wird neu berechnet…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="212" />
        <source>Check package</source>
        <translation>Paket prüfen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="220" />
        <source>Verifying the hash chain…</source>
        <translation>Hash-Kette wird verifiziert…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="221" />
        <source>Verify hash chain</source>
        <translation>Hash-Kette verifizieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="231" />
        <source>Select a finalized bill run first.</source>
        <translation>Zuerst einen abgeschlossenen Rechnungslauf auswählen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="233" />
        <source>Export Audit Package</source>
        <translation>Prüfpaket exportieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="235" />
        <source>Audit packages (*.bdaudit)</source>
        <translation>Prüfpakete (*.bdaudit)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="242" />
        <source>Writing the audit package…</source>
        <translation>Prüfpaket wird geschrieben…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/audit_package.py" line="244" />
        <source>Audit package</source>
        <translation>Prüfpaket</translation>
    </message>
</context>
<context>
    <name>ManualDialog</name>
    <message>
        <location filename="../../billdesk/gui/help.py" line="26" />
        <source>billdesk manual</source>
        <translation>billdesk-Handbuch</translation>
    </message>
</context>
<context>
    <name>MembersModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="341" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="341" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="342" />
        <source>Member from</source>
        <translation>Mitglied ab</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="342" />
        <source>Member to</source>
        <translation>Mitglied bis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="343" />
        <source>Static share</source>
        <translation>Fester Anteil</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="343" />
        <source>Consumption kWh</source>
        <translation>Verbrauch kWh</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="344" />
        <source>Allocated kWh</source>
        <translation>Zugeteilt kWh</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="344" />
        <source>Share of production</source>
        <translation>Anteil an Produktion</translation>
    </message>
</context>
<context>
    <name>NewRunWizard</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="627" />
        <source>New Bill Run</source>
        <translation>Neuer Rechnungslauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="631" />
        <source>Create run</source>
        <translation>Lauf erstellen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="656" />
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
</context>
<context>
    <name>OptionsPage</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="253" />
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="254" />
        <source>How the run treats failures, existing bills and meter data of poor quality.</source>
        <translation>Wie der Lauf mit Fehlern, bestehenden Rechnungen und Messdaten schlechter Qualität umgeht.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="257" />
        <source>Error handling</source>
        <translation>Fehlerbehandlung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="259" />
        <source>Lenient</source>
        <translation>Tolerant</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="260" />
        <source>Strict</source>
        <translation>Strikt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="263" />
        <source>Every account is tried; failed accounts are listed afterwards and can be rerun once fixed.</source>
        <translation>Jeder Kunde wird versucht; fehlgeschlagene werden danach aufgelistet und können nach der Korrektur neu abgerechnet werden.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="266" />
        <source>The first failed account stops the run; no bill of a stopped strict run is ever issued.</source>
        <translation>Der erste fehlgeschlagene Kunde stoppt den Lauf; keine Rechnung eines gestoppten strikten Laufs wird je ausgestellt.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="269" />
        <source>Billing mode</source>
        <translation>Abrechnungsmodus</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="271" />
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="272" />
        <source>Create and correct</source>
        <translation>Erstellen und korrigieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="275" />
        <source>Bill accounts that have no bill for the period; an already billed account is skipped (ALREADY_BILLED).</source>
        <translation>Kunden ohne Rechnung für die Periode abrechnen; bereits abgerechnete werden übersprungen (ALREADY_BILLED).</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="278" />
        <source>Also, where an issued bill's inputs changed since (new meter data, tariff change), issue a credit note and a replacement invoice; unchanged accounts are skipped.</source>
        <translation>Zusätzlich: wo sich die Grundlagen einer ausgestellten Rechnung seither geändert haben (neue Messdaten, Tarifänderung), eine Gutschrift und eine Ersatzrechnung ausstellen; unveränderte Kunden werden übersprungen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="282" />
        <source>Minimum data quality and plausibility</source>
        <translation>Mindestdatenqualität und Plausibilität</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="289" />
        <source>Every 15-minute value carries a flag: measured &gt; substituted &gt; estimated &gt; missing. An account below these thresholds fails with DATA_QUALITY and the numbers that failed; a bill deviating from the account's previous one by more than the factor fails with IMPLAUSIBLE_AMOUNT. The next step checks the thresholds for the whole target. The values are remembered for the next run.</source>
        <translation>Jeder 15-Minuten-Wert trägt ein Kennzeichen: gemessen &gt; Ersatzwert &gt; geschätzt &gt; fehlend. Ein Kunde unter diesen Schwellen scheitert mit DATA_QUALITY und den Zahlen, die nicht genügten; eine Rechnung, die um mehr als den Faktor von der vorherigen abweicht, scheitert mit IMPLAUSIBLE_AMOUNT. Der nächste Schritt prüft die Schwellen für das ganze Ziel. Die Werte werden für den nächsten Lauf gemerkt.</translation>
    </message>
</context>
<context>
    <name>PeriodPage</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="54" />
        <source>Billing period</source>
        <translation>Abrechnungsperiode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="55" />
        <source>Which past period does the run bill? Periods are whole local days, the first and the last day included.</source>
        <translation>Welche vergangene Periode rechnet der Lauf ab? Perioden sind ganze lokale Tage, erster und letzter Tag eingeschlossen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="59" />
        <source>Start from a template:</source>
        <translation>Mit einer Vorlage beginnen:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="62" />
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="67" />
        <source>Last month</source>
        <translation>Letzter Monat</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="67" />
        <source>Last quarter</source>
        <translation>Letztes Quartal</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="68" />
        <source>Last year</source>
        <translation>Letztes Jahr</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="68" />
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="76" />
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="80" />
        <source>to (last day)</source>
        <translation>bis (letzter Tag)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="113" />
        <source>The last day must not be before the first.</source>
        <translation>Der letzte Tag darf nicht vor dem ersten liegen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="115" />
        <source>Period: {a} to {b}, {n} days</source>
        <translation>Periode: {a} bis {b}, {n} Tage</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="93" />
        <source>optional; default: period and target</source>
        <translation>optional; Vorgabe: Periode und Ziel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="94" />
        <source>Run name:</source>
        <translation>Name des Laufs:</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <location filename="../../billdesk/gui/permissions.py" line="69" />
        <source>Not allowed for {user}: {why}</source>
        <extracomment>GUI action keys -&gt; capability (billdesk.store.access.CAPABILITIES) gui.policy's action keys -&gt; capability (None: reading is enough)</extracomment>
        <translation>Für {user} nicht erlaubt: {why}</translation>
    </message>
</context>
<context>
    <name>Policy</name>
    <message>
        <location filename="../../billdesk/gui/policy.py" line="65" />
        <source>Not allowed: {why}</source>
        <extracomment>the actions the app knows (documented in docs/gui.md)</extracomment>
        <translation>Nicht erlaubt: {why}</translation>
    </message>
</context>
<context>
    <name>PriceSeriesModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="407" />
        <source>Series</source>
        <translation>Reihe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="407" />
        <source>Prices</source>
        <translation>Preise</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="408" />
        <source>First</source>
        <translation>Erster</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="408" />
        <source>Last</source>
        <translation>Letzter</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="409" />
        <source>Mean price / kWh</source>
        <translation>Mittlerer Preis / kWh</translation>
    </message>
</context>
<context>
    <name>Quality</name>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="311" />
        <source>measured</source>
        <translation>gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="312" />
        <source>substituted</source>
        <translation>Ersatzwert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="313" />
        <source>estimated</source>
        <translation>geschätzt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="314" />
        <source>missing</source>
        <translation>fehlend</translation>
    </message>
</context>
<context>
    <name>QualityModel</name>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="95" />
        <source>Account</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="96" />
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="98" />
        <source>Measured</source>
        <translation>Gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="99" />
        <source>Substituted</source>
        <translation>Ersatzwert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="100" />
        <source>Estimated</source>
        <translation>Geschätzt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="101" />
        <source>Missing</source>
        <translation>Fehlend</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="102" />
        <source>Measured share</source>
        <translation>Anteil gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="97" />
        <source>Why it would fail</source>
        <translation>Warum es scheitern würde</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="59" />
        <location filename="../../billdesk/gui/accounts_model.py" line="73" />
        <source>passes</source>
        <translation>besteht</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/accounts_model.py" line="59" />
        <location filename="../../billdesk/gui/accounts_model.py" line="73" />
        <source>fails</source>
        <translation>scheitert</translation>
    </message>
</context>
<context>
    <name>QualityPage</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="345" />
        <source>Check Data Quality</source>
        <translation>Datenqualität prüfen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="346" />
        <source>The thresholds evaluated for every account of the target, without billing: who would fail, and why.</source>
        <translation>Die Schwellen für jeden Kunden des Ziels geprüft, ohne abzurechnen: wer scheitern würde, und warum.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="350" />
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="355" />
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="366" />
        <source>Only accounts that would fail</source>
        <translation>Nur Kunden, die scheitern würden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="401" />
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="421" />
        <source>Check stopped; run it again to continue.</source>
        <translation>Prüfung angehalten; erneut starten, um fortzufahren.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="429" />
        <source>&lt;b&gt;{p}&lt;/b&gt; of {n} accounts pass, &lt;b&gt;{f}&lt;/b&gt; would fail with DATA_QUALITY or missing meter data.</source>
        <translation>&lt;b&gt;{p}&lt;/b&gt; von {n} Kunden bestehen, &lt;b&gt;{f}&lt;/b&gt; würden mit DATA_QUALITY oder fehlenden Messdaten scheitern.</translation>
    </message>
</context>
<context>
    <name>ReadingsReportModel</name>
    <message>
        <location filename="../../billdesk/gui/readings_import.py" line="29" />
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/readings_import.py" line="30" />
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/readings_import.py" line="31" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/readings_import.py" line="32" />
        <source>Values</source>
        <translation>Werte</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/readings_import.py" line="33" />
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/readings_import.py" line="34" />
        <source>Line / place</source>
        <translation>Zeile / Stelle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/readings_import.py" line="35" />
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/readings_import.py" line="36" />
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/readings_import.py" line="37" />
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/readings_import.py" line="38" />
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/readings_import.py" line="78" />
        <source>line {n}</source>
        <translation>Zeile {n}</translation>
    </message>
</context>
<context>
    <name>RerunDialog</name>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="104" />
        <source>Rerun failed accounts</source>
        <translation>Fehlgeschlagene Kunden neu abrechnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="107" />
        <source>A new draft run over the {n} failed account(s) of run {id}, same period and target. Its data-quality thresholds can differ from the run's, e.g. to accept substituted values that made accounts fail.</source>
        <translation>Ein neuer Entwurfslauf über die {n} fehlgeschlagenen Kunden von Lauf {id}, gleiche Periode und gleiches Ziel. Seine Datenqualitätsschwellen können von denen des Laufs abweichen, z. B. um Ersatzwerte zu akzeptieren, an denen Kunden gescheitert sind.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="115" />
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="122" />
        <source>Create the rerun</source>
        <translation>Neuen Lauf erstellen</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="463" />
        <source>Review and start</source>
        <translation>Prüfen und starten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="464" />
        <source>Creating the run freezes its configuration and account list.</source>
        <translation>Das Erstellen des Laufs friert seine Konfiguration und Kundenliste ein.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="476" />
        <source>Start the run right away</source>
        <translation>Lauf sofort starten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="480" />
        <source>Save as template…</source>
        <translation>Als Vorlage speichern…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="497" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="498" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="499" />
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="500" />
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="501" />
        <source>Accounts</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="502" />
        <source>Would fail on data quality</source>
        <translation>Würden an der Datenqualität scheitern</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="503" />
        <source>Error handling</source>
        <translation>Fehlerbehandlung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="505" />
        <source>Billing mode</source>
        <translation>Abrechnungsmodus</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="509" />
        <source>Minimum data quality</source>
        <translation>Minimale Datenqualität</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="512" />
        <source>Implausible amount factor</source>
        <translation>Faktor für unplausible Beträge</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="522" />
        <source>Checking for other runs over these accounts…</source>
        <translation>Andere Läufe über diese Kunden werden gesucht…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="536" />
        <source>No other active or draft run holds these accounts for this period.</source>
        <translation>Kein anderer aktiver oder Entwurfslauf hält diese Kunden für diese Periode.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="540" />
        <source>run {id} “{name}” ({status}): {n} of these accounts, e.g. {ex}</source>
        <translation>Lauf {id} «{name}» ({status}): {n} dieser Kunden, z. B. {ex}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="545" />
        <location filename="../../billdesk/gui/wizard.py" line="568" />
        <source>Conflict with another run</source>
        <translation>Konflikt mit einem anderen Lauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="547" />
        <source>A run cannot start while another active run holds the same account and month: finalize or cancel that run first, or the new run fails to start.</source>
        <translation>Ein Lauf kann nicht starten, solange ein anderer aktiver Lauf denselben Kunden und Monat hält: diesen Lauf zuerst abschliessen oder abbrechen, sonst startet der neue Lauf nicht.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="559" />
        <source>Strict run</source>
        <translation>Strikter Lauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="560" />
        <source>The quality check predicts that {n} account(s) fail. Create a strict run anyway?</source>
        <translation>Die Qualitätsprüfung sagt voraus, dass {n} Kunden scheitern. Trotzdem einen strikten Lauf erstellen?</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="562" />
        <source>A strict run stops at its first failed account, and no bill of a stopped strict run can ever be issued. A lenient run bills the others and lists the failures.</source>
        <translation>Ein strikter Lauf hält beim ersten fehlgeschlagenen Kunden an, und keine Rechnung eines angehaltenen strikten Laufs kann je ausgestellt werden. Ein toleranter Lauf rechnet die anderen ab und listet die Fehler auf.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="565" />
        <source>Create the strict run</source>
        <translation>Strikten Lauf erstellen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="569" />
        <source>{n} other run(s) hold accounts of this target for the period. Create the run anyway?</source>
        <translation>{n} andere(r) Lauf/Läufe halten Kunden dieses Ziels für die Periode. Den Lauf trotzdem erstellen?</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="572" />
        <source>It will not start until those runs are finalized or cancelled.</source>
        <translation>Er startet erst, wenn diese Läufe abgeschlossen oder abgebrochen sind.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="573" />
        <source>Create it anyway</source>
        <translation>Trotzdem erstellen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="576" />
        <source>Creating the run…</source>
        <translation>Lauf wird erstellt…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="607" />
        <source>Save as template</source>
        <translation>Als Vorlage speichern</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="608" />
        <source>Template name:</source>
        <translation>Name der Vorlage:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="617" />
        <source>Template “{name}” saved.</source>
        <translation>Vorlage «{name}» gespeichert.</translation>
    </message>
</context>
<context>
    <name>RunActions</name>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="169" />
        <source>Cancel bill run {id}?</source>
        <translation>Rechnungslauf {id} abbrechen?</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="170" />
        <source>It stops after the batch being billed and is left 'cancelled'. Its draft bills are never issued; the accounts can be billed in a new run.</source>
        <translation>Er hält nach dem laufenden Stapel an und bleibt «abgebrochen». Seine Entwürfe werden nie ausgestellt; die Kunden können in einem neuen Lauf abgerechnet werden.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="173" />
        <source>The run is left 'cancelled': it cannot be started, resumed or finalized any more, and its draft bills are never issued.</source>
        <translation>Der Lauf bleibt «abgebrochen»: er kann nicht mehr gestartet, fortgesetzt oder abgeschlossen werden, und seine Entwürfe werden nie ausgestellt.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="175" />
        <source>Cancel run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="176" />
        <source>Cancel the run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="192" />
        <source>invoices</source>
        <translation>Rechnungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="192" />
        <source>credit notes</source>
        <translation>Gutschriften</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="193" />
        <source>self-billing credit notes</source>
        <translation>Gutschriften im Gutschriftsverfahren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="194" />
        <source>Invoice numbers {first} to {last}</source>
        <translation>Rechnungsnummern {first} bis {last}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="195" />
        <source>Credit note numbers {first} to {last}</source>
        <translation>Gutschriftsnummern {first} bis {last}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="196" />
        <source>Self-billing credit note numbers {first} to {last}</source>
        <translation>Nummern der Gutschriften im Gutschriftsverfahren {first} bis {last}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="200" />
        <source>Issue {n} bills of run {id} ({kinds}), total {total}?</source>
        <translation>{n} Rechnungen von Lauf {id} ausstellen ({kinds}), Total {total}?</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="204" />
        <source>{kind} numbers {first} to {last}</source>
        <translation>{kind}: Nummern {first} bis {last}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="208" />
        <source>{n} failed account(s) are left out (no bill; rerun them later).</source>
        <translation>{n} fehlgeschlagene Kunden bleiben aussen vor (keine Rechnung; später neu abrechnen).</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="211" />
        <source>{n} account(s) were skipped.</source>
        <translation>{n} Kunden wurden übersprungen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="213" />
        <source>{n} issued original(s) become 'cancelled' by their credit notes.</source>
        <translation>{n} ausgestellte Originale werden durch ihre Gutschriften «storniert».</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="215" />
        <source>Issued bills get their numbers now and can never be changed or deleted; a mistake needs a credit note.</source>
        <translation>Ausgestellte Rechnungen erhalten jetzt ihre Nummern und können nie mehr geändert oder gelöscht werden; ein Fehler braucht eine Gutschrift.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="221" />
        <source>Run {id} is {status}: only completed runs can be finalized.</source>
        <translation>Lauf {id} ist {status}: nur abgeschlossene Läufe können abgeschlossen und ausgestellt werden.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="226" />
        <source>Finalize run</source>
        <translation>Lauf abschliessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="188" />
        <source>Issue {n} bills</source>
        <translation>{n} Rechnungen ausstellen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="250" />
        <source>Run report</source>
        <translation>Laufbericht</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="252" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="252" />
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>RunDetailPage</name>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="69" />
        <source>← Bill Runs</source>
        <translation>← Rechnungsläufe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="77" />
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="77" />
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="78" />
        <source>Queue for workers</source>
        <translation>Für Worker einreihen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="79" />
        <source>Cancel…</source>
        <translation>Abbrechen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="79" />
        <source>Rerun failed…</source>
        <translation>Fehlgeschlagene neu…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="80" />
        <source>Finalize…</source>
        <translation>Abschliessen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="81" />
        <source>Export PDFs…</source>
        <translation>PDFs exportieren…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="81" />
        <source>Report…</source>
        <translation>Bericht…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="87" />
        <source>Send by e-mail…</source>
        <translation>Per E-Mail senden…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="94" />
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="97" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="97" />
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="98" />
        <source>Error handling</source>
        <translation>Fehlerbehandlung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="99" />
        <source>Billing mode</source>
        <translation>Abrechnungsmodus</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="100" />
        <source>Minimum data quality</source>
        <translation>Minimale Datenqualität</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="101" />
        <source>Rerun of</source>
        <translation>Neuabrechnung von</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="101" />
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="102" />
        <source>Started / finished</source>
        <translation>Gestartet / beendet</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="110" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="135" />
        <source>PDF export: %v / %m</source>
        <translation>PDF-Export: %v / %m</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="137" />
        <source>Stop export</source>
        <translation>Export anhalten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="141" />
        <location filename="../../billdesk/gui/run_detail.py" line="612" />
        <source>Resume export</source>
        <translation>Export fortsetzen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="162" />
        <source>Search account or name</source>
        <translation>Kunde oder Name suchen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="166" />
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="168" />
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="172" />
        <source>Open bill</source>
        <translation>Rechnung öffnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="188" />
        <source>Attempts</source>
        <translation>Abrechnungsversuche</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="189" />
        <source>Delivery</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="199" />
        <source>Workers</source>
        <translation>Worker</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="207" />
        <source>Errors by code (click to filter):</source>
        <translation>Fehler nach Code (Klick filtert):</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="215" />
        <source>Data quality of the run</source>
        <translation>Datenqualität des Laufs</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="217" />
        <source>Bill amounts</source>
        <translation>Rechnungsbeträge</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="251" />
        <source>Bill run {id}</source>
        <translation>Rechnungslauf {id}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="319" />
        <source>worst flag {q}, measured ≥ {s}, missing ≤ {m}</source>
        <translation>schlechtestes Kennzeichen {q}, gemessen ≥ {s}, fehlend ≤ {m}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="357" />
        <source>{n} worker(s), {w} working · {a} accounts · {r} accounts/s together</source>
        <translation>{n} Worker, {w} aktiv · {a} Kunden · zusammen {r} Kunden/s</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="360" />
        <source>No worker has billed a batch of this run yet.</source>
        <translation>Noch kein Worker hat einen Stapel dieses Laufs abgerechnet.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="375" />
        <source>{r} accounts/s · about {t} left</source>
        <translation>{r} Kunden/s · noch etwa {t}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="630" />
        <source>export stopped: resume it to write the rest</source>
        <translation>Export angehalten: fortsetzen, um den Rest zu schreiben</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="653" />
        <source>Stopping after the invoices being written…</source>
        <translation>Wird nach den Rechnungen in Arbeit angehalten…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="323" />
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="312" />
        <source>implausible above {f}×</source>
        <translation>unplausibel über {f}×</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="335" />
        <source>{s} succeeded · {f} failed · {k} skipped · {p} pending · total {a}</source>
        <translation>{s} erfolgreich · {f} fehlgeschlagen · {k} übersprungen · {p} ausstehend · Total {a}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="378" />
        <source>measuring throughput…</source>
        <translation>Durchsatz wird gemessen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="386" />
        <source>All attempts</source>
        <translation>Alle Versuche</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="410" />
        <source>{n} of {t} attempts shown</source>
        <translation>{n} von {t} Versuchen angezeigt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="566" />
        <source>PDFs: {n} written to {dir}</source>
        <translation>PDFs: {n} geschrieben nach {dir}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="569" />
        <source>A PDF export is running ({n} of {t}, in another window or process).</source>
        <translation>Ein PDF-Export läuft ({n} von {t}, in einem anderen Fenster oder Prozess).</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="573" />
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="573" />
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="574" />
        <source>with failures</source>
        <translation>mit Fehlern</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="576" />
        <source>PDF export incomplete</source>
        <translation>PDF-Export unvollständig</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="577" />
        <source>({why}): {n} of {t} written to {dir}</source>
        <translation>({why}): {n} von {t} geschrieben nach {dir}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="583" />
        <source>Export PDFs to</source>
        <translation>PDFs exportieren nach</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="599" />
        <source>Preparing the invoices…</source>
        <translation>Rechnungen werden vorbereitet…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="613" />
        <source>Write the {n} PDFs export {id} has not written yet to {dir}?</source>
        <translation>Die {n} PDFs, die Export {id} noch nicht geschrieben hat, nach {dir} schreiben?</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="624" />
        <source>{n} PDF(s) written to &lt;a href='{url}'&gt;{dir}&lt;/a&gt;</source>
        <translation>{n} PDF(s) geschrieben nach &lt;a href='{url}'&gt;{dir}&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="627" />
        <source>{n} failed: {first}</source>
        <translation>{n} fehlgeschlagen: {first}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_detail.py" line="632" />
        <source>No issued bill to export: finalize the run first.</source>
        <translation>Keine ausgestellte Rechnung: zuerst den Lauf abschliessen.</translation>
    </message>
</context>
<context>
    <name>RunMessage</name>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="281" />
        <source>{0} account(s) failed</source>
        <translation>{0} Kunde(n) fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="282" />
        <source>cancelled while running</source>
        <translation>während des Laufs abgebrochen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="283" />
        <source>cancelled; {0} draft bill(s) cancelled</source>
        <translation>abgebrochen; {0} Entwürfe verworfen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="284" />
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="285" />
        <source>cancel requested; the executing process stops after its batch</source>
        <translation>Abbruch verlangt; der ausführende Prozess hält nach seinem Stapel an</translation>
    </message>
</context>
<context>
    <name>RunsModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="221" />
        <source>Id</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="221" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="221" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="222" />
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="222" />
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="223" />
        <source>Billing mode</source>
        <translation>Abrechnungsmodus</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="223" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="224" />
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="224" />
        <source>Accounts</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="225" />
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="225" />
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="226" />
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="226" />
        <source>Total amount</source>
        <translation>Gesamtbetrag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="227" />
        <source>Created by</source>
        <translation>Erstellt von</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="227" />
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="228" />
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="153" />
        <source>New Bill Run…</source>
        <translation>Neuer Rechnungslauf…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="159" />
        <source>Search name, target or creator</source>
        <translation>Name, Ziel oder Ersteller suchen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="162" />
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="164" />
        <location filename="../../billdesk/gui/runs_page.py" line="171" />
        <location filename="../../billdesk/gui/runs_page.py" line="175" />
        <location filename="../../billdesk/gui/runs_page.py" line="285" />
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="169" />
        <source>Period:</source>
        <translation>Periode:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="173" />
        <source>Target:</source>
        <translation>Ziel:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="176" />
        <source>all valid accounts</source>
        <translation>alle gültigen Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="176" />
        <source>accounts</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="177" />
        <source>group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="177" />
        <source>community</source>
        <translation>Gemeinschaft</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="237" />
        <source>No bill runs yet: start one with New Bill Run… (Ctrl+N). Check Data Quality is its fourth step.</source>
        <translation>Noch keine Rechnungsläufe: mit «Neuer Rechnungslauf…» (Ctrl+N) einen starten. Die Datenqualitätsprüfung ist sein vierter Schritt.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="240" />
        <source>{shown} of {total} runs</source>
        <translation>{shown} von {total} Läufen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="331" />
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="331" />
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="332" />
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="332" />
        <source>Queue for workers</source>
        <translation>Für Worker einreihen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="333" />
        <source>Cancel run…</source>
        <translation>Lauf abbrechen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="334" />
        <source>Finalize (issue bills)…</source>
        <translation>Abschliessen (Rechnungen ausstellen)…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="335" />
        <source>Rerun failed accounts…</source>
        <translation>Fehlgeschlagene Kunden neu abrechnen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="336" />
        <source>Report (PDF/CSV)…</source>
        <translation>Bericht (PDF/CSV)…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/runs_page.py" line="335" />
        <source>Export PDFs…</source>
        <translation>PDFs exportieren…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="29" />
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="40" />
        <source>SQLite file on this computer</source>
        <translation>SQLite-Datei auf diesem Computer</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="41" />
        <source>PostgreSQL server (shared)</source>
        <translation>PostgreSQL-Server (gemeinsam)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="46" />
        <location filename="../../billdesk/gui/dialogs.py" line="102" />
        <location filename="../../billdesk/gui/dialogs.py" line="139" />
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="53" />
        <source>URL (no password):</source>
        <translation>URL (ohne Passwort):</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="56" />
        <source>stored in the system keyring</source>
        <translation>im Schlüsselbund des Systems gespeichert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="57" />
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="59" />
        <source>The password is kept in the system keyring ({backend}), never in the settings file. Leave it empty to use the libpq files (~/.pgpass, PGPASSWORD, service files).</source>
        <translation>Das Passwort liegt im Schlüsselbund des Systems ({backend}), nie in der Einstellungsdatei. Leer lassen, um die libpq-Dateien zu verwenden (~/.pgpass, PGPASSWORD, Service-Dateien).</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="67" />
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="75" />
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="87" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="87" />
        <source>Street</source>
        <translation>Strasse</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="88" />
        <source>Postcode</source>
        <translation>PLZ</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="88" />
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="89" />
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="89" />
        <source>VAT number</source>
        <translation>MWST-Nummer</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="90" />
        <source>Registration id (UID)</source>
        <translation>Registernummer (UID)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="91" />
        <source>Registration scheme (ICD)</source>
        <translation>Registerschema (ICD)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="92" />
        <source>IBAN / QR-IBAN</source>
        <translation>IBAN / QR-IBAN</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="92" />
        <location filename="../../billdesk/gui/dialogs.py" line="149" />
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="93" />
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="93" />
        <source>Website</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="94" />
        <source>Logo (PNG/JPEG)</source>
        <translation>Logo (PNG/JPEG)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="109" />
        <source>CHE-123.456.788 MWST; empty: not registered for VAT</source>
        <translation>CHE-123.456.788 MWST; leer: nicht mehrwertsteuerpflichtig</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="111" />
        <source>CHE-123.456.788 (required without a VAT number)</source>
        <translation>CHE-123.456.788 (ohne MWST-Nummer erforderlich)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="113" />
        <source>0183 for a Swiss UID (filled in)</source>
        <translation>0183 für eine Schweizer UID (wird ergänzt)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="114" />
        <source>Loading from the database…</source>
        <translation>Wird aus der Datenbank geladen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="117" />
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="128" />
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="133" />
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="142" />
        <source>PDF output folder:</source>
        <translation>PDF-Ausgabeordner:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="144" />
        <source>Time zone:</source>
        <translation>Zeitzone:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="145" />
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="151" />
        <source>E-mail texts</source>
        <translation>E-Mail-Texte</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="182" />
        <source>SQLite database</source>
        <translation>SQLite-Datenbank</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="184" />
        <source>SQLite (*.sqlite *.db)</source>
        <translation>SQLite (*.sqlite *.db)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="191" />
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="192" />
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Bilder (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="197" />
        <source>PDF output folder</source>
        <translation>PDF-Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="212" />
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="219" />
        <source>Connected: {db}, schema {rev}</source>
        <translation>Verbunden: {db}, Schema {rev}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="220" />
        <source>not created yet</source>
        <translation>noch nicht erstellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="234" />
        <source>Stored in the database (settings key 'company'); the PDF export and the command line use it too.</source>
        <translation>In der Datenbank gespeichert (Einstellung 'company'); der PDF-Export und die Befehlszeile verwenden es auch.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/dialogs.py" line="262" />
        <source>(fixed once the database holds data)</source>
        <translation>(fest, sobald die Datenbank Daten enthält)</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../billdesk/gui/help.py" line="44" />
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/help.py" line="50" />
        <source>Open the selected run or bill</source>
        <translation>Ausgewählten Lauf oder Rechnung öffnen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/help.py" line="50" />
        <source>Enter / double-click</source>
        <translation>Enter / Doppelklick</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/help.py" line="51" />
        <source>Context menu of a table (export, run actions)</source>
        <translation>Kontextmenü einer Tabelle (Export, Laufaktionen)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/help.py" line="52" />
        <source>Right-click / Menu key</source>
        <translation>Rechtsklick / Menütaste</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/help.py" line="53" />
        <source>Next / previous field</source>
        <translation>Nächstes / vorheriges Feld</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/help.py" line="56" />
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/help.py" line="56" />
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
</context>
<context>
    <name>SmtpTab</name>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="22" />
        <source>SMTP server:</source>
        <translation>SMTP-Server:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="25" />
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS (Port 587)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="26" />
        <source>Implicit TLS (port 465)</source>
        <translation>Implizites TLS (Port 465)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="27" />
        <source>None – local relay only</source>
        <translation>Keine – nur lokales Relay</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="29" />
        <source>Security:</source>
        <translation>Sicherheit:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="32" />
        <source>default</source>
        <translation>Vorgabe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="33" />
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="34" />
        <source>empty: no login</source>
        <translation>leer: keine Anmeldung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="35" />
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="39" />
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="44" />
        <source>e.g. EW Seeland &lt;rechnung@ew-seeland.ch&gt; (default: the company's e-mail)</source>
        <translation>z. B. EW Seeland &lt;rechnung@ew-seeland.ch&gt; (Vorgabe: die E-Mail der Firma)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="47" />
        <source>Sender (From):</source>
        <translation>Absender (From):</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="48" />
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="49" />
        <source>Reply-To:</source>
        <translation>Antwort an:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="52" />
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="53" />
        <source> per minute</source>
        <translation> pro Minute</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="54" />
        <source>Rate limit:</source>
        <translation>Sendelimite:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="59" />
        <source>Connections used in parallel for a batch (1-4). More than one is faster when the server allows that many at once; the rate limit is shared.</source>
        <translation>Gleichzeitig genutzte Verbindungen für einen Stapel (1–4). Mehr als eine ist schneller, wenn der Server so viele gleichzeitig zulässt; die Sendelimite gilt für alle zusammen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="61" />
        <source>Parallel connections:</source>
        <translation>Parallele Verbindungen:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="77" />
        <source>A password is stored in the system keyring ({b}); type a new one to replace it.</source>
        <translation>Ein Passwort ist im Schlüsselbund des Systems gespeichert ({b}); ein neues eingeben, um es zu ersetzen.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="79" />
        <source>The password comes from BILLDESK_SMTP_PASSWORD.</source>
        <translation>Das Passwort kommt aus BILLDESK_SMTP_PASSWORD.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="80" />
        <source>Stored in the system keyring ({b}), never in the settings.</source>
        <translation>Im Schlüsselbund des Systems gespeichert ({b}), nie in den Einstellungen.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="225" />
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="226" />
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="227" />
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="228" />
        <source>completed with errors</source>
        <translation>mit Fehlern abgeschlossen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="229" />
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="230" />
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="231" />
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="232" />
        <source>finalized</source>
        <translation>finalisiert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="233" />
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="234" />
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="235" />
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="236" />
        <source>issued</source>
        <translation>ausgestellt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="237" />
        <source>invoice</source>
        <translation>Rechnung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="238" />
        <source>credit note</source>
        <translation>Gutschrift</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="239" />
        <source>self-billing credit note</source>
        <translation>Gutschrift im Gutschriftsverfahren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="240" />
        <source>strict</source>
        <translation>strikt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="241" />
        <source>lenient</source>
        <translation>tolerant</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="242" />
        <source>create</source>
        <translation>erstellen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="243" />
        <source>create and correct</source>
        <translation>erstellen und korrigieren</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="244" />
        <source>complete</source>
        <translation>vollständig</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="245" />
        <source>incomplete</source>
        <translation>unvollständig</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="246" />
        <source>consumption</source>
        <translation>Verbrauch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="247" />
        <source>production</source>
        <translation>Produktion</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="248" />
        <source>dynamic</source>
        <translation>dynamisch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="249" />
        <source>static</source>
        <translation>fest</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="250" />
        <source>delivered by the grid operator</source>
        <translation>vom Netzbetreiber geliefert</translation>
    </message>
</context>
<context>
    <name>Target</name>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="297" />
        <source>all valid accounts</source>
        <translation>alle gültigen Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="299" />
        <source>group {0}</source>
        <translation>Gruppe {0}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="301" />
        <source>community {0}</source>
        <translation>Gemeinschaft {0}</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/formats.py" line="305" />
        <source>{0} account(s): {1}</source>
        <translation>{0} Kunde(n): {1}</translation>
    </message>
</context>
<context>
    <name>TargetPage</name>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="129" />
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="130" />
        <source>Which accounts does the run bill? The list is resolved and frozen when the run is created.</source>
        <translation>Welche Kunden rechnet der Lauf ab? Die Liste wird beim Erstellen des Laufs bestimmt und eingefroren.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="134" />
        <source>All valid accounts</source>
        <translation>Alle gültigen Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="135" />
        <source>Customer group</source>
        <translation>Kundengruppe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="136" />
        <source>Energy community</source>
        <translation>Energiegemeinschaft</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="137" />
        <source>Selected accounts</source>
        <translation>Ausgewählte Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="142" />
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="155" />
        <source>Search account, name or city</source>
        <translation>Kunde, Name oder Ort suchen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="174" />
        <source>Counting accounts…</source>
        <translation>Kunden werden gezählt…</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="181" />
        <source>{n} accounts are supplied in the period and have a tariff and a metering point.</source>
        <translation>{n} Kunden werden in der Periode beliefert und haben einen Tarif und einen Messpunkt.</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/wizard.py" line="201" />
        <source>{n} account(s) selected</source>
        <translation>{n} Kunde(n) ausgewählt</translation>
    </message>
</context>
<context>
    <name>Tariffs</name>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="24" />
        <source>base fee</source>
        <translation>Grundgebühr</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="25" />
        <source>energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="26" />
        <source>grid usage</source>
        <translation>Netznutzung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="27" />
        <source>power charge</source>
        <translation>Leistungspreis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="28" />
        <source>levy</source>
        <translation>Abgabe</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="29" />
        <source>feed-in compensation</source>
        <translation>Rückliefervergütung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="30" />
        <source>community energy</source>
        <translation>Gemeinschaftsenergie</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="36" />
        <source>flat</source>
        <translation>einheitlich</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="37" />
        <source>time of use</source>
        <translation>Zeitfenster</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="38" />
        <source>dynamic</source>
        <translation>dynamisch</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="43" />
        <source>Monday–Friday</source>
        <translation>Montag–Freitag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="44" />
        <source>Saturday</source>
        <translation>Samstag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="45" />
        <source>Sunday</source>
        <translation>Sonntag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="46" />
        <source>weekend</source>
        <translation>Wochenende</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="47" />
        <source>public holiday</source>
        <translation>Feiertag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="48" />
        <source>every day</source>
        <translation>jeden Tag</translation>
    </message>
</context>
<context>
    <name>TariffsModel</name>
    <message>
        <location filename="../../billdesk/gui/models.py" line="384" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="384" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="385" />
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="385" />
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="386" />
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="386" />
        <source>Latest valid from</source>
        <translation>Neueste gültig ab</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/models.py" line="387" />
        <source>Accounts</source>
        <translation>Kunden</translation>
    </message>
</context>
<context>
    <name>TariffsPage</name>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="98" />
        <source>Versions (all):</source>
        <translation>Versionen (alle):</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="99" />
        <source>Valid from</source>
        <translation>Gültig ab</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="99" />
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="100" />
        <source>Components</source>
        <translation>Komponenten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="106" />
        <source>Time-of-use schedule of the version:</source>
        <translation>Zeitfenster (Hoch-/Niedertarif) der Version:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="107" />
        <source>Days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="107" />
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="107" />
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="108" />
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="116" />
        <source>Components of the version:</source>
        <translation>Komponenten der Version:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="118" />
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="118" />
        <source>Pricing</source>
        <translation>Preisart</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="118" />
        <source>Label</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="119" />
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="119" />
        <source>VAT</source>
        <translation>MWST</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="120" />
        <source>Labels by language</source>
        <translation>Bezeichnungen nach Sprache</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="126" />
        <source>Tariffs</source>
        <translation>Tarife</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="137" />
        <source>Index prices</source>
        <translation>Indexpreise</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="178" />
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="195" />
        <source>Components of {code}, valid from {d}:</source>
        <translation>Komponenten von {code}, gültig ab {d}:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="212" />
        <source>any other time</source>
        <translation>übrige Zeit</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="215" />
        <source>no time-of-use periods</source>
        <translation>keine Zeitfenster</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/tariffs_page.py" line="224" />
        <source>{code}: latest {n} prices</source>
        <translation>{code}: neueste {n} Preise</translation>
    </message>
</context>
<context>
    <name>TemplatesTab</name>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="106" />
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="112" />
        <source>Document:</source>
        <translation>Dokument:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="114" />
        <source>Invoice</source>
        <translation>Rechnung</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="115" />
        <source>Credit note</source>
        <translation>Gutschrift</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="122" />
        <source>Subject:</source>
        <translation>Betreff:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="127" />
        <source>Placeholders: </source>
        <translation>Platzhalter: </translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/settings_mail.py" line="128" />
        <source> — formatted for the customer's language. Clear a field to go back to the default.</source>
        <translation> — in der Sprache des Kunden formatiert. Ein Feld leeren, um zur Vorgabe zurückzukehren.</translation>
    </message>
</context>
<context>
    <name>ThresholdsForm</name>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="45" />
        <source>missing (accept everything)</source>
        <extracomment>the run actions that only read (all an audit package offers; runs_page.actions_for)</extracomment>
        <translation>fehlend (alles akzeptieren)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="47" />
        <source>estimated</source>
        <translation>geschätzt</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="49" />
        <source>substituted</source>
        <translation>Ersatzwert</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="51" />
        <source>measured only</source>
        <translation>nur gemessen</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="54" />
        <source>Worst accepted flag:</source>
        <translation>Schlechteste akzeptierte Qualität:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="60" />
        <source>Minimum measured share:</source>
        <translation>Minimaler Anteil gemessen:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="64" />
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="67" />
        <source>Maximum missing intervals:</source>
        <translation>Maximal fehlende Intervalle:</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="74" />
        <source>A bill deviating from the account's previous bill by more than this factor (up or down) fails with IMPLAUSIBLE_AMOUNT instead of being issued</source>
        <translation>Eine Rechnung, die um mehr als diesen Faktor (nach oben oder unten) von der vorherigen Rechnung des Kunden abweicht, scheitert mit IMPLAUSIBLE_AMOUNT, statt ausgestellt zu werden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/run_actions.py" line="78" />
        <source>Implausible amount factor:</source>
        <translation>Faktor für unplausible Beträge:</translation>
    </message>
</context>
<context>
    <name>TraceModel</name>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="58" />
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="58" />
        <source>Line</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="58" />
        <source>Quantity × unit price</source>
        <translation>Menge × Einzelpreis</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="59" />
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="59" />
        <source>Energy priced</source>
        <translation>Verrechnete Energie</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="59" />
        <source>Intervals</source>
        <translation>Intervalle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="60" />
        <source>Interval sum</source>
        <translation>Summe der Intervalle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="60" />
        <source>Check</source>
        <translation>Kontrolle</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="85" />
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/bill_explain.py" line="85" />
        <source>differs</source>
        <translation>weicht ab</translation>
    </message>
</context>
<context>
    <name>WorkersModel</name>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="26" />
        <source>Worker (host:pid)</source>
        <translation>Worker (Host:PID)</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="26" />
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="27" />
        <source>Accounts</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="27" />
        <source>Batches</source>
        <translation>Stapel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="28" />
        <source>Accounts/s</source>
        <translation>Kunden/s</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="28" />
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="29" />
        <source>Last batch</source>
        <translation>Letzter Stapel</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="29" />
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="33" />
        <source>run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="33" />
        <source>joined</source>
        <translation>beigetreten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="33" />
        <source>worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="38" />
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <location filename="../../billdesk/gui/workers_model.py" line="38" />
        <source>working</source>
        <translation>arbeitet</translation>
    </message>
</context>
</TS>