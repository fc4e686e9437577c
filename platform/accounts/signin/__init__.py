"""Signing in across the network: sessions that know their network session, tickets, passwords.

See ARCHITECTURE.md, "One sign-in for the network". A Django app of its own
(label ``signin``, public schema) so its tables and migrations stay apart from
``accounts``'.
"""
