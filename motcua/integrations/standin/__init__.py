"""A local stand-in for the National Public Service Portal's status-sync endpoint.

It implements the contract published in docs/decisions/0063-portal-sync-contract.md, over
real HTTP, so tests and demos exercise the adapter end to end without the real Portal.
"""

from motcua.integrations.standin.server import PortalStandin, validate_record

__all__ = ["PortalStandin", "validate_record"]
