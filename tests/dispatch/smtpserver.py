"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1 (plain, STARTTLS or implicit TLS,
optionally with a login), recording every accepted message; it can refuse recipients
(permanently or for a number of tries) and drop the connection at chosen messages."""

from __future__ import annotations

import datetime as dt
import email
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed_cert(folder: Path, host: str = "localhost") -> tuple[Path, Path]:
    """A self-signed certificate for ``host`` and 127.0.0.1 (cryptography), as PEM files."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.DNSName(host), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes
    peer: str
    tls: bool
    auth: str | None

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=policy.default)


@dataclass
class Recorder:
    messages: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)          # 550 at RCPT
    defer: dict[str, int] = field(default_factory=dict)    # 451 at RCPT this many times
    drop_at_rcpt: set[int] = field(default_factory=set)    # abort at the n-th RCPT (1-based)
    drop_after_data: set[int] = field(default_factory=set)  # abort after the n-th DATA
    delay: float = 0.0                                  # seconds before answering DATA
    refuse_connections_after: int = 0                   # drop every connection after the n-th
    rcpts: int = 0
    datas: int = 0
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.connections += 1
            if self.refuse_connections_after and \
                    self.connections > self.refuse_connections_after:
                server.transport.abort()
                return "421 4.7.0 too many connections"
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.rcpts += 1
            n = self.rcpts
            if n in self.drop_at_rcpt:
                server.transport.abort()
                return "421 4.4.2 closing"
            if address in self.refuse:
                return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
            if self.defer.get(address, 0) > 0:
                self.defer[address] -= 1
                return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            import asyncio

            await asyncio.sleep(self.delay)
        with self.lock:
            self.datas += 1
            n = self.datas
            self.messages.append(Received(
                envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content),
                str(session.peer),
                server.transport.get_extra_info("ssl_object") is not None,
                getattr(session, "bd_user", None)))
            number = len(self.messages)
            if n in self.drop_after_data:       # accepted, but the answer never arrives
                server.transport.abort()
                return "250 lost"
        return f"250 2.0.0 Ok: queued as Q{number:06d}"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)


class _Auth:
    def __init__(self, user: str, password: str):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == self.user \
            and auth_data.password == self.password
        if ok:
            session.bd_user = auth_data.login.decode()
        return AuthResult(success=ok, handled=False)


class SmtpServer:
    """``with SmtpServer(mode="none"|"starttls"|"tls", cert=..., user=..., password=...)``"""

    def __init__(self, mode: str = "none", *, cert: tuple[Path, Path] | None = None,
                 user: str | None = None, password: str | None = None):
        self.mode = mode
        self.recorder = Recorder()
        self.port = free_port()
        kwargs = {}
        ctx = None
        if cert:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(str(cert[0]), str(cert[1]))
        if mode == "tls":
            kwargs["ssl_context"] = ctx
        elif mode == "starttls":
            kwargs["tls_context"] = ctx
            kwargs["require_starttls"] = True
        if user:
            kwargs["authenticator"] = _Auth(user, password or "")
            kwargs["auth_required"] = True
            # implicit TLS: aiosmtpd only knows STARTTLS as "TLS"; the socket is TLS already
            kwargs["auth_require_tls"] = mode == "starttls"
        import warnings

        with warnings.catch_warnings():
            # implicit TLS with a login: aiosmtpd warns as it cannot see the TLS socket
            warnings.simplefilter("ignore")
            self.controller = Controller(self.recorder, hostname="127.0.0.1",
                                         port=self.port, server_hostname="localhost",
                                         ready_timeout=10, data_size_limit=0, **kwargs)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def messages(self) -> list[Received]:
        return self.recorder.messages
