"""Accounts of the review app and their sign-in sessions, in the catalog.

Everyone who opens sealed material must be accountable (Measures art. 10), so
the review app serves nothing without an account, and the audit log names the
account behind every view and decision. Account names are short ASCII handles
("wang.li"), never a person's name written in Chinese: they go into the audit log,
which refuses CJK text.

Passwords are stored only as argon2id hashes (memory-hard, so a stolen catalog
does not yield passwords cheaply). A session is a random token held in the
browser's cookie; the catalog keeps only its SHA-256, so a copy of the catalog
cannot be replayed as a signed-in browser. Sessions end after `idle` without a
request and at the latest `lifetime` after sign-in. Five wrong passwords in a
row lock the account for a quarter of an hour. The count is kept by the database
itself (one conditional UPDATE per guess), so guesses sent in parallel are each
counted, and a right password only signs in if the same statement still finds
the account unlocked.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Boolean, Column, ForeignKey, Integer, MetaData, String, Table, case, delete, insert, or_, select, update,
)
from sqlalchemy.exc import IntegrityError

from archive.store import Store
from models.errors import ConflictError, ExitCode, FengcunError, NotFoundError

ROLES = ("reviewer", "operator", "auditor")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
MIN_PASSWORD_LENGTH = 12
MAX_FAILED_SIGN_INS = 5
LOCKOUT = dt.timedelta(minutes=15)

metadata = MetaData()
accounts = Table(
    "accounts", metadata,
    Column("name", String(32), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("failed_sign_ins", Integer, nullable=False, default=0),
    Column("locked_until", String(32)),
    Column("disabled", Boolean, nullable=False, default=False),
)
review_sessions = Table(
    "review_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account", String(32), ForeignKey("accounts.name", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)


class AccountError(FengcunError):
    """An account cannot be made or changed as asked: its name, role or password is not
    acceptable (one that exists already is a `ConflictError`)."""

    exit_code = ExitCode.validation_failed
    fix = "give a name, role and password as the message above says and try again"


@dataclass(frozen=True)
class Account:
    name: str
    role: str

    @property
    def actor(self) -> str:
        """How the audit log names this account: "reviewer:wang.li"."""
        return f"{self.role}:{self.name}"


@dataclass(frozen=True)
class Session:
    account: Account
    csrf_token: str       # echoed by every form of this session
    expires_at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class Accounts:
    """The accounts and sessions of one store's catalog."""

    def __init__(self, store: Store, *, idle: dt.timedelta = dt.timedelta(minutes=30),
                 lifetime: dt.timedelta = dt.timedelta(hours=8),
                 hasher: PasswordHasher | None = None) -> None:
        self.store = store
        self.idle = idle
        self.lifetime = lifetime
        self._hasher = hasher or PasswordHasher()

    @functools.cached_property
    def _dummy_hash(self) -> str:
        """Verified against when the name is unknown, so a wrong name costs as long as a wrong password."""
        return self._hasher.hash(secrets.token_urlsafe(16))

    # -- accounts --------------------------------------------------------------------------------
    def add(self, name: str, role: str, password: str) -> Account:
        if not NAME_PATTERN.match(name):
            raise AccountError("an account name is 2-32 characters: lower-case ASCII letters, digits, "
                               "'.', '_' or '-', starting with a letter (not a person's name in Chinese)")
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
        try:
            with self.store.engine.begin() as conn:
                conn.execute(insert(accounts).values(
                    name=name, role=role, password_hash=self._hasher.hash(password),
                    created_at=_now().isoformat(), failed_sign_ins=0, disabled=False))
                self.store.audit.append("operator", "account.added", connection=conn,
                                        account=name, role=role)
        except IntegrityError:
            raise ConflictError(f"account {name} exists already") from None
        self.store.audit.checkpoint()
        return Account(name, role)

    def get(self, name: str) -> Account | None:
        with self.store.engine.connect() as conn:
            row = conn.execute(select(accounts.c.name, accounts.c.role)
                               .where(accounts.c.name == name, accounts.c.disabled.is_(False))).first()
        return Account(row.name, row.role) if row else None

    def authenticate(self, name: str, password: str) -> Account | None:
        """The account when the password is right and the account is neither disabled nor
        locked; None otherwise, without saying which (that would help a guesser)."""
        with self.store.engine.connect() as conn:
            row = conn.execute(select(accounts).where(accounts.c.name == name)).first()
        if row is None:
            self._verify(self._dummy_hash, password)
            return None
        now = _now()
        locked = row.locked_until is not None and row.locked_until > now.isoformat()
        ok = self._verify(row.password_hash, password) and not locked and not row.disabled
        with self.store.engine.begin() as conn:
            if ok:
                values: dict[str, object] = {"failed_sign_ins": 0, "locked_until": None}
                if self._hasher.check_needs_rehash(row.password_hash):
                    values["password_hash"] = self._hasher.hash(password)
                # still unlocked now, after the slow hash: parallel wrong guesses may have locked it
                ok = conn.execute(update(accounts).where(
                    accounts.c.name == name, accounts.c.disabled.is_(False),
                    or_(accounts.c.locked_until.is_(None), accounts.c.locked_until <= now.isoformat()))
                    .values(**values)).rowcount == 1
            else:
                # counted by the database in one statement: no guess is lost to a parallel one
                reaches = accounts.c.failed_sign_ins + 1 >= MAX_FAILED_SIGN_INS
                conn.execute(update(accounts).where(accounts.c.name == name).values(
                    failed_sign_ins=case((reaches, 0), else_=accounts.c.failed_sign_ins + 1),
                    locked_until=case((reaches, (now + LOCKOUT).isoformat()), else_=accounts.c.locked_until)))
        return Account(row.name, row.role) if ok else None

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    # -- sessions --------------------------------------------------------------------------------
    def open_session(self, account: Account) -> tuple[str, Session]:
        """A new session; returns the token for the cookie (never stored) and the session."""
        token = secrets.token_urlsafe(32)
        now = _now()
        session = Session(account, secrets.token_urlsafe(32), min(now + self.idle, now + self.lifetime))
        with self.store.engine.begin() as conn:
            conn.execute(delete(review_sessions).where(review_sessions.c.expires_at < now.isoformat()))
            conn.execute(insert(review_sessions).values(
                token_hash=_token_hash(token), account=account.name, csrf_token=session.csrf_token,
                created_at=now.isoformat(), expires_at=session.expires_at.isoformat()))
        return token, session

    def session(self, token: str) -> Session | None:
        """The live session of a cookie token, its idle deadline pushed on; None when unknown,
        expired, or its account was disabled."""
        digest = _token_hash(token)
        now = _now()
        query = select(review_sessions, accounts.c.role, accounts.c.disabled).join(
            accounts, accounts.c.name == review_sessions.c.account).where(
            review_sessions.c.token_hash == digest)
        with self.store.engine.begin() as conn:
            row = conn.execute(query).first()
            if row is None:
                return None
            if row.expires_at <= now.isoformat() or row.disabled:
                conn.execute(delete(review_sessions).where(review_sessions.c.token_hash == digest))
                return None
            created = dt.datetime.fromisoformat(row.created_at)
            expires = min(now + self.idle, created + self.lifetime)
            conn.execute(update(review_sessions).where(review_sessions.c.token_hash == digest)
                         .values(expires_at=expires.isoformat()))
        return Session(Account(row.account, row.role), row.csrf_token, expires)

    def close_session(self, token: str) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(delete(review_sessions).where(review_sessions.c.token_hash == _token_hash(token)))

    # -- administration (`fengcun users`) -------------------------------------------------------
    def listing(self) -> list[AccountRow]:
        """Every account with its state, by name: no hashes, no sessions."""
        now = _now().isoformat()
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(accounts).order_by(accounts.c.name)).all()
        return [AccountRow(r.name, r.role, r.created_at, bool(r.disabled),
                           r.locked_until if r.locked_until and r.locked_until > now else None) for r in rows]

    def disable(self, name: str, actor: str) -> None:
        """Disable an account for good and end its sessions at once; audited. Its name stays
        in the audit log's entries, so it is never deleted or reused."""
        with self.store.engine.begin() as conn:
            changed = conn.execute(update(accounts).where(accounts.c.name == name, accounts.c.disabled.is_(False))
                                   .values(disabled=True)).rowcount
            if not changed:
                raise NotFoundError(f"no enabled account {name}")
            conn.execute(delete(review_sessions).where(review_sessions.c.account == name))
            self.store.audit.append(actor, "account.disabled", connection=conn, account=name)
        self.store.audit.checkpoint()

    def set_password(self, name: str, password: str, actor: str) -> None:
        """A new password for an account: unlocks it and ends its sessions; audited."""
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
        with self.store.engine.begin() as conn:
            changed = conn.execute(update(accounts).where(accounts.c.name == name).values(
                password_hash=self._hasher.hash(password), failed_sign_ins=0, locked_until=None)).rowcount
            if not changed:
                raise NotFoundError(f"no account {name}")
            conn.execute(delete(review_sessions).where(review_sessions.c.account == name))
            self.store.audit.append(actor, "account.password_set", connection=conn, account=name)
        self.store.audit.checkpoint()


@dataclass(frozen=True)
class AccountRow:
    """An account as `fengcun users list` shows it."""
    name: str
    role: str
    created_at: str
    disabled: bool
    locked_until: str | None
