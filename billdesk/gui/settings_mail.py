"""Settings tabs for e-mail: the SMTP server and the message templates (stored in the
database, the same keys as ``billdesk settings``; the password in the system keyring)."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget)

from billdesk.store.credentials import keyring_backend
from billdesk.store.mail_templates import DEFAULTS, KINDS, LANGUAGES, PLACEHOLDERS


class SmtpTab(QWidget):
    FIELDS = ("host", "port", "security", "user", "sender", "reply_to", "rate_per_minute",
              "connections")

    def __init__(self, parent=None):
        super().__init__(parent)
        form = QFormLayout(self)
        self.host = QLineEdit(placeholderText="smtp.example.ch")
        self.host.setObjectName("smtpHost")
        form.addRow(self.tr("SMTP server:"), self.host)
        self.security = QComboBox()
        self.security.setObjectName("smtpSecurity")
        for key, text in (("starttls", self.tr("STARTTLS (port 587)")),
                          ("tls", self.tr("Implicit TLS (port 465)")),
                          ("none", self.tr("None – local relay only"))):
            self.security.addItem(text, key)
        form.addRow(self.tr("Security:"), self.security)
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(self.tr("default"))
        form.addRow(self.tr("Port:"), self.port)
        self.user = QLineEdit(placeholderText=self.tr("empty: no login"))
        form.addRow(self.tr("User:"), self.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName("smtpPassword")
        form.addRow(self.tr("Password:"), self.password)
        self.password_note = QLabel()
        self.password_note.setWordWrap(True)
        self.password_note.setStyleSheet("color: #555")
        form.addRow("", self.password_note)
        self.sender = QLineEdit(placeholderText=self.tr("e.g. EW Seeland <rechnung@ew-seeland.ch>"
                                                        " (default: the company's e-mail)"))
        self.sender.setObjectName("smtpSender")
        form.addRow(self.tr("Sender (From):"), self.sender)
        self.reply_to = QLineEdit(placeholderText=self.tr("optional"))
        form.addRow(self.tr("Reply-To:"), self.reply_to)
        self.rate = QSpinBox()
        self.rate.setRange(0, 100000)
        self.rate.setSpecialValueText(self.tr("no limit"))
        self.rate.setSuffix(self.tr(" per minute"))
        form.addRow(self.tr("Rate limit:"), self.rate)
        self.connections = QSpinBox()              # smtp.connections (billdesk/dispatch)
        self.connections.setObjectName("smtpConnections")
        self.connections.setRange(1, 4)
        self.connections.setToolTip(self.tr(
            "Connections used in parallel for a batch (1-4). More than one is faster when "
            "the server allows that many at once; the rate limit is shared."))
        form.addRow(self.tr("Parallel connections:"), self.connections)
        self._loaded = False

    def load(self, shown: dict) -> None:
        smtp = shown["smtp"]
        stored = set(shown.get("stored", ()))
        self.host.setText(smtp.get("host") or "")
        self.security.setCurrentIndex(max(self.security.findData(smtp.get("security")), 0))
        self.port.setValue(int(smtp["port"]) if "smtp.port" in stored else 0)
        self.user.setText(smtp.get("user") or "")
        self.sender.setText(smtp.get("sender") or "")
        self.reply_to.setText(smtp.get("reply_to") or "")
        self.rate.setValue(int(smtp.get("rate_per_minute") or 0))
        self.connections.setValue(int(smtp.get("connections") or 1))
        source = shown.get("smtp_password")
        self.password_note.setText(
            {"keyring": self.tr("A password is stored in the system keyring ({b}); type a new "
                                "one to replace it."),
             "environment": self.tr("The password comes from BILLDESK_SMTP_PASSWORD."),
             }.get(source, self.tr("Stored in the system keyring ({b}), never in the "
                                   "settings.")).format(b=keyring_backend()))
        self._loaded = True

    def values(self) -> dict:
        if not self._loaded:
            return {}
        return {"smtp.host": self.host.text().strip(),
                "smtp.security": self.security.currentData(),
                "smtp.port": str(self.port.value()) if self.port.value() else "",
                "smtp.user": self.user.text().strip(),
                "smtp.sender": self.sender.text().strip(),
                "smtp.reply_to": self.reply_to.text().strip(),
                "smtp.rate_per_minute": str(self.rate.value()) if self.rate.value() else "",
                # 1 is the default: stored as "not set", as the port's "default"
                "smtp.connections": str(self.connections.value())
                if self.connections.value() != 1 else ""}


class TemplatesTab(QWidget):
    """Subject and body per language and kind; the default is shown until changed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Language:")))
        self.language = QComboBox()
        self.language.setObjectName("templateLanguage")
        for lang, name in zip(LANGUAGES, ("Deutsch", "Français", "Italiano", "English")):
            self.language.addItem(name, lang)
        row.addWidget(self.language)
        row.addWidget(QLabel(self.tr("Document:")))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Invoice"), "invoice")
        self.kind.addItem(self.tr("Credit note"), "credit_note")
        row.addWidget(self.kind)
        row.addStretch(1)
        lay.addLayout(row)
        form = QFormLayout()
        self.subject = QLineEdit()
        self.subject.setObjectName("templateSubject")
        form.addRow(self.tr("Subject:"), self.subject)
        lay.addLayout(form)
        self.body = QPlainTextEdit()
        self.body.setObjectName("templateBody")
        lay.addWidget(self.body, 1)
        hint = QLabel(self.tr("Placeholders: ") + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
                      + self.tr(" — formatted for the customer's language. Clear a field to "
                                "go back to the default."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")
        lay.addWidget(hint)
        self.texts = {(lang, k): dict(DEFAULTS[lang][k]) for lang in LANGUAGES for k in KINDS}
        self._current = None
        self._loaded = False
        self.language.currentIndexChanged.connect(self._switch)
        self.kind.currentIndexChanged.connect(self._switch)
        self._switch()

    def _keep(self) -> None:
        if self._current is not None:
            lang, kind = self._current
            self.texts[(lang, kind)] = {
                "subject": self.subject.text().strip() or DEFAULTS[lang][kind]["subject"],
                "body": self.body.toPlainText().strip() and self.body.toPlainText()
                or DEFAULTS[lang][kind]["body"]}

    def _switch(self) -> None:
        self._keep()
        key = (self.language.currentData(), self.kind.currentData())
        self._current = key
        self.subject.setText(self.texts[key]["subject"])
        self.body.setPlainText(self.texts[key]["body"])

    def load(self, shown: dict) -> None:
        for lang, kinds in shown["email_templates"].items():
            for kind, t in kinds.items():
                self.texts[(lang, kind)] = {"subject": t["subject"], "body": t["body"]}
        self._current = None
        self._switch()
        self._loaded = True

    def values(self) -> dict:
        if not self._loaded:
            return {}
        self._keep()
        out = {}
        for (lang, kind), t in self.texts.items():
            for part in ("subject", "body"):
                out[f"email.{lang}.{kind}.{part}"] = t[part]
        return out
