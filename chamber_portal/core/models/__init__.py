from .audit import AuditEvent
from .calendar import CalendarException
from .mrp import MonthlyCalculationIndex
from .notifications import Notification, OutgoingEmail
from .regions import Region
from .security import AccessAction, ApiToken, PersonalDataAccess, SecurityEvent, SecurityEventKind
from .users import Role, User

__all__ = [
    "AccessAction", "ApiToken", "AuditEvent", "CalendarException", "MonthlyCalculationIndex", "Notification",
    "OutgoingEmail", "PersonalDataAccess", "Region", "Role", "SecurityEvent", "SecurityEventKind", "User",
]
