"""The session engine (settings.SESSION_ENGINE): Django's database sessions in ``signin.Session``."""
from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

#: the session's key holding the id of its network session (accounts.signin.sso)
NETWORK_SESSION_KEY = "_cppcc_network_session"


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from accounts.signin.models import Session

        return Session

    def create_model_instance(self, data):
        row = super().create_model_instance(data)
        try:
            row.user_id = int(data[SESSION_KEY]) if data.get(SESSION_KEY) else None
        except (TypeError, ValueError):
            row.user_id = None
        row.network_id = str(data.get(NETWORK_SESSION_KEY) or "")[:32]
        return row
