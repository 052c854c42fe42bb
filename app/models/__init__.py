"""All tables, imported here so Alembic and the metadata see every one."""

from app.models.audit import AuditEntry
from app.models.auth import ApiKey
from app.models.decisions import (
    DecisionEvent,
    DecisionStatus,
    MatchDecision,
    ScoringWeights,
    StoredSuggestion,
    SuggestionBatch,
)
from app.models.enterprise import Enterprise, Qualification, enterprise_chains
from app.models.enums import (
    ApiRole,
    DemandStatus,
    EnterpriseRole,
    ItemCategory,
    QualificationKind,
    SizeClass,
    SupplyStatus,
)
from app.models.events import (
    Event,
    EventDemandItem,
    EventMeeting,
    EventMeetingRequest,
    EventParticipant,
    EventShortlistEntry,
    EventSlot,
    EventTable,
    EventType,
    MeetingOutcome,
    ParticipantSide,
    ParticipantStatus,
    event_chains,
)
from app.models.index_state import IndexChange, IndexState
from app.models.items import DemandItem, IntendedCustomer, SupplyItem
from app.models.reference import IndustryChain
from app.models.substitution import BrandEntry, EquivalenceSource, PartEquivalence
from app.models.users import Invitation, SupplyInterest, User, UserStatus, WebSession

__all__ = [
    "Invitation",
    "SupplyInterest",
    "User",
    "UserStatus",
    "WebSession",
    "ApiKey",
    "AuditEntry",
    "BrandEntry",
    "EquivalenceSource",
    "PartEquivalence",
    "ApiRole",
    "DecisionEvent",
    "DecisionStatus",
    "DemandItem",
    "DemandStatus",
    "Enterprise",
    "EnterpriseRole",
    "Event",
    "event_chains",
    "EventDemandItem",
    "EventMeeting",
    "EventMeetingRequest",
    "EventParticipant",
    "EventShortlistEntry",
    "EventSlot",
    "EventTable",
    "EventType",
    "IndexChange",
    "IndexState",
    "IndustryChain",
    "IntendedCustomer",
    "ItemCategory",
    "MatchDecision",
    "MeetingOutcome",
    "ParticipantSide",
    "ParticipantStatus",
    "Qualification",
    "QualificationKind",
    "ScoringWeights",
    "SizeClass",
    "StoredSuggestion",
    "SuggestionBatch",
    "SupplyItem",
    "SupplyStatus",
    "enterprise_chains",
]
